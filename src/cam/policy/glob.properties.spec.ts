import fc from 'fast-check';
import { globMatches, starPartsMatcher, variablesOf, type VariableValues } from './glob.js';

/**
 * The wildcard matcher against the backtracking regex it replaced, kept here as the oracle:
 * the semantics must not change, only the running time. Seeded so a failure reproduces.
 */

const SEED = 20_240_611;
const RUNS = 3000;

// ---- the former implementation (regex), verbatim in behaviour ----

const VARIABLE_NAMES = ['uin', 'owner_uin', 'app_id'];
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;
const escapeRegex = (s: string) => s.replace(REGEX_SPECIAL, '\\$&');

function oracleRegExp(pattern: string, questionMark: boolean, vars?: VariableValues): RegExp {
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (vars && ch === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i);
      const name = end < 0 ? '' : pattern.slice(i + 2, end);
      if (VARIABLE_NAMES.includes(name)) {
        source += escapeRegex(vars[name as 'uin']);
        i = end + 1;
        continue;
      }
    }
    source += ch === '*' ? '.*' : ch === '?' && questionMark ? '.' : escapeRegex(ch);
    i++;
  }
  return new RegExp(`^${source}$`, 'su');
}

const oracle = (pattern: string, value: string, questionMark: boolean, vars?: VariableValues) =>
  oracleRegExp(pattern, questionMark, vars).test(value);

// ---- generators: a small alphabet, so that patterns and values often meet ----

const PLAIN = ['a', 'b', '/', '$', '{', '}', '.', '\\', '\n', '😀', 'u', 'i', 'n'];
// Lone surrogates: the regex read them as code points of their own.
const SURROGATES = ['\uD83D', '\uDE00'];
const WILDCARDS = ['*', '?'];
const REFERENCES = ['${uin}', '${owner_uin}', '${app_id}', '${nope}', '${', '${uin'];

const unit = fc.oneof(
  { arbitrary: fc.constantFrom(...PLAIN), weight: 6 },
  { arbitrary: fc.constantFrom(...WILDCARDS), weight: 4 },
  { arbitrary: fc.constantFrom(...REFERENCES), weight: 2 },
  { arbitrary: fc.constantFrom(...SURROGATES), weight: 1 },
);
const text = (maxLength: number) => fc.array(unit, { maxLength }).map((units) => units.join(''));

const patternArb = text(10);

/** The pattern with each `*` replaced by a run, each `?` by one character, variables by values. */
function instantiate(pattern: string, vars: VariableValues | undefined, fills: [string, string][]) {
  let out = '';
  let i = 0;
  let k = 0;
  while (i < pattern.length) {
    const name = /^\$\{(uin|owner_uin|app_id)\}/.exec(pattern.slice(i));
    if (vars && name) {
      out += vars[name[1] as 'uin'];
      i += name[0].length;
      continue;
    }
    const ch = pattern[i++];
    out += ch === '*' ? fills[k++][0] : ch === '?' ? fills[k++][1] : ch;
  }
  return out;
}

/**
 * Values built from the pattern, so that matches are frequent, and near misses: one code unit
 * dropped (which may also split a surrogate pair).
 */
const fromPattern = (
  pattern: string,
  vars: VariableValues | undefined,
  run: fc.Arbitrary<string>,
  one: fc.Arbitrary<string>,
) =>
  fc
    .tuple(
      fc.array(fc.tuple(run, one), { minLength: pattern.length, maxLength: pattern.length }),
      fc.option(fc.nat(), { freq: 3 }),
    )
    .map(([fills, drop]) => {
      const value = instantiate(pattern, vars, fills);
      if (drop === null || !value) return value;
      const at = drop % value.length;
      return value.slice(0, at) + value.slice(at + 1);
    });

const valueArb = (pattern: string, vars: VariableValues | undefined) =>
  fc.oneof(text(12), fromPattern(pattern, vars, text(3), fc.constantFrom(...PLAIN, ...SURROGATES)));

const varValue = fc
  .array(fc.constantFrom('1', '2', 'a', '*', '?', '😀', '\uD83D', '\uDE00', '.'), {
    maxLength: 3,
  })
  .map((units) => units.join(''));

