/**
 * Wildcards and policy variables. `*` matches any run of characters (including none and
 * including `/`); `?` matches one character where the caller enables it (`string_like`).
 * Policy variables (`${uin}`, `${owner_uin}`, `${app_id}`) are replaced by the caller's
 * values, which always match literally (a `*` in a substituted value is not a wildcard).
 * Matching is case-sensitive and by code points (wildcard.ts), never by a backtracking regex.
 */
import { memoize } from './memo.js';
import type { Principal } from './types.js';
import {
  ANY_ONE,
  compileWildcard,
  wildcardMatches,
  type Piece,
  type Wildcard,
} from './wildcard.js';

export const POLICY_VARIABLES = ['uin', 'owner_uin', 'app_id'] as const;
export type PolicyVariable = (typeof POLICY_VARIABLES)[number];
/** The caller's values for the policy variables, with a key identifying them for caches. */
export interface VariableValues extends Readonly<Record<PolicyVariable, string>> {
  readonly cacheKey: string;
}

const VARIABLE = /\$\{([^}]*)\}/g;

export function variablesOf(principal: Principal): VariableValues {
  const { uin, ownerUin: owner_uin, appId: app_id } = principal;
  return { uin, owner_uin, app_id, cacheKey: `${uin}\0${owner_uin}\0${app_id}` };
}

const isVariable = (name: string): name is PolicyVariable =>
  (POLICY_VARIABLES as readonly string[]).includes(name);

/**
 * Why `text` is not acceptable as far as policy variables go (an unknown `${name}` or an
 * unterminated `${`), or undefined when it is.
 */
export function variableProblem(text: string): string | undefined {
  for (const m of text.matchAll(VARIABLE)) {
    if (!isVariable(m[1])) {
      return `unknown policy variable "${m[0]}"; the variables are ${POLICY_VARIABLES.map((v) => `\${${v}}`).join(', ')}`;
    }
  }
  if (text.replace(VARIABLE, '').includes('${')) return 'unterminated policy variable "${"';
  return undefined;
}

/** `text` with every known variable replaced; unknown ones (only in unparsed documents) stay as written. */
export function substituteVariables(text: string, vars: VariableValues): string {
  if (!text.includes('${')) return text;
  return text.replace(VARIABLE, (whole, name: string) => (isVariable(name) ? vars[name] : whole));
}

/**
 * The pattern's segments between `*`s, as the matcher takes them. Variables are resolved here
 * with the same reading as ever: `${` up to the first `}` names a variable; a name that is not
 * one leaves the `$` literal and reading goes on after it.
 */
function segmentsOf(pattern: string, questionMark: boolean, vars?: VariableValues): Piece[][] {
  const segments: Piece[][] = [[]];
  let current = segments[0];
  let literal = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (vars && ch === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i);
      const name = end < 0 ? '' : pattern.slice(i + 2, end);
      if (isVariable(name)) {
        literal += vars[name]; // literal: a `*` or `?` in the value is not a wildcard
        i = end + 1;
        continue;
      }
    }
    if (ch === '*' || (ch === '?' && questionMark)) {
      current.push(literal);
      literal = '';
      if (ch === '?') current.push(ANY_ONE);
      else segments.push((current = []));
    } else literal += ch;
    i++;
  }
  current.push(literal);
  return segments;
}

const compile = (pattern: string, questionMark: boolean, vars?: VariableValues) =>
  compileWildcard(segmentsOf(pattern, questionMark, vars));

const starGlob = memoize((pattern) => compile(pattern, false));
const likeGlob = memoize((pattern) => compile(pattern, true));
/** Patterns with variables: one compiled pattern per pattern and set of variable values. */
const withVariables = memoize(() => new Map<string, Wildcard>(), 1000);
const MAX_PER_PATTERN = 1000;

/**
 * Whether `value` matches `pattern`. `*` is always a wildcard; `?` only with `questionMark`.
 * With `vars`, policy variables in the pattern are substituted first.
 */
export function globMatches(
  pattern: string,
  value: string,
  options: { questionMark?: boolean; vars?: VariableValues } = {},
): boolean {
  const { questionMark = false, vars } = options;
  if (vars && pattern.includes('${')) {
    const perVars = withVariables(`${questionMark ? '?' : '*'}${pattern}`);
    let compiled = perVars.get(vars.cacheKey);
    if (!compiled) {
      compiled = compile(pattern, questionMark, vars);
      if (perVars.size >= MAX_PER_PATTERN) perVars.clear();
      perVars.set(vars.cacheKey, compiled);
    }
    return wildcardMatches(compiled, value);
  }
  if (!pattern.includes('*') && !(questionMark && pattern.includes('?'))) return pattern === value;
  return wildcardMatches((questionMark ? likeGlob : starGlob)(pattern), value);
}

/** A matcher of `*`-patterns given as their literal parts between the `*`s (no variables, no `?`). */
export function starPartsMatcher(parts: readonly string[]): (value: string) => boolean {
  const compiled = compileWildcard(parts.map((p) => [p]));
  return (value) => wildcardMatches(compiled, value);
}
