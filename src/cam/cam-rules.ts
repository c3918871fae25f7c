import { randomInt, scrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { EntityManager } from 'typeorm';
import { ApiError, type ErrorCode } from '../gateway/api-error.js';

/** The account limits of CAM (product-spec §7). */
export const CAM_LIMITS = {
  usersPerAccount: 1000,
  groupsPerAccount: 300,
  groupsPerUser: 10,
  customPoliciesPerAccount: 1500,
  policiesPerEntity: 200,
  keysPerUser: 2,
  policyDescriptionLength: 300,
} as const;

/** Advisory-lock class of CAM writes (two-key form: `(class, hashtext(key))`). */
export const CAM_LOCK_CLASS = 7431;

/** Serializes a transaction's limit check with every other one on the same key (an account, a user). */
export async function lockFor(em: EntityManager, key: string): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CAM_LOCK_CLASS, key]);
}

const NAME_CHARS = /^[A-Za-z0-9+=,.@_-]+$/;

/** User, group and policy names: letters, digits and `+ = , . @ _ -`, within a length. */
export function checkName(value: string, max: number, code: ErrorCode, what: string): void {
  if (value.length < 1 || value.length > max || !NAME_CHARS.test(value))
    throw new ApiError(
      code,
      `${what} "${value}" is invalid: use 1-${max} characters among letters, digits and + = , . @ _ -.`,
    );
}

/** CAM's time format: `YYYY-MM-DD HH:mm:ss` (UTC). */
export function camTime(d: Date | string): string {
  return new Date(d).toISOString().slice(0, 19).replace('T', ' ');
}

/** `Page` (from 1) and `Rp` as LIMIT/OFFSET. */
export function pageOf(page: number, rp: number): { limit: number; offset: number } {
  return { limit: rp, offset: (page - 1) * rp };
}

// ---------------------------------------------------------------------------------------------
// Console passwords: never stored in clear (scrypt, per-password salt).

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}

/** 8-32 characters with a lower- and an upper-case letter, a digit and a symbol. */
export function checkPassword(password: string): void {
  const ok =
    password.length >= 8 &&
    password.length <= 32 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /[0-9]/.test(password) &&
    /[^A-Za-z0-9]/.test(password);
  if (!ok)
    throw new ApiError(
      'InvalidParameter.PasswordViolatedRules',
      'Password must be 8-32 characters with upper- and lower-case letters, digits and symbols.',
    );
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '!@#$%^&*()-_=+';
const pick = (set: string) => set[randomInt(set.length)];

/** A random 32-character password that satisfies checkPassword. */
export function generatePassword(): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < 32) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const randomText = (n: number) =>
  Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');
