import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Role tokens are found by a keyed hash (HMAC with a key derived from the master key) instead
 * of a plain SHA-256: a MANUAL AccessKey is whatever the user chose, and a weak one could be
 * guessed from a database dump by hashing candidates. SQL cannot compute the keyed hash (the
 * master key is not in the database), so existing rows are marked and re-keyed by the service
 * at its next start (RoleTokenRekeying), from the sealed token each row keeps.
 */
export class KeyedRoleTokenHashes1764700000000 implements MigrationInterface {
  name = 'KeyedRoleTokenHashes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE roles ADD COLUMN token_hash_keyed boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE roles ALTER COLUMN token_hash_keyed SET DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE roles DROP COLUMN token_hash_keyed`);
  }
}
