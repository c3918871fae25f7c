import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh database and queue prefix for this run; the apps under test migrate it at boot. */
export default async function globalSetup() {
  const admin = process.env.RMQ_TEST_PG_ADMIN_URL;
  const redis = process.env.RMQ_TEST_REDIS_URL;
  if (!admin || !redis) {
    throw new Error(
      'Run the tests with `npm test` (it provides Postgres and Redis): RMQ_TEST_PG_ADMIN_URL / RMQ_TEST_REDIS_URL are unset.',
    );
  }
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `rmq_test_${run}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${database}`;
  process.env.RMQ_TEST_DATABASE = database;
  process.env.RMQ_TEST_DATABASE_URL = url.toString();
  process.env.RMQ_TEST_QUEUE_PREFIX = `rmqtest_${run}`;
}
