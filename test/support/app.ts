import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';

for (const v of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) delete process.env[v];

export const ROOT_SECRET_ID = 'AKIDrootTestKey0000000000000000000001';
export const ROOT_SECRET_KEY = 'rootTestSecretKey000000000000001';
export const TEST_MASTER_KEY = '00'.repeat(32);

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** host:port, what the SDK takes as endpoint */
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The environment a test service runs with: this run's database and queue prefix. */
export function testEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const databaseUrl = process.env.RMQ_TEST_DATABASE_URL;
  const redisUrl = process.env.RMQ_TEST_REDIS_URL;
  if (!databaseUrl || !redisUrl) throw new Error('run the tests with `npm test`');
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: process.env.RMQ_TEST_QUEUE_PREFIX,
    ROOT_SECRET_ID,
    ROOT_SECRET_KEY,
    MASTER_KEY: TEST_MASTER_KEY,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rmq-test-')),
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    VERIFY_RESPONSE_SERIALIZATION: '1',
    // All test files share one account and region: the per-region cluster quota is tested on its own.
    ACCOUNT_MAX_CLUSTERS_PER_REGION: '100000',
    ...overrides,
  };
}

/** Starts the real API (gateway, docs, workers) in-process on a free port. */
export async function startTestApp(
  overrides: Record<string, string | undefined> = {},
): Promise<TestApp> {
  const port = await freePort();
  const config = loadConfig(testEnv({ PORT: String(port), ...overrides }));
  const app = await createApiApp(config, false);
  await app.listen(port, '127.0.0.1');
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    endpoint: `127.0.0.1:${port}`,
    port,
    close: () => app.close(),
  };
}

let counter = 0;
/** A name no other test in this run uses (names are unique per account and region). */
export function uniqueName(prefix = 't'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`.slice(0, 60);
}
