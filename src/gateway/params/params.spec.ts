import fc from 'fast-check';
import { stringify } from 'node:querystring';
import abstractClientModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client.js';
import { ApiError } from '../api-error.js';
import {
  BoolField,
  IntField,
  NumberField,
  ObjectArrayField,
  ObjectField,
  StringArrayField,
  StringField,
} from '../fields.js';
import { coerceToTypes, decodeForm, parseJsonParams, unflatten } from './params.js';
import { validateParams } from './validate.js';

const { AbstractClient } = (
  (abstractClientModule as any).AbstractClient
    ? abstractClientModule
    : (abstractClientModule as any).default
) as { AbstractClient: { prototype: object } };

/** The SDK's own flattening (`A.0.B=v`) of request params for GET and legacy requests. */
const sdk = Object.create(AbstractClient.prototype) as {
  mergeData(data: unknown): Record<string, unknown>;
};
const sdkEncode = (params: object) => stringify(sdk.mergeData(params) as never);

class TestTag {
  @StringField({ description: 'key' })
  TagKey!: string;

  @StringField({ description: 'value', optional: true })
  TagValue?: string;
}

class TestLimits {
  @IntField({ description: 'tps' })
  MaxTps!: number;

  @BoolField({ description: 'enabled' })
  Enabled!: boolean;

  @StringArrayField({ description: 'zones' })
  Zones!: string[];
}

class TestRequest {
  @StringField({ description: 'name' })
  Name!: string;

  @IntField({ description: 'limit', optional: true })
  Limit?: number;

  @BoolField({ description: 'flag', optional: true })
  Enabled?: boolean;

  @NumberField({ description: 'ratio', optional: true })
  Ratio?: number;

  @StringArrayField({ description: 'ids', optional: true })
  Ids?: string[];

  @ObjectArrayField(() => TestTag, { description: 'tags', optional: true })
  TagList?: TestTag[];

  @ObjectField(() => TestLimits, { description: 'limits', optional: true })
  Limits?: TestLimits;
}

