import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Reads for hot paths (list actions): one round trip as a named prepared statement on
 * TypeORM's own pg pool, rows returned as plain objects with no entity hydration. Writes
 * and transactions stay on TypeORM.
 */
@Injectable()
export class SqlReader {
  private readonly statementNames = new Map<string, string>();
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  /**
   * A single-statement write with RETURNING, in its own (auto-committed) transaction.
   * (TypeORM's `query()` answers UPDATE/DELETE with `[rows, count]`, not the rows.)
   */
  returning<T extends QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    return this.rows<T>(text, values);
  }

  async rows<T extends QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    let name = this.statementNames.get(text);
    if (!name) {
      name = `r_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      this.statementNames.set(text, name);
    }
    return (await this.pool.query<T>({ name, text, values })).rows;
  }
}