const varsArb: fc.Arbitrary<VariableValues | undefined> = fc.option(
  fc
    .record({ uin: varValue, ownerUin: varValue, appId: varValue })
    .map((principal) => variablesOf(principal)),
  { freq: 2 },
);

const caseArb = fc
  .tuple(patternArb, varsArb, fc.boolean())
  .chain(([pattern, vars, questionMark]) =>
    valueArb(pattern, vars).map((value) => ({ pattern, value, vars, questionMark })),
  );

describe('globMatches agrees with the former regex implementation', () => {
  it('for random patterns and values: `*`, `?` on and off, variables, astral and lone surrogates', () => {
    const seen = { match: 0, noMatch: 0, questionMark: 0, vars: 0 };
    fc.assert(
      fc.property(caseArb, ({ pattern, value, vars, questionMark }) => {
        const expected = oracle(pattern, value, questionMark, vars);
        expect(globMatches(pattern, value, { questionMark, vars })).toBe(expected);
        seen[expected ? 'match' : 'noMatch']++;
        if (questionMark && pattern.includes('?')) seen.questionMark++;
        if (vars && pattern.includes('${')) seen.vars++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The generators must keep exercising both outcomes and both options.
    expect(seen.match).toBeGreaterThan(RUNS / 5);
    expect(seen.noMatch).toBeGreaterThan(RUNS / 5);
    expect(seen.questionMark).toBeGreaterThan(RUNS / 10);
    expect(seen.vars).toBeGreaterThan(RUNS / 20);
  });

  it('for the same pattern under different variable values (the compiled-pattern caches)', () => {
    fc.assert(
      fc.property(
        patternArb,
        fc.array(fc.tuple(varsArb, text(8), fc.boolean()), { minLength: 2, maxLength: 6 }),
        (pattern, calls) => {
          for (const [vars, value, questionMark] of calls) {
            expect(globMatches(pattern, value, { questionMark, vars })).toBe(
              oracle(pattern, value, questionMark, vars),
            );
          }
        },
      ),
      { numRuns: RUNS / 3, seed: SEED },
    );
  });

  it('for dense patterns over a tiny alphabet (overlapping segments, `?` next to astral characters)', () => {
    const dense = (units: string[], maxLength: number) =>
      fc.array(fc.constantFrom(...units), { maxLength }).map((u) => u.join(''));
    const chars = ['a', 'b', '😀'];
    const seen = { match: 0, noMatch: 0 };
    fc.assert(
      fc.property(
        dense([...chars, '*', '*', '?', '?'], 7).chain((pattern) =>
          fc.tuple(
            fc.constant(pattern),
            fc.oneof(
              dense(chars, 7),
              fromPattern(pattern, undefined, dense(chars, 2), fc.constantFrom(...chars)),
            ),
          ),
        ),
        fc.boolean(),
        ([pattern, value], questionMark) => {
          const expected = oracle(pattern, value, questionMark);
          expect(globMatches(pattern, value, { questionMark })).toBe(expected);
          seen[expected ? 'match' : 'noMatch']++;
        },
      ),
      { numRuns: RUNS * 2, seed: SEED },
    );
    expect(seen.match).toBeGreaterThan(RUNS / 5);
    expect(seen.noMatch).toBeGreaterThan(RUNS / 5);
  });

  it('starPartsMatcher (list filters) agrees with the regex of the parts joined by `.*`', () => {
    const part = fc
      .array(fc.constantFrom(...PLAIN, ...SURROGATES, '*', '?'), { maxLength: 3 })
      .map((units) => units.join(''));
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 5 }),
        text(12),
        fc.boolean(),
        (parts, random, fromParts) => {
          // Half the values are the parts with runs between them, so matches are frequent.
          const value = fromParts ? parts.join(random.slice(0, 2)) : random;
          const expected = new RegExp(`^${parts.map(escapeRegex).join('.*')}$`, 'su').test(value);
          expect(starPartsMatcher(parts)(value)).toBe(expected);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
