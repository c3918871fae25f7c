import type { Type as Class } from '@nestjs/common';
import fc from 'fast-check';
import { fieldsOf, type FieldMeta } from '../../src/gateway/fields.js';
import type { Encoding } from './fuzz-call.js';

/**
 * Request bodies for the action fuzz tests, generated from the request classes' field
 * metadata: a valid base body (the action's example against the fixtures) with a few random
 * mutations — wrong types, null, NUL characters, out-of-range numbers, huge strings, deep
 * nesting, unknown keys, arrays of bad objects, missing fields.
 */

type Path = Array<string | number>;

/** `depth` levels of arrays around `leaf` (JSON.stringify copes with these depths). */
export const deepArrays = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

export const deepObjects = (depth: number, key = 'A'): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { [key]: v };
  return v;
};

/**
 * Large values travel through the generators as short markers, expanded only in the body
 * sent, so that a counterexample stays readable: a raw JSON value nested far deeper than any
 * walk may recurse (the probe; JSON-only), a 70,000-character string, and an array
 * past the parameter-count cap.
 */
export const DEEP_RAW = `${'['.repeat(1500)}${']'.repeat(1500)}`;
const DEEP_MARK = '<deep 1500>';
const LONG_MARK = '<70000 chars>';
const WIDE_MARK = '<10001 items>';
const EXPANSIONS: Array<[string, string]> = [
  [JSON.stringify(LONG_MARK), JSON.stringify('y'.repeat(70_000))],
  [JSON.stringify(WIDE_MARK), JSON.stringify(new Array(10_001).fill(0))],
];

const NUMBERS = [
  0,
  -1,
  1.5,
  -2.5,
  1e16,
  -1e16,
  2 ** 53,
  1e300,
  -1e300,
  2 ** 31,
  2 ** 32,
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  1e-7,
  253402300800000,
  8.64e15 + 1,
];
const STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '😀',
  '%_\\',
  "' OR '1'='1",
  '1e16',
  'NaN',
  'null',
  '-1',
  '99999999999999999999',
  'true',
  '测试',
  '\t\n',
  'x'.repeat(5000),
  'rocketmq-',
  '9999-99-99 99:99:99',
  '0000-00-00T00:00:00Z',
];

export const badScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(null, true, false, ...NUMBERS, ...STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constant(LONG_MARK) },
);

const unknownKey = fc.constantFrom('Foo', 'limit', '', 'A.B', '0', 'Name ', 'Ünïcode', 'a\u0000');

export const badValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { weight: 6, arbitrary: badScalar },
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constantFrom(deepArrays(40), deepObjects(40), deepArrays(31)) },
    { weight: 1, arbitrary: fc.constant(DEEP_MARK) },
    { weight: 1, arbitrary: fc.constant(WIDE_MARK) },
    { weight: 2, arbitrary: fc.array(tie('v'), { maxLength: 4, depthIdentifier: 'bad' }) },
    {
      weight: 2,
      arbitrary: fc.dictionary(unknownKey, tie('v'), { maxKeys: 3, depthIdentifier: 'bad' }),
    },
  ),
})).v;

/** A value that passes the field's declared rules (most of the time: patterns are approximate). */
export function validValue(meta: FieldMeta, depth = 0): fc.Arbitrary<unknown> {
  const r = meta.rules;
  let one: fc.Arbitrary<unknown>;
  switch (meta.kind) {
    case 'string':
      one = r.enum
        ? fc.constantFrom(...r.enum)
        : r.pattern
          ? // Cut to the maximum length but not filtered for the minimum: a filter that rarely
            // passes (a 32-character key) stalls generation, and a short value is a fine probe.
            fc.stringMatching(r.pattern).map((s) => s.slice(0, r.maxLength ?? 64))
          : fc.string({ minLength: r.minLength ?? 0, maxLength: Math.min(r.maxLength ?? 40, 40) });
      if (!r.enum && r.maxLength !== undefined) {
        // As long as declared, in 1- and 3-byte characters (a declared length past a column's).
        one = fc.oneof(one, fc.constantFrom('a'.repeat(r.maxLength), '测'.repeat(r.maxLength)));
      }
      break;
    case 'integer': {
      const min = Math.max(r.min ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER);
      const max = Math.min(r.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      // The bounds themselves often: a declared range wider than a column is a classic fault.
      one = fc.oneof(
        fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }),
        fc.constantFrom(min, max),
      );
      break;
    }
    case 'number':
      one = fc.double({ min: r.min ?? -1e9, max: r.max ?? 1e9, noNaN: true });
      break;
    case 'boolean':
      one = fc.boolean();
      break;
    default:
      one = depth > 3 ? fc.constant({}) : validObject(meta.nested!(), depth + 1);
  }
  if (!meta.array) return one;
  return fc.array(one, { minLength: r.minItems ?? 0, maxLength: Math.min(r.maxItems ?? 3, 3) });
}

