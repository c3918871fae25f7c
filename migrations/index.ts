import { Foundation1764000000000 } from './1764000000000-Foundation.js';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS = [Foundation1764000000000];
