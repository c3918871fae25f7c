/**
 * The `condition` element: operators, keys, value types, and how one operator/key pair is
 * evaluated against a request (cam.md "condition").
 *
 * Semantics where cam.md is silent:
 * - A request value set R is the key's values ([] when the key is missing: no `ip`, no tags).
 * - Positive operators: a request value x matches when it matches ANY listed value (OR).
 *   Negated operators (`*_not_*`) are the complement of their positive twin: x matches when
 *   it matches NONE of the listed values (so `string_not_equal: ["a", "b"]` means "neither").
 * - Without a prefix: positive → some x ∈ R matches (false when R is empty); negated →
 *   no x ∈ R matches the positive twin (true when R is empty). So for every key,
 *   `X_not_Y` ≡ ¬`X_Y`, missing keys included.
 * - `for_any_value:op` → some x ∈ R matches op (false when R is empty);
 *   `for_all_value:op` → every x ∈ R matches op (true when R is empty). Only multi-valued keys
 *   (tags) take a prefix.
 * - `_if_exist` → true when R is empty, otherwise as without the suffix.
 * - `null_equal: "true"` ⇔ R is empty; `"false"` ⇔ R is not empty.
 * - A request value that does not parse as the operator's type (a number, an instant, an
 *   address) never matches the positive comparison.
 */
import { globMatches, substituteVariables, variableProblem, type VariableValues } from './glob.js';
import { ipInBlock, parseIpAddress, parseIpBlock } from './ip.js';
import { parseIsoInstant } from './iso-date.js';
import { memoize } from './memo.js';
import type { AuthzRequest } from './types.js';

export const CONDITION_KEYS = [
  'qcs:ip',
  'qcs:current_time',
  'qcs:resource_tag',
  'qcs:request_tag',
] as const;
export type ConditionKey = (typeof CONDITION_KEYS)[number];
/** The tag keys: the only multi-valued ones. */
const MULTI_VALUED_KEYS: readonly string[] = ['qcs:resource_tag', 'qcs:request_tag'];

type Family = 'string' | 'numeric' | 'date' | 'ip' | 'bool' | 'null';
type Comparison = 'eq' | 'like' | 'eq_ignore_case' | 'lt' | 'lte' | 'gt' | 'gte';

interface BaseOperator {
  family: Family;
  comparison: Comparison;
  negated: boolean;
}

const ORDERED: Array<[string, Comparison]> = [
  ['equal', 'eq'],
  ['less_than', 'lt'],
  ['less_than_equal', 'lte'],
  ['greater_than', 'gt'],
  ['greater_than_equal', 'gte'],
];

const BASE_OPERATORS: Record<string, BaseOperator> = {
  string_equal: { family: 'string', comparison: 'eq', negated: false },
  string_not_equal: { family: 'string', comparison: 'eq', negated: true },
  string_like: { family: 'string', comparison: 'like', negated: false },
  string_not_like: { family: 'string', comparison: 'like', negated: true },
  string_equal_ignore_case: { family: 'string', comparison: 'eq_ignore_case', negated: false },
  string_not_equal_ignore_case: { family: 'string', comparison: 'eq_ignore_case', negated: true },
  ...Object.fromEntries(
    (['numeric', 'date'] as const).flatMap((family) => [
      ...ORDERED.map(([name, comparison]) => [
        `${family}_${name}`,
        { family, comparison, negated: false },
      ]),
      [`${family}_not_equal`, { family, comparison: 'eq', negated: true }],
    ]),
  ),
  ip_equal: { family: 'ip', comparison: 'eq', negated: false },
  ip_not_equal: { family: 'ip', comparison: 'eq', negated: true },
  bool_equal: { family: 'bool', comparison: 'eq', negated: false },
  null_equal: { family: 'null', comparison: 'eq', negated: false },
};

export const CONDITION_OPERATORS: readonly string[] = Object.keys(BASE_OPERATORS);

export interface ParsedOperator extends BaseOperator {
  /** `for_any_value:` → 'any', `for_all_value:` → 'all'. */
  quantifier?: 'any' | 'all';
  ifExist: boolean;
}

const PREFIXES = { 'for_any_value:': 'any', 'for_all_value:': 'all' } as const;
const IF_EXIST = '_if_exist';

/** The operator's parts, or why it is not an operator (memoized: documents repeat operators). */
export const parseOperator = memoize(parseOperatorUncached, 1000);

function parseOperatorUncached(name: string): ParsedOperator | { error: string } {
  const prefix = (Object.keys(PREFIXES) as Array<keyof typeof PREFIXES>).find((p) =>
    name.startsWith(p),
  );
  const quantifier = prefix && PREFIXES[prefix];
  let rest = prefix ? name.slice(prefix.length) : name;
  const ifExist = rest.endsWith(IF_EXIST);
  if (ifExist) rest = rest.slice(0, -IF_EXIST.length);
  const base = Object.hasOwn(BASE_OPERATORS, rest) ? BASE_OPERATORS[rest] : undefined;
  if (!base) {
    const hint = name !== name.toLowerCase() ? ' (operator names are lowercase)' : '';
    return {
      error:
        `unknown condition operator "${name}"${hint}; the operators are ${CONDITION_OPERATORS.join(', ')}, ` +
        `each optionally suffixed "${IF_EXIST}" and prefixed "for_any_value:" or "for_all_value:"`,
    };
  }
  if (base.family === 'null' && (ifExist || quantifier)) {
    return {
      error: `"${name}": null_equal tests whether the key exists; it takes no "${IF_EXIST}" suffix and no for_any_value:/for_all_value: prefix`,
    };
  }
  return Object.freeze({ ...base, quantifier, ifExist });
}

