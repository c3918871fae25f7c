import { QueryFailedError } from 'typeorm';

/** The parts of a Postgres error the services branch on. */
export interface PgFailure {
  code: string;
  constraint?: string;
  /** e.g. `Key (cluster_id, namespace, name)=(rocketmq-x, prod, orders) already exists.` */
  detail?: string;
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';

export function pgFailure(e: unknown): PgFailure | undefined {
  const driver =
    e instanceof QueryFailedError
      ? (e.driverError as { code?: string; constraint?: string; detail?: string })
      : (e as { code?: unknown; constraint?: unknown; detail?: unknown });
  if (!driver || typeof driver.code !== 'string' || !/^[0-9A-Z]{5}$/.test(driver.code))
    return undefined;
  return {
    code: driver.code,
    constraint: typeof driver.constraint === 'string' ? driver.constraint : undefined,
    detail: typeof driver.detail === 'string' ? driver.detail : undefined,
  };
}

export function isConstraintViolation(e: unknown, code: string, constraint: string): boolean {
  const f = pgFailure(e);
  return !!f && f.code === code && f.constraint === constraint;
}

/**
 * Whether Postgres refused the statement because of the values it was given (data exceptions,
 * constraint violations, program limits such as an index row too large), as opposed to a lost
 * connection, a deadlock or a server in trouble: retrying the same values cannot succeed.
 */
export function isDataRefusal(e: unknown): boolean {
  const f = pgFailure(e);
  return !!f && (f.code.startsWith('22') || f.code.startsWith('23') || f.code.startsWith('54'));
}
