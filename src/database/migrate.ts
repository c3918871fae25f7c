import type { DataSource } from 'typeorm';

/** Arbitrary constant: every replica takes this advisory lock before migrating. */
export const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies pending migrations under a session advisory lock, so replicas booting together
 * migrate one at a time (the second finds nothing left to do). Returns the names applied.
 */
export async function runMigrationsLocked(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