/**
 * Any string the SDK can encode (no lone surrogates), including the characters of the form
 * syntax; without U+0000, which every encoding refuses (shape.spec.ts).
 */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => !s.includes('\u0000')),
  fc.stringMatching(/^[&=+%. ?#]{0,6}$/),
  fc.constantFrom('true', '12', '-0', ''),
);
const requestArb = fc
  .record(
    {
      Name: text,
      Limit: fc.maxSafeInteger(),
      Enabled: fc.boolean(),
      Ratio: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
      // The SDK sends nothing for an empty array, so arrays here are non-empty.
      Ids: fc.array(text, { minLength: 1, maxLength: 4 }),
      TagList: fc.array(fc.record({ TagKey: text, TagValue: text }, { requiredKeys: ['TagKey'] }), {
        minLength: 1,
        maxLength: 4,
      }),
      Limits: fc.record({
        MaxTps: fc.integer(),
        Enabled: fc.boolean(),
        Zones: fc.array(text, { minLength: 1, maxLength: 3 }),
      }),
    },
    { requiredKeys: ['Name'] },
  )
  .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('flattened parameters round-trip into the typed request', () => {
  it('SDK mergeData + form encoding → decodeForm → unflatten → coerceToTypes gives the original (property)', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (original) => {
        const encoded = sdkEncode(original);
        const coerced = coerceToTypes(TestRequest, unflatten(decodeForm(encoded)));
        expect(coerced).toEqual(original);
        // ...and the validator accepts exactly that object.
        const validated = await validateParams(TestRequest, coerced as Record<string, unknown>);
        expect(JSON.parse(JSON.stringify(validated))).toEqual(original);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same object as the JSON body of the same call (property)', () => {
    fc.assert(
      fc.property(requestArb, (original) => {
        const fromJson = parseJsonParams(Buffer.from(JSON.stringify(original)));
        const fromForm = coerceToTypes(TestRequest, unflatten(decodeForm(sdkEncode(original))));
        expect(fromForm).toEqual(fromJson);
      }),
      { numRuns: 100 },
    );
  });

  it('works on a hand-written SDK-style query', () => {
    const pairs = decodeForm(
      'Name=dev+1&Limit=20&Enabled=TRUE&Ids.0=a&Ids.1=b&TagList.0.TagKey=env&TagList.0.TagValue=%E6%B5%8B&Limits.MaxTps=5&Limits.Enabled=false&Limits.Zones.0=z',
    );
    expect(coerceToTypes(TestRequest, unflatten(pairs))).toEqual({
      Name: 'dev 1',
      Limit: 20,
      Enabled: true,
      Ids: ['a', 'b'],
      TagList: [{ TagKey: 'env', TagValue: '测' }],
      Limits: { MaxTps: 5, Enabled: false, Zones: ['z'] },
    });
  });
});

describe('decodeForm', () => {
  it.each<[string, Array<[string, string]>]>([
    ['', []],
    [
      'a=1&b=2',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
    [
      'b=2&a=1',
      [
        ['b', '2'],
        ['a', '1'],
      ],
    ],
    [
      'a=1&a=2',
      [
        ['a', '1'],
        ['a', '2'],
      ],
    ],
    ['a', [['a', '']]],
    ['a=', [['a', '']]],
    ['&&a=1&', [['a', '1']]],
    ['a=b=c', [['a', 'b=c']]],
    ['x+y=1+2', [['x y', '1 2']]],
    ['a=%2B%26%3D', [['a', '+&=']]],
    ['Tag%2EKey=%E6%B5%8B%E8%AF%95', [['Tag.Key', '测试']]],
    ['a=%F0%9F%9A%80', [['a', '🚀']]],
  ])('%j → %j', (raw, pairs) => {
    expect(decodeForm(raw)).toEqual(pairs);
  });

  it.each([['a=%zz'], ['a=%E6%B5'], ['a=%'], ['a=100%'], ['%ZZ=1'], ['ok=1&bad=%C3%28']])(
    'refuses bad percent-encoding %j with InvalidParameter',
    (raw) => {
      expect(apiError(() => decodeForm(raw)).code).toBe('InvalidParameter');
    },
  );
});

describe('unflatten', () => {
  it('builds nested objects from dotted keys, array indexes left as keys', () => {
    expect(
      unflatten([
        ['A.0.B', 'x'],
        ['A.0.C', 'y'],
        ['A.1.B', 'z'],
        ['D', 'w'],
      ]),
    ).toEqual({
      A: { 0: { B: 'x', C: 'y' }, 1: { B: 'z' } },
      D: 'w',
    });
  });

  it.each<[string, Array<[string, string]>, string]>([
    [
      'a value then a structure',
      [
        ['A', '1'],
        ['A.0', '2'],
      ],
      'InvalidParameter',
    ],
    [
      'a structure then a value',
      [
        ['A.0', '2'],
        ['A', '1'],
      ],
      'InvalidParameter',
    ],
    [
      'a nested value then a deeper structure',
      [
        ['A.0.B', '1'],
        ['A.0.B.C', '2'],
      ],
      'InvalidParameter',
    ],
    [
      'a nested structure then a value',
      [
        ['A.0.B', '1'],
        ['A.0', '2'],
      ],
      'InvalidParameter',
    ],
    [
      'the same key twice',
      [
        ['A', '1'],
        ['A', '1'],
      ],
      'InvalidParameter',
    ],
    [
      'the same nested key twice',
      [
        ['A.0.B', '1'],
        ['A.0.B', '2'],
      ],
      'InvalidParameter',
    ],
    ['__proto__', [['__proto__', '1']], 'UnknownParameter'],
    ['__proto__ as a path', [['__proto__.polluted', '1']], 'UnknownParameter'],
    ['a nested __proto__', [['A.__proto__.polluted', '1']], 'UnknownParameter'],
    ['constructor.prototype', [['constructor.prototype.polluted', '1']], 'UnknownParameter'],
    ['a nested constructor', [['TagList.0.constructor', '1']], 'UnknownParameter'],
    ['prototype', [['A.prototype', '1']], 'UnknownParameter'],
    ['an empty segment', [['A..B', '1']], 'UnknownParameter'],
    ['a leading dot', [['.A', '1']], 'UnknownParameter'],
    ['a trailing dot', [['A.', '1']], 'UnknownParameter'],
    ['an empty name', [['', '1']], 'UnknownParameter'],
  ])('refuses %s', (_name, pairs, code) => {
    expect(apiError(() => unflatten(pairs)).code).toBe(code);
  });

  it('never pollutes Object.prototype', () => {
    for (const key of [
      '__proto__.polluted',
      'constructor.prototype.polluted',
      'A.__proto__.polluted',
    ]) {
      expect(() => unflatten([[key, 'yes']])).toThrow(ApiError);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the offending parameter', () => {
    expect(
      apiError(() =>
        unflatten([
          ['Name', 'a'],
          ['Name', 'b'],
        ]),
      ).message,
    ).toContain('`Name`');
    expect(
      apiError(() =>
        unflatten([
          ['A', '1'],
          ['A.0.B', '2'],
        ]),
      ).message,
    ).toContain('`A`');
  });
});

describe('coerceToTypes', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['an integer string', { Limit: '10' }, { Limit: 10 }],
    ['a negative integer string', { Limit: '-5' }, { Limit: -5 }],
    [
      'a fractional string for an integer (left for the validator)',
      { Limit: '1.5' },
      { Limit: '1.5' },
    ],
    ['a word for an integer (left)', { Limit: 'ten' }, { Limit: 'ten' }],
    ['an empty string for an integer (left)', { Limit: '' }, { Limit: '' }],
    [
      '17 digits for an integer (converted as JSON.parse would; the validator refuses it as unsafe)',
      { Limit: '12345678901234567' },
      { Limit: Number('12345678901234567') },
    ],
    ['true in any case', { Enabled: 'TRUE' }, { Enabled: true }],
    ['false in any case', { Enabled: 'False' }, { Enabled: false }],
    ['1 for a boolean (left)', { Enabled: '1' }, { Enabled: '1' }],
    ['a decimal number', { Ratio: '0.25' }, { Ratio: 0.25 }],
    ['a blank number (left)', { Ratio: ' ' }, { Ratio: ' ' }],
    ['Infinity for a number (left)', { Ratio: 'Infinity' }, { Ratio: 'Infinity' }],
    ['a numeric string field (kept a string)', { Name: '007' }, { Name: '007' }],
    ['a JSON integer (untouched)', { Limit: 10 }, { Limit: 10 }],
    ['a JSON string array (untouched)', { Ids: ['1', '2'] }, { Ids: ['1', '2'] }],
    ['an unknown key (left for UnknownParameter)', { Bogus: '1' }, { Bogus: '1' }],
    ['indexes 0..n into an array', { Ids: { 0: 'a', 1: 'b', 2: 'c' } }, { Ids: ['a', 'b', 'c'] }],
    [
      'indexes out of order into an ordered array',
      { Ids: { 1: 'b', 0: 'a' } },
      { Ids: ['a', 'b'] },
    ],
    [
      'a gap in the indexes (left as an object)',
      { Ids: { 0: 'a', 2: 'c' } },
      { Ids: { 0: 'a', 2: 'c' } },
    ],
    ['indexes not starting at 0 (left)', { Ids: { 1: 'b' } }, { Ids: { 1: 'b' } }],
    ['a zero-padded index (left)', { Ids: { '00': 'a' } }, { Ids: { '00': 'a' } }],
    ['a named key among indexes (left)', { Ids: { 0: 'a', x: 'b' } }, { Ids: { 0: 'a', x: 'b' } }],
    ['a scalar where an array is declared (left)', { Ids: 'a' }, { Ids: 'a' }],
    [
      'nested objects and arrays of objects',
      {
        TagList: { 0: { TagKey: 'k' } },
        Limits: { MaxTps: '7', Enabled: 'true', Zones: { 0: 'z' }, Extra: '1' },
      },
      {
        TagList: [{ TagKey: 'k' }],
        Limits: { MaxTps: 7, Enabled: true, Zones: ['z'], Extra: '1' },
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(coerceToTypes(TestRequest, input)).toEqual(expected);
  });

  it('returns non-objects as they are', () => {
    for (const v of ['x', 1, null, undefined, ['a']])
      expect(coerceToTypes(TestRequest, v)).toEqual(v);
  });

  it.each([
    ['a gap in a string array', 'Name=x&Ids.0=a&Ids.2=c', 'InvalidParameter'],
    [
      'a gap in an object array',
      'Name=x&TagList.0.TagKey=a&TagList.2.TagKey=c',
      'InvalidParameter',
    ],
    ['an array given as a scalar', 'Name=x&Ids=a', 'InvalidParameter'],
    ['an integer that is not one', 'Name=x&Limit=1.5', 'InvalidParameter'],
    ['an integer past 2^53', 'Name=x&Limit=12345678901234567', 'InvalidParameterValue'],
  ])('leaves %s for the validator to refuse', async (_name, raw, code) => {
    const coerced = coerceToTypes(TestRequest, unflatten(decodeForm(raw))) as Record<
      string,
      unknown
    >;
    // Like a gap in a string array, the fault is the array itself: not an unknown `TagList.0`.
    await expect(validateParams(TestRequest, coerced)).rejects.toMatchObject({ code });
    await expect(validateParams(TestRequest, coerced)).rejects.toThrow(/`(Ids|TagList|Limit)`/);
  });
});

describe('parseJsonParams', () => {
  it.each([
    ['an empty body', '', {}],
    ['an empty object', '{}', {}],
    ['an object with whitespace', ' \n{ "Limit" : 1 }\n', { Limit: 1 }],
    [
      'nested parameters',
      '{"TagList":[{"TagKey":"k","TagValue":"测"}],"IsTagFilter":true}',
      { TagList: [{ TagKey: 'k', TagValue: '测' }], IsTagFilter: true },
    ],
    ['nulls kept for the validator', '{"Remark":null}', { Remark: null }],
  ])('reads %s', (_name, body, expected) => {
    expect(parseJsonParams(Buffer.from(body))).toEqual(expected);
  });

  it.each([
    ['an array', '[]', 'InvalidParameter'],
    ['an array of objects', '[{"Limit":1}]', 'InvalidParameter'],
    ['null', 'null', 'InvalidParameter'],
    ['a number', '42', 'InvalidParameter'],
    ['a string', '"Limit"', 'InvalidParameter'],
    ['a boolean', 'true', 'InvalidParameter'],
    ['truncated JSON', '{"Limit":', 'InvalidParameter'],
    ['a form body', 'Limit=1', 'InvalidParameter'],
    ['whitespace only', '   ', 'InvalidParameter'],
    ['a __proto__ key', '{"__proto__":{"polluted":1}}', 'UnknownParameter'],
    ['a constructor key', '{"constructor":{"prototype":{}}}', 'UnknownParameter'],
    ['a nested __proto__ key', '{"Limits":{"__proto__":{}}}', 'UnknownParameter'],
    [
      'a __proto__ key in an array item',
      '{"TagList":[{"TagKey":"k"},{"__proto__":{}}]}',
      'UnknownParameter',
    ],
    ['a prototype key', '{"prototype":1}', 'UnknownParameter'],
  ])('refuses %s', (_name, body, code) => {
    expect(apiError(() => parseJsonParams(Buffer.from(body))).code).toBe(code);
  });

  it('names the dotted path of a forbidden key', () => {
    expect(
      apiError(() => parseJsonParams(Buffer.from('{"TagList":[{},{"constructor":1}]}'))).message,
    ).toContain('`TagList.1.constructor`');
  });
});