export function validObject(cls: Class<unknown>, depth = 0): fc.Arbitrary<unknown> {
  const fields = fieldsOf(cls);
  const shape = Object.fromEntries(fields.map((f) => [f.name, validValue(f, depth)]));
  const requiredKeys = fields.filter((f) => !f.optional).map((f) => f.name);
  return fc.record(shape, { requiredKeys });
}

/** Every declared field's path, items of object arrays as index 0, up to three levels. */
export function fieldPaths(cls: Class<unknown>, prefix: Path = [], depth = 0): Path[] {
  const out: Path[] = [];
  for (const f of fieldsOf(cls)) {
    const path = [...prefix, f.name];
    out.push(path);
    if (f.kind === 'object' && f.nested && depth < 2) {
      out.push(...fieldPaths(f.nested(), f.array ? [...path, 0] : path, depth + 1));
    }
  }
  return out;
}

/** The field declared at `path` (indexes skipped), if any. */
export function metaAt(cls: Class<unknown>, path: Path): FieldMeta | undefined {
  let fields = fieldsOf(cls);
  let meta: FieldMeta | undefined;
  for (const seg of path) {
    if (typeof seg === 'number') continue;
    meta = fields.find((f) => f.name === seg);
    if (!meta) return undefined;
    fields = meta.nested ? fieldsOf(meta.nested()) : [];
  }
  return meta;
}

/** Sets (or with `undefined`, deletes) `path` in `root`, creating containers on the way. */
export function setPath(root: Record<string, unknown>, path: Path, value: unknown): void {
  let node: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const next = node[seg];
    if (next === null || typeof next !== 'object') {
      node[seg] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = node[seg] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}

type Mutation =
  | { kind: 'set'; path: Path; value: unknown }
  | { kind: 'delete'; path: Path }
  | { kind: 'unknown'; path: Path; value: unknown };

export interface FuzzCase {
  encoding: Encoding;
  mutations: Mutation[];
  body: Record<string, unknown>;
  /** Set when the body holds DEEP_RAW, which only a hand-built JSON text can carry. */
  rawJson?: string;
}

/** A field's replacement: another valid value, or a bad one (for object arrays, bad items too). */
function replacement(cls: Class<unknown>, path: Path): fc.Arbitrary<unknown> {
  const meta = metaAt(cls, path);
  if (!meta) return badValue;
  const arbs: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 2, arbitrary: validValue(meta) },
    { weight: 5, arbitrary: badValue },
  ];
  if (meta.kind === 'object' && meta.nested) {
    const item = fc.dictionary(
      fc.constantFrom(...fieldsOf(meta.nested()).map((f) => f.name), 'Extra'),
      badValue,
      { maxKeys: 4 },
    );
    arbs.push({
      weight: 3,
      arbitrary: meta.array ? fc.array(fc.oneof(item, badValue), { maxLength: 3 }) : item,
    });
  }
  return fc.oneof(...arbs);
}

function mutationArb(cls: Class<unknown>): fc.Arbitrary<Mutation> {
  const paths = fieldPaths(cls);
  const known = paths.length > 0 ? fc.constantFrom(...paths) : fc.constant<Path>(['Foo']);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: known.chain((path) =>
        replacement(cls, path).map((value): Mutation => ({ kind: 'set', path, value })),
      ),
    },
    {
      weight: 2,
      arbitrary: known.map((path): Mutation => ({ kind: 'set', path, value: null })),
    },
    { weight: 1, arbitrary: known.map((path): Mutation => ({ kind: 'delete', path })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom<Path>([], ...paths.filter((p) => p.length < 3)),
          unknownKey,
          badValue,
        )
        .map(([at, key, value]): Mutation => ({ kind: 'unknown', path: [...at, key], value })),
    },
  );
}

/** Random cases for an action: its base body under 1-4 mutations, in one of the encodings. */
export function fuzzCaseArb(
  cls: Class<unknown>,
  base: Record<string, unknown>,
): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      encoding: fc.constantFrom<Encoding>('json', 'json', 'json', 'json', 'json', 'form', 'query'),
      mutations: fc.array(mutationArb(cls), { minLength: 1, maxLength: 4 }),
    })
    .map(({ encoding, mutations }) => {
      const marked = structuredClone(base);
      // Values are copied in: fc.constant hands out one instance, which a later path would edit.
      for (const m of mutations) {
        setPath(marked, m.path, m.kind === 'delete' ? undefined : structuredClone(m.value));
      }
      let json = JSON.stringify(marked);
      for (const [mark, value] of EXPANSIONS) json = json.split(mark).join(value);
      const deep = json.includes(JSON.stringify(DEEP_MARK));
      return {
        // A GET query past the HTTP header limit is refused by Node itself, not the gateway.
        encoding: encoding === 'query' && json.length > 4000 ? 'form' : deep ? 'json' : encoding,
        mutations,
        body: JSON.parse(json) as Record<string, unknown>,
        rawJson: deep ? json.split(JSON.stringify(DEEP_MARK)).join(DEEP_RAW) : undefined,
      };
    });
}
