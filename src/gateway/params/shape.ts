import { ApiError } from '../api-error.js';

/**
 * Limits on the shape of a request's parameters, checked before anything else walks them
 * (coercion, class-transformer and class-validator all recurse). No action declares more
 * than four levels (e.g. `Filters.0.Values.0`) or a few thousand values, so these only
 * refuse bodies built to exhaust the stack or the CPU.
 */
export const MAX_PARAM_DEPTH = 32;
/** Every object, array and scalar counts, the top-level object included. */
export const MAX_PARAM_VALUES = 10_000;

/** Keys that must never reach object construction (prototype pollution). */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A key as shown in a message: control characters visible, a huge key cut short. */
function showKey(key: string): string {
  const cut = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  // JSON's own escapes (\u0000, \n …) without the quotes.
  return JSON.stringify(cut).slice(1, -1);
}

export function tooManyValues(): ApiError {
  return new ApiError(
    'InvalidParameter',
    `The request carries too many parameter values: at most ${MAX_PARAM_VALUES} (objects, arrays and their items) are accepted.`,
  );
}

interface Item {
  value: unknown;
  path: string;
  depth: number;
}

function join(path: string, key: string | number): string {
  const k = typeof key === 'number' ? String(key) : showKey(key);
  return path ? `${path}.${k}` : k;
}

/**
 * Walks the parameters once, iteratively (an explicit stack: no recursion to overflow), and
 * refuses:
 *  - more than MAX_PARAM_DEPTH levels of objects/arrays, or more than MAX_PARAM_VALUES values
 *    → InvalidParameter;
 *  - a forbidden or NUL-bearing key → UnknownParameter (no declared name has either);
 *  - U+0000 in any string → InvalidParameterValue: Postgres text cannot store it, and no
 *    identifier, remark or filter of this API has a use for it.
 */
export function screenParams(root: unknown): void {
  const stack: Item[] = [{ value: root, path: '', depth: 1 }];
  let values = 1;
  const count = (n: number) => {
    values += n;
    if (values > MAX_PARAM_VALUES) throw tooManyValues();
  };
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        throw new ApiError(
          'InvalidParameterValue',
          `The value of parameter \`${path}\` is invalid: it contains the character U+0000 (NUL), which is not allowed.`,
        );
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_PARAM_DEPTH) {
      throw new ApiError(
        'InvalidParameter',
        `The parameter \`${path}\` is nested too deeply: at most ${MAX_PARAM_DEPTH} levels of objects and arrays are accepted.`,
      );
    }
    const children: Item[] = [];
    if (Array.isArray(value)) {
      count(value.length);
      value.forEach((v, i) => children.push({ value: v, path: join(path, i), depth: depth + 1 }));
    } else {
      const obj = value as Record<string, unknown>;
      for (const k in obj) {
        if (!Object.hasOwn(obj, k)) continue;
        count(1);
        if (FORBIDDEN_KEYS.has(k) || k.includes('\u0000')) {
          throw new ApiError(
            'UnknownParameter',
            `The parameter \`${join(path, k)}\` is not recognized.`,
          );
        }
        children.push({ value: obj[k], path: join(path, k), depth: depth + 1 });
      }
    }
    // Reversed so that items are visited in order: the first fault in the request is reported.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
