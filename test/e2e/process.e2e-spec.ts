import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { signTc3 } from '../../src/gateway/signature/tc3.js';
import { findOnPath } from '../../src/infra/embedded.js';
import { freePort, testEnv, ROOT_SECRET_ID, ROOT_SECRET_KEY } from '../support/app.js';
import { sdkError, tdmqClient } from '../support/sdk.js';

/** The built service (`npm start` runs this) as a real process. */
interface Service {
  proc: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function startService(env: Record<string, string | undefined>, port: number): Service {
  let output = '';
  const clean = Object.fromEntries(
    Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined),
  ) as NodeJS.ProcessEnv;
  const proc = spawn(process.execPath, ['dist/src/main.js'], {
    env: clean,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => resolve(code)),
  );
  // Strip the logger's ANSI colours.
  // eslint-disable-next-line no-control-regex
  return { proc, port, output: () => output.replace(/\x1b\[[0-9;]*m/g, ''), exited };
}

async function ready(s: Service, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (s.proc.exitCode !== null) throw new Error(`the service exited early:\n${s.output()}`);
    const ok = await fetch(`http://127.0.0.1:${s.port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const endpointOf = (port: number) => ({ endpoint: `127.0.0.1:${port}` });

describe('graceful shutdown', () => {
  it('finishes a request that is still uploading when SIGTERM arrives, refuses new connections, exits 0', async () => {
    const port = await freePort();
    const s = startService({ ...testEnv(), PORT: String(port), LOG_LEVEL: 'warn' }, port);
    try {
      await ready(s, 30_000);
      const body = JSON.stringify({ Offset: 0, Limit: 1, NameKeyword: 'none' });
      const ts = Math.floor(Date.now() / 1000);
      const headers = {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
        'X-TC-Action': 'DescribeRocketMQClusters',
        'X-TC-Version': '2020-02-17',
        'X-TC-Timestamp': String(ts),
        Authorization: signTc3({
          secretId: ROOT_SECRET_ID,
          secretKey: ROOT_SECRET_KEY,
          service: 'tdmq',
          timestamp: ts,
          method: 'POST',
          host: '127.0.0.1',
          contentType: 'application/json',
          payload: body,
        }),
      };
      const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode!, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10)); // the request is in flight: headers and part of the body sent
        setTimeout(() => {
          s.proc.kill('SIGTERM');
          setTimeout(async () => {
            expect(await portOpen(port)).toBe(false); // no new connections while draining
            req.end(body.slice(10));
          }, 500);
        }, 300);
      });
      const r = await reply;
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text).Response).toMatchObject({ TotalCount: expect.any(Number) });
      expect(await s.exited).toBe(0);
    } finally {
      s.proc.kill('SIGKILL');
    }
  });
});

describe('the quick start: no DATABASE_URL, no REDIS_URL, no keys configured', () => {
  const hasRedisServer = !!findOnPath('redis-server');

  it('starts an embedded Postgres and a redis-server, prints a root key once, keeps data across restarts', async () => {
    if (!hasRedisServer)
      throw new Error('redis-server is not on PATH: the quick start needs it (see README)');
    const dataDir = join(mkdtempSync(join(tmpdir(), 'rmq-quickstart-')), 'data');
    chmodSync(dirname(dataDir), 0o755); // as root, the embedded Postgres runs as the postgres user
    const [port, pgPort, redisPort] = [await freePort(), await freePort(), await freePort()];
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      EMBEDDED_REDIS_PORT: String(redisPort),
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      ROOT_SECRET_ID: undefined,
      ROOT_SECRET_KEY: undefined,
      MASTER_KEY: undefined,
      QUEUE_PREFIX: undefined,
      LOG_LEVEL: 'log',
    };

    const first = startService(env, port);
    let secretId: string;
    let secretKey: string;
    let clusterId: string;
    try {
      await ready(first, 90_000);
      const log = first.output();
      secretId = /SecretId:\s+(\S+)/.exec(log)![1];
      secretKey = /SecretKey:\s+(\S+)/.exec(log)![1];
      expect(secretId).toMatch(/^AKID[A-Za-z0-9]{32}$/);
      expect(log).toContain('Embedded Postgres listening');
      expect(log).toContain('Started redis-server');
      const client = tdmqClient(endpointOf(port), { secretId, secretKey });
      clusterId = (await client.CreateRocketMQCluster({ Name: 'quickstart' })).ClusterId!;
      first.proc.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(await portOpen(pgPort)).toBe(false); // what it started, it stopped
      expect(await portOpen(redisPort)).toBe(false);
    } finally {
      first.proc.kill('SIGKILL');
    }

    const second = startService(env, port);
    try {
      await ready(second, 90_000);
      expect(second.output()).not.toContain('SecretKey:'); // printed once, on the first boot only
      const client = tdmqClient(endpointOf(port), { secretId, secretKey });
      const d = await client.DescribeRocketMQCluster({ ClusterId: clusterId });
      expect(d.ClusterInfo!.ClusterName).toBe('quickstart');
      expect(
        (
          await sdkError(
            tdmqClient(endpointOf(port), {
              secretId,
              secretKey: 'not-the-key-000000000000000000',
            }).DescribeRocketMQCluster({ ClusterId: clusterId }),
          )
        ).code,
      ).toBe('AuthFailure.SignatureFailure');
      second.proc.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      second.proc.kill('SIGKILL');
    }
  }, 240_000);
});

describe('configuration errors', () => {
  it('stop the process with one line naming the variable', async () => {
    const s = startService({ ...testEnv(), PORT: 'eighty' }, 0);
    expect(await s.exited).toBe(1);
    expect(s.output().trim()).toBe('Configuration error: PORT must be an integer, got "eighty"');
  });

  it('Redis unreachable at start: one line naming it, exit 1 within the start-up time-out', async () => {
    const closed = await freePort();
    const started = Date.now();
    const s = startService(
      {
        ...testEnv(),
        PORT: '0',
        REDIS_URL: `redis://127.0.0.1:${closed}`,
        STARTUP_TIMEOUT_MS: '2000',
      },
      0,
    );
    expect(await s.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const lines = s.output().trim().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^Startup failed: Redis at redis://127.0.0.1:${closed} is unreachable after 2 s \\(.*ECONNREFUSED`,
      ),
    );
    expect(lines.filter((l) => l.includes('ECONNREFUSED')).length).toBeLessThanOrEqual(2);
  });

  it('a database that does not exist: fails at once with one line', async () => {
    const url = new URL(process.env.RMQ_TEST_DATABASE_URL!);
    url.pathname = '/rmq_no_such_database';
    const started = Date.now();
    const s = startService({ ...testEnv(), PORT: '0', DATABASE_URL: url.toString() }, 0);
    expect(await s.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const lines = s.output().trim().split('\n');
    expect(lines.at(-1)).toMatch(
      /^Startup failed: Postgres at postgres:\/\/.+\/rmq_no_such_database refused the connection: database "rmq_no_such_database" does not exist$/,
    );
    expect(s.output()).not.toMatch(/\n\s+at /); // no stack trace
  });
});
