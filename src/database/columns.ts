import type { ValueTransformer } from 'typeorm';

/** Postgres returns int8 as a string; our values (epoch ms, byte counts) stay below 2^53. */
export const bigintAsNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
