/**
 * Wildcards and policy variables. `*` matches any run of characters (including none and
 * including `/`); `?` matches one character where the caller enables it (`string_like`).
 * Policy variables (`${uin}`, `${owner_uin}`, `${app_id}`) are replaced by the caller's
 * values, which always match literally (a `*` in a substituted value is not a wildcard).
 */
import { memoize } from './memo.js';
import type { Principal } from './types.js';

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

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;
const escapeRegex = (s: string) => s.replace(REGEX_SPECIAL, '\\$&');

function toRegExp(pattern: string, questionMark: boolean, vars?: VariableValues): RegExp {
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (vars && ch === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i);
      const name = end < 0 ? '' : pattern.slice(i + 2, end);
      if (isVariable(name)) {
        source += escapeRegex(vars[name]);
        i = end + 1;
        continue;
      }
    }
    source += ch === '*' ? '.*' : ch === '?' && questionMark ? '.' : escapeRegex(ch);
    i++;
  }
  return new RegExp(`^${source}$`, 'su');
}

const starGlob = memoize((pattern) => toRegExp(pattern, false));
const likeGlob = memoize((pattern) => toRegExp(pattern, true));
/** Patterns with variables: one regex per pattern and set of variable values. */
const withVariables = memoize(() => new Map<string, RegExp>(), 1000);
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
    let re = perVars.get(vars.cacheKey);
    if (!re) {
      re = toRegExp(pattern, questionMark, vars);
      if (perVars.size >= MAX_PER_PATTERN) perVars.clear();
      perVars.set(vars.cacheKey, re);
    }
    return re.test(value);
  }
  if (!pattern.includes('*') && !(questionMark && pattern.includes('?'))) return pattern === value;
  return (questionMark ? likeGlob : starGlob)(pattern).test(value);
}
