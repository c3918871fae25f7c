import fc from 'fast-check';
import { ApiError } from '../api-error.js';
import {
  BoolField,
  IntArrayField,
  IntField,
  ObjectArrayField,
  ObjectField,
  StringArrayField,
  StringField,
} from '../fields.js';
import { validateParams } from './validate.js';

class TestTag {
  @StringField({
    description: 'key',
    minLength: 1,
    maxLength: 8,
    pattern: /^[a-z]+$/,
    patternHint: 'lower-case letters',
  })
  TagKey!: string;

  @StringField({ description: 'value', optional: true })
  TagValue?: string;
}

class TestLimits {
  @IntField({ description: 'tps', min: 1 })
  MaxTps!: number;
}

class TestRequest {
  @StringField({ description: 'name', minLength: 3, maxLength: 10 })
  Name!: string;

  @IntField({ description: 'limit', min: 0, max: 100, optional: true })
  Limit?: number;

  @BoolField({ description: 'flag', optional: true })
  Enabled?: boolean;

  @StringField({ description: 'mode', optional: true, enum: ['fast', 'safe'] })
  Mode?: string;

  @StringArrayField({ description: 'ids', optional: true, maxItems: 2, item: { maxLength: 3 } })
  Ids?: string[];

  @IntArrayField({ description: 'ports', optional: true, item: { min: 1, max: 65535 } })
  Ports?: number[];

  @ObjectArrayField(() => TestTag, { description: 'tags', optional: true, maxItems: 2 })
  TagList?: TestTag[];

  @ObjectField(() => TestLimits, { description: 'limits', optional: true })
  Limits?: TestLimits;
}

class NoFields {}

