import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection for BullMQ workers (blocking commands need maxRetriesPerRequest: null) or for
 * request-path use (fail fast so a Redis outage surfaces as an error, not a hang).
 */
export function createRedis(url: string, purpose: 'worker' | 'client'): Redis {
  const options: RedisOptions =
    purpose === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5000 };
  return new Redis(url, { ...options, lazyConnect: false });
}
