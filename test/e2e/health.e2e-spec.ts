import type { Redis } from 'ioredis';
import { REDIS } from '../../src/jobs/jobs.module.js';
import { WORKER_HEARTBEAT_KEY } from '../../src/jobs/queues.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { until } from '../support/until.js';

describe('health and the worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Its own queue prefix: apps of other test files must not take its jobs.
    t = await startTestApp({ QUEUE_PREFIX: `${process.env.RMQ_TEST_QUEUE_PREFIX}_health` });
  });
  afterAll(() => t.close());

  it('answers /healthz', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('runs BullMQ jobs in-process: the heartbeat job reaches Redis through a worker', async () => {
    const redis = t.app.get<Redis>(REDIS);
    const key = `${t.config.queuePrefix}:${WORKER_HEARTBEAT_KEY}`;
    await redis.del(key);
    // The scheduler fires every 10 s; enqueue one now instead of waiting.
    const { JobQueues } = await import('../../src/jobs/jobs.module.js');
    await t.app.get(JobQueues).enqueue('maintenance', 'heartbeat', {});
    const beat = await until('a heartbeat', async () => (await redis.get(key)) ?? undefined);
    expect(JSON.parse(beat)).toMatchObject({ pid: process.pid, at: expect.any(Number) });
    expect(await redis.ttl(key)).toBeGreaterThan(0);
  });

  it('is ready once Postgres, Redis, migrations and the worker are', async () => {
    const body = await until('readiness', async () => {
      const res = await fetch(`${t.url}/readyz`);
      return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
    });
    expect(body).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok', migrations: 'ok', worker: 'ok' },
    });
  });
});

describe('an API-only process (PROCESS_ROLE=api)', () => {
  it('runs no workers and does not gate readiness on them', async () => {
    const api = await startTestApp({
      PROCESS_ROLE: 'api',
      QUEUE_PREFIX: `${process.env.RMQ_TEST_QUEUE_PREFIX}_apionly`,
    });
    try {
      const res = await fetch(`${api.url}/readyz`);
      const body = (await res.json()) as { status: string; checks: Record<string, string> };
      expect(res.status).toBe(200);
      expect(body.checks.worker).not.toBe('ok'); // nobody consumes this prefix's queue
      const { JobQueues } = await import('../../src/jobs/jobs.module.js');
      const queue = api.app.get(JobQueues).queue('maintenance');
      await api.app.get(JobQueues).enqueue('maintenance', 'heartbeat', {});
      expect(await queue.getWaitingCount()).toBeGreaterThanOrEqual(1);
      await queue.obliterate({ force: true });
    } finally {
      await api.close();
    }
  });
});
