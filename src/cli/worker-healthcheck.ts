import { Redis } from 'ioredis';
import { WORKER_HEARTBEAT_KEY } from '../jobs/queues.js';

// Container healthcheck for a worker process: healthy while a worker has recorded a heartbeat
// in the last 30 s (MaintenanceProcessor, every 10 s). Exit 0 healthy, 1 not.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  lazyConnect: true,
  maxRetriesPerRequest: 1,
  connectTimeout: 3000,
});
const key = `${process.env.QUEUE_PREFIX ?? 'rmq'}:${WORKER_HEARTBEAT_KEY}`;
try {
  await redis.connect();
  const beat = await redis.get(key);
  redis.disconnect();
  if (!beat) {
    console.error(`no worker heartbeat at ${key}`);
    process.exit(1);
  }
  console.log(beat);
  process.exit(0);
} catch (e) {
  console.error(`cannot read ${key}: ${(e as Error).message}`);
  process.exit(1);
}
