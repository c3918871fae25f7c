#!/usr/bin/env node
/**
 * `npm test`: finds or starts Postgres and Redis, builds, then runs Jest (native ESM mode).
 *  - Postgres: TEST_DATABASE_URL (an admin URL), else 127.0.0.1:5432 as postgres, else an
 *    embedded Postgres under .data/test-postgres. Each run gets its own database (global setup).
 *  - Redis: TEST_REDIS_URL, else 127.0.0.1:6379, else redis-server from PATH. Each run gets its own key prefix.
 * Extra arguments go to Jest, e.g. `npm test -- test/e2e/clusters.e2e-spec.ts`.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';

const root = resolve(import.meta.dirname, '..');
for (const v of [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'all_proxy',
  'ALL_PROXY',
])
  delete process.env[v];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  return r.status ?? 1;
}

async function postgresReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (run('npx', ['nest', 'build']) !== 0) {
  console.error('Build failed');
  process.exit(1);
}
const { startEmbeddedPostgres, startRedisServer } = await import('../dist/src/infra/embedded.js');
const { Redis } = await import('ioredis');
const log = { log: (m) => console.log(`[test] ${m}`) };
const dataDir = resolve(root, '.data');
const stops = [];

let adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!(await postgresReachable(adminUrl))) {
  if (process.env.TEST_DATABASE_URL) {
    console.error(`TEST_DATABASE_URL (${adminUrl}) is not reachable`);
    process.exit(1);
  }
  log.log('No Postgres on 127.0.0.1:5432: starting an embedded one');
  const server = await startEmbeddedPostgres(resolve(dataDir, 'test'), 54339, log);
  stops.push(server.stop);
  adminUrl = server.url.replace(/\/[^/]+$/, '/postgres');
}

let redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(redisUrl, {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
});
const redisUp = await probe
  .connect()
  .then(() => probe.ping())
  .then(
    () => true,
    () => false,
  );
probe.disconnect();
if (!redisUp) {
  if (process.env.TEST_REDIS_URL) {
    console.error(`TEST_REDIS_URL (${redisUrl}) is not reachable`);
    process.exit(1);
  }
  log.log('No Redis on 127.0.0.1:6379: starting redis-server from PATH');
  const server = await startRedisServer(resolve(dataDir, 'test'), 63799, log);
  stops.push(server.stop);
  redisUrl = server.url;
}

const status = run(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    ...process.argv.slice(2),
  ],
  {
    env: { ...process.env, RMQ_TEST_PG_ADMIN_URL: adminUrl, RMQ_TEST_REDIS_URL: redisUrl },
  },
);
for (const stop of stops.reverse()) await stop().catch(() => undefined);
process.exit(status);