async function fault(cls: new () => object, params: Record<string, unknown>): Promise<ApiError> {
  try {
    await validateParams(cls, params);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(params)} to be refused`);
}

const ok = { Name: 'dev' };

describe('validateParams maps each fault to its error code', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    // UnknownParameter
    ['an unknown field', { ...ok, Bogus: 1 }, 'UnknownParameter', '`Bogus`'],
    ['a misspelled field', { ...ok, limit: 10 }, 'UnknownParameter', '`limit`'],
    [
      'an unknown field in an array item',
      { ...ok, TagList: [{ TagKey: 'a' }, { TagKey: 'b', Extra: 'x' }] },
      'UnknownParameter',
      '`TagList.1.Extra`',
    ],
    [
      'an unknown field in a nested object',
      { ...ok, Limits: { MaxTps: 1, Burst: 2 } },
      'UnknownParameter',
      '`Limits.Burst`',
    ],
    // MissingParameter
    ['a missing required field', {}, 'MissingParameter', '`Name`'],
    ['a required field given as null', { Name: null }, 'MissingParameter', '`Name`'],
    [
      'a missing required field in an array item',
      { ...ok, TagList: [{ TagValue: 'v' }] },
      'MissingParameter',
      '`TagList.0.TagKey`',
    ],
    [
      'a missing required field in a nested object',
      { ...ok, Limits: {} },
      'MissingParameter',
      '`Limits.MaxTps`',
    ],
    // InvalidParameter: the type is wrong
    ['a number for a string', { Name: 12345 }, 'InvalidParameter', '`Name` must be a string'],
    [
      'a string for an integer (JSON values are not converted)',
      { ...ok, Limit: '10' },
      'InvalidParameter',
      '`Limit` must be an integer',
    ],
    ['a fraction for an integer', { ...ok, Limit: 1.5 }, 'InvalidParameter', '`Limit`'],
    [
      'a string for a boolean',
      { ...ok, Enabled: 'true' },
      'InvalidParameter',
      '`Enabled` must be a boolean',
    ],
    [
      'a scalar for a string array',
      { ...ok, Ids: 'a' },
      'InvalidParameter',
      '`Ids` must be an array',
    ],
    ['numbers in a string array', { ...ok, Ids: [1] }, 'InvalidParameter', '`Ids`'],
    ['strings in an integer array', { ...ok, Ports: ['80'] }, 'InvalidParameter', '`Ports`'],
    [
      'an object for an object array',
      { ...ok, TagList: { TagKey: 'a' } },
      'InvalidParameter',
      '`TagList` must be an array',
    ],
    [
      'an index-keyed object for an object array',
      { ...ok, TagList: { 0: { TagKey: 'a' } } },
      'InvalidParameter',
      '`TagList` must be an array',
    ],
    ['a string in an object array', { ...ok, TagList: ['a'] }, 'InvalidParameter', '`TagList`'],
    ['a string for an object', { ...ok, Limits: 'x' }, 'InvalidParameter', '`Limits`'],
    [
      'a wrong type in an array item',
      { ...ok, TagList: [{ TagKey: 7 }] },
      'InvalidParameter',
      '`TagList.0.TagKey` must be a string',
    ],
    // InvalidParameterValue: the type is right, the value is not
    [
      'an integer above the maximum',
      { ...ok, Limit: 101 },
      'InvalidParameterValue',
      '`Limit` is invalid: it must be between 0 and 100',
    ],
    ['an integer below the minimum', { ...ok, Limit: -1 }, 'InvalidParameterValue', '`Limit`'],
    [
      'a string too short',
      { Name: 'ab' },
      'InvalidParameterValue',
      '`Name` is invalid: it must be 3-10 characters long',
    ],
    ['a string too long', { Name: 'abcdefghijk' }, 'InvalidParameterValue', '`Name`'],
    [
      'a string not matching the pattern',
      { ...ok, TagList: [{ TagKey: 'ABC' }] },
      'InvalidParameterValue',
      'lower-case letters',
    ],
    [
      'a value outside the enum',
      { ...ok, Mode: 'turbo' },
      'InvalidParameterValue',
      'must be one of fast, safe',
    ],
    [
      'too many array items',
      { ...ok, Ids: ['a', 'b', 'c'] },
      'InvalidParameterValue',
      'at most 2 items',
    ],
    ['an array item too long', { ...ok, Ids: ['abcd'] }, 'InvalidParameterValue', '`Ids`'],
    [
      'an integer array item out of range',
      { ...ok, Ports: [0] },
      'InvalidParameterValue',
      '`Ports`',
    ],
    [
      'too many objects',
      { ...ok, TagList: [{ TagKey: 'a' }, { TagKey: 'b' }, { TagKey: 'c' }] },
      'InvalidParameterValue',
      '`TagList`',
    ],
    [
      'a nested value out of range',
      { ...ok, Limits: { MaxTps: 0 } },
      'InvalidParameterValue',
      '`Limits.MaxTps`',
    ],
  ])('%s', async (_name, params, code, inMessage) => {
    const e = await fault(TestRequest, params);
    expect(e.code).toBe(code);
    expect(e.message).toContain(inMessage);
  });
});

describe('validateParams reports the most telling fault first', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'unknown over missing, type and value',
      { Bogus: 1, Limit: 'x', Mode: 'turbo' },
      'UnknownParameter',
      '`Bogus`',
    ],
    [
      'a nested unknown over a top-level value fault',
      { Name: 'ab', TagList: [{ TagKey: 'a', Extra: 1 }] },
      'UnknownParameter',
      '`TagList.0.Extra`',
    ],
    ['missing over type and value', { Limit: 'x', Mode: 'turbo' }, 'MissingParameter', '`Name`'],
    ['type over value', { Name: 'ab', Limit: 'x' }, 'InvalidParameter', '`Limit`'],
    [
      'type over value, whatever the field order',
      { Limit: 'x', Name: 'ab' },
      'InvalidParameter',
      '`Limit`',
    ],
    [
      'value when nothing else is wrong',
      { Name: 'ab', Limit: 101 },
      'InvalidParameterValue',
      '`Name`',
    ],
  ])('%s', async (_name, params, code, inMessage) => {
    const e = await fault(TestRequest, params);
    expect(e.code).toBe(code);
    expect(e.message).toContain(inMessage);
  });

  it('holds for any combination of faults (property)', async () => {
    const faults = {
      unknown: { Bogus: 1 },
      missing: {},
      type: { Enabled: 'yes' },
      value: { Mode: 'turbo' },
    } as const;
    const expected = [
      'UnknownParameter',
      'MissingParameter',
      'InvalidParameter',
      'InvalidParameterValue',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(['unknown', 'missing', 'type', 'value'] as const, { minLength: 1 }),
        async (chosen) => {
          const params: Record<string, unknown> = chosen.includes('missing') ? {} : { ...ok };
          for (const c of chosen) Object.assign(params, faults[c]);
          const first = ['unknown', 'missing', 'type', 'value'].findIndex((c) =>
            chosen.includes(c as never),
          );
          expect((await fault(TestRequest, params)).code).toBe(expected[first]);
        },
      ),
    );
  });
});

describe('validateParams accepts', () => {
  it('a full valid request, building nested instances', async () => {
    const req = await validateParams(TestRequest, {
      Name: 'dev',
      Limit: 0,
      Enabled: false,
      Mode: 'safe',
      Ids: ['a', 'bcd'],
      Ports: [1, 65535],
      TagList: [{ TagKey: 'env', TagValue: '' }],
      Limits: { MaxTps: 5 },
    });
    expect(req).toBeInstanceOf(TestRequest);
    expect(req.TagList![0]).toBeInstanceOf(TestTag);
    expect(req.Limits).toBeInstanceOf(TestLimits);
    expect(JSON.parse(JSON.stringify(req))).toEqual({
      Name: 'dev',
      Limit: 0,
      Enabled: false,
      Mode: 'safe',
      Ids: ['a', 'bcd'],
      Ports: [1, 65535],
      TagList: [{ TagKey: 'env', TagValue: '' }],
      Limits: { MaxTps: 5 },
    });
  });

  it('null as absent for every optional field', async () => {
    const req = await validateParams(TestRequest, {
      Name: 'dev',
      Limit: null,
      Enabled: null,
      Mode: null,
      Ids: null,
      Ports: null,
      TagList: null,
      Limits: null,
    });
    expect(req.Name).toBe('dev');
  });

  it('null for an optional field inside an array item', async () => {
    await expect(
      validateParams(TestRequest, { Name: 'dev', TagList: [{ TagKey: 'a', TagValue: null }] }),
    ).resolves.toBeInstanceOf(TestRequest);
  });

  it('empty arrays', async () => {
    await expect(
      validateParams(TestRequest, { Name: 'dev', Ids: [], TagList: [] }),
    ).resolves.toMatchObject({ Ids: [], TagList: [] });
  });
});

describe('validateParams on an action without parameters', () => {
  it('accepts nothing', async () => {
    await expect(validateParams(NoFields, {})).resolves.toBeInstanceOf(NoFields);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ Anything: 1 }, '`Anything`'],
    [{ Limit: null }, '`Limit`'],
    [{ A: { B: 1 } }, '`A`'],
  ])('refuses %j with UnknownParameter', async (params, inMessage) => {
    const e = await fault(NoFields, params);
    expect(e.code).toBe('UnknownParameter');
    expect(e.message).toContain(inMessage);
  });
});
