import { Redis } from 'ioredis';
import pg from 'pg';
import { maskUrl } from '../config/config.js';

/** Postgres or Redis could not be reached in time, or refused us for good. */
export class DependencyError extends Error {}

interface Log {
  warn(message: string): void;
}

/** Postgres answers that cannot change by waiting: no such database, bad credentials. */
const FINAL_PG_CODES = new Set(['3D000', '28000', '28P01']);
const FINAL_REDIS = /NOAUTH|WRONGPASS|invalid password|ERR AUTH/i;
const RETRY_EVERY_MS = 500;

interface Probe {
  name: string;
  url: string;
  /** Resolves when reachable; rejects with the reason, `final` when waiting cannot help. */
  attempt(timeoutMs: number): Promise<void>;
}

function postgres(url: string): Probe {
  return {
    name: 'Postgres',
    url,
    async attempt(timeoutMs) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
      } catch (e) {
        const code = (e as { code?: string }).code;
        throw Object.assign(new Error((e as Error).message), {
          final: code !== undefined && FINAL_PG_CODES.has(code),
        });
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

function redis(url: string): Probe {
  return {
    name: 'Redis',
    url,
    async attempt(timeoutMs) {
      const client = new Redis(url, {
        lazyConnect: true,
        connectTimeout: timeoutMs,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      // A refused connection is reported on 'error'; connect() only says "Connection is closed".
      let cause: Error | undefined;
      client.on('error', (e: Error) => (cause ??= e));
      try {
        await client.connect();
        await client.ping();
      } catch (e) {
        const message = (cause ?? (e as Error)).message;
        throw Object.assign(new Error(message), { final: FINAL_REDIS.test(message) });
      } finally {
        client.disconnect();
      }
    },
  };
}

/**
 * Waits until Postgres and Redis answer, at most `timeoutMs` in all. A process that cannot
 * reach them says so once and fails (DependencyError naming which, where and why) instead of
 * retrying forever inside the framework; a wrong database name or password fails at once.
 */
export async function awaitDependencies(
  urls: { databaseUrl: string; redisUrl: string },
  timeoutMs: number,
  log: Log,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const probe of [postgres(urls.databaseUrl), redis(urls.redisUrl)]) {
    let warned = false;
    for (;;) {
      const left = deadline - Date.now();
      try {
        await probe.attempt(Math.max(250, Math.min(left, 3000)));
        break;
      } catch (e) {
        const reason = (e as Error).message || 'no answer';
        const where = `${probe.name} at ${maskUrl(probe.url)}`;
        if ((e as { final?: boolean }).final)
          throw new DependencyError(`${where} refused the connection: ${reason}`);
        if (Date.now() + RETRY_EVERY_MS >= deadline)
          throw new DependencyError(
            `${where} is unreachable after ${Math.round(timeoutMs / 1000)} s (${reason}); set STARTUP_TIMEOUT_MS to wait longer`,
          );
        if (!warned)
          log.warn(`Waiting for ${where} (${reason}); giving up after ${timeoutMs / 1000} s`);
        warned = true;
        await new Promise((r) => setTimeout(r, RETRY_EVERY_MS));
      }
    }
  }
}
