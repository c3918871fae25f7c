import pg from 'pg';
import { PoliciesService } from '../../src/cam/policies/policies.service.js';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';

/**
 * Replicas start together on a fresh database: migrations, the preset policies and the root
 * key are each written once, and every process comes up (two upserting the presets at once
 * used to fail one of them on the policies' unique name).
 */
it('three processes starting at once on a fresh database all come up', async () => {
  const admin = process.env.RMQ_TEST_PG_ADMIN_URL!;
  const database = `${process.env.RMQ_TEST_DATABASE}_${uniqueName('start').replace(/\W/g, '_')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  const url = new URL(admin);
  url.pathname = `/${database}`;
  const apps: TestApp[] = [];
  try {
    const started = await Promise.allSettled(
      [1, 2, 3].map(() =>
        startTestApp({
          DATABASE_URL: url.toString(),
          QUEUE_PREFIX: `${process.env.RMQ_TEST_QUEUE_PREFIX}_${database}`,
        }),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual([
      'up',
      'up',
      'up',
    ]);
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    // The same again, many at once: every process writes the presets at its start.
    for (let round = 0; round < 5; round++) {
      await db.query('DELETE FROM cam_policies WHERE owner_uin IS NULL');
      await Promise.all(
        apps.flatMap((a) =>
          [1, 2, 3].map(() => a.app.get(PoliciesService).onApplicationBootstrap()),
        ),
      );
    }
    const { rows } = await db.query(
      'SELECT count(*)::int AS n, count(DISTINCT name)::int AS names FROM cam_policies WHERE owner_uin IS NULL',
    );
    await db.end();
    expect(rows[0].n).toBeGreaterThan(0);
    expect(rows[0].n).toBe(rows[0].names);
  } finally {
    await Promise.all(apps.map((a) => a.close()));
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
  }
});