/** Why `key` cannot be used with `op`, or undefined. */
export function keyProblem(
  op: ParsedOperator,
  operatorName: string,
  key: string,
): string | undefined {
  if (!(CONDITION_KEYS as readonly string[]).includes(key)) {
    const hint = key !== key.toLowerCase() ? ' (condition keys are lowercase)' : '';
    return `unknown condition key "${key}"${hint}; the supported keys are ${CONDITION_KEYS.join(', ')}`;
  }
  if (op.quantifier && !MULTI_VALUED_KEYS.includes(key)) {
    return (
      `"${operatorName}": for_any_value:/for_all_value: apply to multi-valued keys ` +
      `(${MULTI_VALUED_KEYS.join(', ')}); ${key} has a single value, drop the prefix`
    );
  }
  return undefined;
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(text: string): number | undefined {
  if (!NUMERIC.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Why `value` is not a valid listed value for `op` on `key`, or undefined. */
export function valueProblem(op: ParsedOperator, key: string, value: string): string | undefined {
  switch (op.family) {
    case 'string': {
      const variable = variableProblem(value);
      if (variable) return variable;
      if (MULTI_VALUED_KEYS.includes(key) && op.comparison !== 'like' && !value.includes('&')) {
        return `tag values are written "<key>&<value>" (e.g. "env&prod"), got "${value}"`;
      }
      return undefined;
    }
    case 'numeric':
      return parseNumber(value) === undefined ? `"${value}" is not a number` : undefined;
    case 'date':
      return parseIsoInstant(value) === undefined
        ? `"${value}" is not an ISO-8601 instant (e.g. "2025-01-31T08:00:00Z" or "2025-01-31")`
        : undefined;
    case 'ip':
      return parseIpBlock(value) === undefined
        ? `"${value}" is not an IPv4/IPv6 address or CIDR block (e.g. "10.0.0.0/8", "2001:db8::/32")`
        : undefined;
    case 'bool':
    case 'null':
      return value === 'true' || value === 'false'
        ? undefined
        : `must be "true" or "false", got "${value}"`;
  }
}

/** The request's values for `key`; [] when the request lacks it. */
export function requestValues(key: string, req: AuthzRequest): string[] {
  switch (key) {
    case 'qcs:ip':
      return req.context.ip ? [req.context.ip] : [];
    case 'qcs:current_time':
      return [req.context.currentTime.toISOString()];
    case 'qcs:resource_tag':
      return req.context.resourceTags ?? [];
    case 'qcs:request_tag':
      return req.context.requestTags ?? [];
    default:
      return [];
  }
}

function ordered(c: Comparison, a: number, b: number): boolean {
  switch (c) {
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    default:
      return a === b;
  }
}

const listedNumber = memoize(parseNumber);
const listedInstant = memoize(parseIsoInstant);
const listedBlock = memoize(parseIpBlock);

/**
 * The positive test of one request value against the listed values (any of them matches);
 * negation is applied by the caller. Listed values are parsed once (and memoized), the
 * request value once per call.
 */
function positiveMatcher(
  op: ParsedOperator,
  listed: readonly string[],
  vars: VariableValues,
): (actual: string) => boolean {
  switch (op.family) {
    case 'string': {
      if (op.comparison === 'like') {
        return (x) => listed.some((p) => globMatches(p, x, { questionMark: true, vars }));
      }
      const expected = listed.map((v) => substituteVariables(v, vars));
      if (op.comparison === 'eq_ignore_case') {
        const lower = expected.map((v) => v.toLowerCase());
        return (x) => lower.includes(x.toLowerCase());
      }
      return (x) => expected.includes(x);
    }
    case 'numeric':
    case 'date': {
      const parse = op.family === 'numeric' ? parseNumber : parseIsoInstant;
      const bounds = listed.map(op.family === 'numeric' ? listedNumber : listedInstant);
      return (x) => {
        const a = parse(x);
        return (
          a !== undefined && bounds.some((b) => b !== undefined && ordered(op.comparison, a, b))
        );
      };
    }
    case 'ip': {
      const blocks = listed.map(listedBlock);
      return (x) => {
        const address = parseIpAddress(x);
        return (
          address !== undefined && blocks.some((b) => b !== undefined && ipInBlock(address, b))
        );
      };
    }
    case 'bool':
      return (x) => listed.includes(x);
    case 'null':
      return () => false; // handled by conditionHolds
  }
}

/** Whether one operator/key pair holds for a request whose values for the key are `actual`. */
export function conditionHolds(
  op: ParsedOperator,
  listed: readonly string[],
  actual: readonly string[],
  vars: VariableValues,
): boolean {
  if (op.family === 'null') return listed.some((v) => (v === 'true') === (actual.length === 0));
  if (actual.length === 0 && op.ifExist) return true;
  const positive = positiveMatcher(op, listed, vars);
  const matches = op.negated ? (x: string) => !positive(x) : positive;
  switch (op.quantifier) {
    case 'all':
      return actual.every(matches);
    case 'any':
      return actual.some(matches);
    default:
      return op.negated ? !actual.some(positive) : actual.some(positive);
  }
}
