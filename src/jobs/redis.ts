import { Logger } from '@nestjs/common';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Reconnect promptly once Redis is back: every 100 ms growing to 1 s (BullMQ's own default
 * grows to 20 s, so service resumed up to ~20 s after Redis returned).
 */
export const reconnectSoon = (times: number): number => Math.min(times * 100, 1000);

/**
 * A connection for BullMQ workers (blocking commands need maxRetriesPerRequest: null) or for
 * request-path use (fail fast so a Redis outage surfaces as an error, not a hang).
 */
export function createRedis(url: string, purpose: 'worker' | 'client'): Redis {
  const options: RedisOptions =
    purpose === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5000 };
  const redis = new Redis(url, { ...options, retryStrategy: reconnectSoon, lazyConnect: false });
  redis.on('error', (err: Error) => {
    if (!RedisOutageLog.trouble(`${purpose} connection`, err))
      new Logger('Redis').error(err.message);
  });
  redis.on('ready', () => RedisOutageLog.back());
  return redis;
}

/**
 * BullMQ connection options. Queues (adding jobs on a request's path) keep no offline queue:
 * while Redis is away an add fails at once instead of waiting, unanswered, for its return.
 * Blocking connections (workers, queue events) must wait, and reconnect promptly.
 */
export function bullConnection(url: string, use: 'queue' | 'blocking'): BullRedisOptions {
  return use === 'queue'
    ? { url, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: reconnectSoon }
    : { url, maxRetriesPerRequest: null, retryStrategy: reconnectSoon };
}

const CONNECTION_TROUBLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|Connection is closed|Stream isn't writeable|connect ETIMEDOUT/;

/**
 * One line when Redis is lost and one when it is back, however many connections notice it
 * (each queue, worker and listener has its own, and each retries every second).
 */
export class RedisOutageLog {
  private static since: number | undefined;
  private static readonly logger = new Logger('Redis');

  /** Handles an 'error' event; false when it is not connection trouble (the caller logs it). */
  static trouble(source: string, err: Error): boolean {
    if (!CONNECTION_TROUBLE.test(`${(err as { code?: string }).code ?? ''} ${err.message}`))
      return false;
    if (this.since === undefined) {
      this.since = Date.now();
      this.logger.error(
        `Redis is unreachable (${source}: ${err.message}); publishes are refused until it is back`,
      );
    }
    return true;
  }

  static back(): void {
    if (this.since === undefined) return;
    this.logger.log(
      `Redis is reachable again after ${((Date.now() - this.since) / 1000).toFixed(1)} s`,
    );
    this.since = undefined;
  }
}

/**
 * A promise that rejects once the connection has been away for `afterMs`, for callers waiting
 * on Redis to race against (so they answer instead of waiting for what cannot arrive). One
 * watcher per connection: waiters only take `lost`, nothing runs per wait.
 */
export class ConnectionLoss {
  private current!: Promise<never>;
  private fail!: (e: Error) => void;
  private failed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(redis: Redis, afterMs: number) {
    this.renew();
    redis.on('close', () => {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        if (redis.status === 'ready' || this.failed) return;
        this.failed = true;
        this.fail(new Error(`Redis is ${redis.status}`));
      }, afterMs);
      this.timer.unref();
    });
    redis.on('ready', () => {
      clearTimeout(this.timer);
      this.timer = undefined;
      if (this.failed) this.renew();
    });
  }

  /** Rejects when the connection is lost for good enough; pending while it is up. */
  get lost(): Promise<never> {
    return this.current;
  }

  private renew(): void {
    this.failed = false;
    this.current = new Promise<never>((_, reject) => (this.fail = reject));
    this.current.catch(() => undefined);
  }
}
