import { jest } from '@jest/globals';
import MQ from '@aliyunmq/mq-http-sdk';
import { JobQueues } from '../../src/jobs/jobs.module.js';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import { messagingFixture } from '../support/messaging.js';
import { tdmqClient, type TdmqClient } from '../support/sdk.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { until } from '../support/until.js';

/**
 * Redis lost while the service runs (through a proxy the test cuts): the API keeps answering,
 * publishes get a prompt coded ServiceUnavailable instead of hanging, /readyz says why, and
 * publishing resumes within seconds of Redis coming back; no acknowledged message is lost.
 */
interface SdkMessage {
  MessageId: string;
  ReceiptHandle: string;
}
interface SdkError extends Error {
  Code: string;
}
const { MQClient } = MQ as unknown as {
  MQClient: new (
    endpoint: string,
    ak: string,
    sk: string,
  ) => {
    getProducer(
      ns: string,
      topic: string,
    ): { publishMessage(body: string): Promise<{ body: { MessageId: string } }> };
    getConsumer(
      ns: string,
      topic: string,
      group: string,
    ): {
      consumeMessage(n: number, wait: number): Promise<{ body: SdkMessage[] }>;
      ackMessage(handles: string[]): Promise<unknown>;
    };
  };
};

let proxy: TcpProxy;
let t: TestApp;
let tdmq: TdmqClient;
beforeAll(async () => {
  const target = new URL(process.env.RMQ_TEST_REDIS_URL!);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
  t = await startTestApp({
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    // Its own queue prefix: workers of other test files (on the real Redis) must not take its jobs.
    QUEUE_PREFIX: `${process.env.RMQ_TEST_QUEUE_PREFIX}_${uniqueName('outage')}`,
  });
  tdmq = tdmqClient(t);
});
afterAll(async () => {
  await proxy.restore().catch(() => undefined);
  await t.close();
  await proxy.close();
});

const readiness = async () => {
  const res = await fetch(`${t.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
};

it('answers publishes promptly while Redis is away and resumes within seconds of its return', async () => {
  const m = await messagingFixture(tdmq, { permissions: ['produce', 'consume'] });
  const client = new MQClient(m.endpoint, m.token!, 'app');
  const producer = client.getProducer('prod', 'orders');
  await until('the service ready', async () => (await readiness()).status === 200);
  const acked: string[] = [];
  for (let i = 0; i < 5; i++)
    acked.push((await producer.publishMessage(`before ${i}`)).body.MessageId);

  // Every connection notices the outage and retries each second: none may print on its own
  // (the service logs one line when Redis is lost and one when it is back).
  const printed = jest.spyOn(console, 'error');
  await proxy.cut();
  const started = Date.now();
  const during = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      producer.publishMessage(`during ${i}`).then(
        (r) => ({ ok: r.body.MessageId }),
        (e: SdkError) => ({ code: e.Code, message: e.message }),
      ),
    ),
  );
  const answeredIn = Date.now() - started;
  // Any that made it before the cut was noticed were acknowledged: those must survive too.
  for (const d of during) if ('ok' in d) acked.push(d.ok);
  const refused = during.filter((d) => 'code' in d);
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.map((d) => (d as { code: string }).code)).toEqual(
    refused.map(() => 'ServiceUnavailable'),
  );
  expect(answeredIn).toBeLessThan(5_000);
  const down = await until('/readyz to report Redis', async () => {
    const r = await readiness();
    return r.status === 503 && r.body.checks.redis !== 'ok' ? r.body : undefined;
  });
  expect(down.checks.redis).toMatch(/^unreachable \(connection (connecting|reconnecting)\)$/);
  // The control plane does not need Redis to answer.
  const { TotalCount } = await tdmq.DescribeRocketMQTopics({
    ClusterId: m.clusterId,
    NamespaceId: 'prod',
    Offset: 0,
    Limit: 10,
  });
  expect(TotalCount).toBe(1);
  // Consumption needs only Postgres: it goes on (presence is best effort).
  const consumer = client.getConsumer('prod', 'orders', 'billing');
  const seen = new Set<string>();
  const polled = Date.now();
  const early = await consumer.consumeMessage(16, 1);
  expect(Date.now() - polled).toBeLessThan(3_000);
  expect(early.body.length).toBeGreaterThan(0);
  for (const g of early.body) seen.add(g.MessageId);
  await consumer.ackMessage(early.body.map((g) => g.ReceiptHandle));
  // A publish while Redis is down, after the outage was noticed: refused at once.
  const refusedAt = Date.now();
  const late = await producer.publishMessage('late').catch((e: SdkError) => e);
  expect((late as SdkError).Code).toBe('ServiceUnavailable');
  expect(Date.now() - refusedAt).toBeLessThan(1_000);

  await proxy.restore();
  const back = Date.now();
  const resumed = await until(
    'a publish to succeed again',
    () =>
      producer.publishMessage('after').then(
        (r) => r.body.MessageId,
        () => undefined,
      ),
    { timeoutMs: 20_000, everyMs: 100 },
  );
  acked.push(resumed);
  expect(Date.now() - back).toBeLessThan(5_000);
  await until('/readyz ready again', async () => (await readiness()).status === 200);
  expect(printed.mock.calls).toEqual([]);
  printed.mockRestore();

  await until(
    'every acknowledged message consumed',
    async () => {
      const got = await consumer.consumeMessage(16, 1).then(
        (r) => r.body,
        () => [] as SdkMessage[],
      );
      for (const g of got) seen.add(g.MessageId);
      if (got.length) await consumer.ackMessage(got.map((g) => g.ReceiptHandle));
      return acked.every((id) => seen.has(id));
    },
    { timeoutMs: 30_000, everyMs: 10 },
  );
}, 90_000);

it('a producer already waiting for its batch when Redis goes away is answered within seconds', async () => {
  // An API-only process: its storage job is queued but nobody stores it, so the producer is
  // still waiting when Redis is cut (without the loss watch it would wait the 10 s time-out).
  const target = new URL(process.env.RMQ_TEST_REDIS_URL!);
  const own = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
  const api = await startTestApp({
    PROCESS_ROLE: 'api',
    REDIS_URL: `redis://127.0.0.1:${own.port}`,
    QUEUE_PREFIX: `${process.env.RMQ_TEST_QUEUE_PREFIX}_${uniqueName('waiting')}`,
  });
  try {
    const m = await messagingFixture(tdmqClient(api), { permissions: ['produce'] });
    const producer = new MQClient(m.endpoint, m.token!, 'app').getProducer('prod', 'orders');
    const answer = producer.publishMessage('waiting').then(
      () => 'stored',
      (e: SdkError) => e.Code,
    );
    const queue = api.app.get(JobQueues).queue('messages');
    await until('the storage job queued', async () => (await queue.getWaitingCount()) > 0);
    await own.cut();
    const cutAt = Date.now();
    expect(await answer).toBe('ServiceUnavailable');
    expect(Date.now() - cutAt).toBeLessThan(4_000);
  } finally {
    await own.restore();
    // Closed once reconnected: BullMQ's QueueEvents never finishes closing mid-reconnect (the
    // service bounds that wait at 2 s on shutdown, but leaves the connection behind).
    await until('ready again', async () => (await fetch(`${api.url}/readyz`)).status === 200);
    await api.close();
    await own.close();
  }
}, 60_000);
