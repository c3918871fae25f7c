import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../crypto/secret-box.js';
import { RoleTokens } from './role-tokens.js';

/** Advisory-lock key: one process re-keys, the others wait and find nothing left. */
const REKEY_LOCK = 7441;

/**
 * Re-keys the lookup hashes of roles stored before tokens were hashed with a key (see the
 * migration KeyedRoleTokenHashes): each row's token is opened from its sealed copy and hashed
 * again. Runs at start, before the service answers, once per row ever.
 */
@Injectable()
export class RoleTokenRekeying implements OnModuleInit {
  private readonly logger = new Logger('Roles');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: RoleTokens,
    private readonly box: SecretBox,
  ) {}

  async onModuleInit(): Promise<void> {
    const count = await this.rekey();
    if (count) this.logger.log(`Re-keyed the lookup hashes of ${count} role token(s)`);
  }

  async rekey(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, 0)', [REKEY_LOCK]);
      const rows = (await em.query(
        `SELECT cluster_id, name, token_sealed FROM roles WHERE NOT token_hash_keyed FOR UPDATE`,
      )) as Array<{ cluster_id: string; name: string; token_sealed: string }>;
      let done = 0;
      for (const r of rows) {
        let token: string;
        try {
          token = this.box.open(r.token_sealed);
        } catch (e) {
          // Sealed under another master key: this token cannot work anyway. Say so; start.
          this.logger.warn(
            `Role ${r.cluster_id}/${r.name}: its token cannot be opened (${(e as Error).message}); rotate it`,
          );
          continue;
        }
        await em.query(
          `UPDATE roles SET token_hash = $3, token_hash_keyed = true WHERE cluster_id = $1 AND name = $2`,
          [r.cluster_id, r.name, this.tokens.hash(token)],
        );
        done += 1;
      }
      return done;
    });
  }
}
