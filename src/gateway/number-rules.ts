import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Number rules of the field decorators (fields.ts): declared ranges, timestamps, safe integers. */
export interface NumberRules {
  min?: number;
  max?: number;
  /** An epoch timestamp in this unit: bounded to TIMESTAMP_RANGE unless min/max narrow it. */
  timestamp?: 'ms' | 's';
}

/**
 * The instants a timestamp parameter may name: 1970-01-01 to 9999-12-31T23:59:59.999Z. JS
 * Date (±8.64e15 ms) and Postgres timestamptz (4713 BC to 294276 AD) both hold all of them,
 * so an accepted timestamp can never fail later in a conversion or a query.
 */
export const TIMESTAMP_RANGE = {
  ms: { min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) },
  s: { min: 0, max: Math.floor(Date.UTC(9999, 11, 31, 23, 59, 59, 999) / 1000) },
} as const;

/** The declared range, with a timestamp's unit turned into its bounds. */
export function effectiveRange(r: NumberRules): { min?: number; max?: number } {
  if (!r.timestamp) return { min: r.min, max: r.max };
  const t = TIMESTAMP_RANGE[r.timestamp];
  return { min: Math.max(r.min ?? t.min, t.min), max: Math.min(r.max ?? t.max, t.max) };
}

/**
 * Integers past 2^53 - 1 have already lost digits when JSON.parse made them numbers, and
 * neither a Postgres bigint nor a Date can be trusted with them: a value fault
 * (InvalidParameterValue), whatever range the field declares. Non-integers are left to
 * IsInt's type fault.
 */
export function SafeInteger(options: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSafeInteger',
      validator: {
        validate: (v: unknown) =>
          typeof v !== 'number' || !Number.isInteger(v) || Number.isSafeInteger(v),
      },
    },
    options,
  );
}
