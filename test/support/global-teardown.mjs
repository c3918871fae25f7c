import { Redis } from 'ioredis';
import pg from 'pg';

/** Drops this run's database and Redis keys (every prefix derived from the run's). */
export default async function globalTeardown() {
  const database = process.env.RMQ_TEST_DATABASE;
  if (database) {
    const client = new pg.Client({ connectionString: process.env.RMQ_TEST_PG_ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
  }
  const prefix = process.env.RMQ_TEST_QUEUE_PREFIX;
  if (prefix) {
    const redis = new Redis(process.env.RMQ_TEST_REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }
}
