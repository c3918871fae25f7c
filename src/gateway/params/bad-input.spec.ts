import fc from 'fast-check';
import { ApiError } from '../api-error.js';
import {
  fieldsOf,
  IntArrayField,
  IntField,
  ObjectArrayField,
  ObjectField,
  StringField,
  TIMESTAMP_RANGE,
} from '../fields.js';
import { validateParams, withoutNulls } from './validate.js';

/** The central rules for bad input: null, unsafe integers, timestamps out of range. */

class Item {
  @StringField({ description: 'key' })
  Key!: string;

  @StringField({ description: 'value', optional: true })
  Value?: string;
}

class Limits {
  @IntField({ description: 'tps', optional: true, min: 1 })
  MaxTps?: number;
}

class Request {
  @StringField({ description: 'name' })
  Name!: string;

  @IntField({ description: 'limit', optional: true, default: 20, min: 0 })
  Limit = 20;

  @StringField({ description: 'type', optional: true, default: 'TCP', enum: ['TCP', 'HTTP'] })
  Type = 'TCP';

  @IntField({ description: 'any integer', optional: true })
  Any?: number;

  @IntField({ description: 'a time', optional: true, timestamp: 'ms' })
  At?: number;

  @IntField({ description: 'a time in s', optional: true, timestamp: 's', min: 100 })
  AtSeconds?: number;

  @IntArrayField({ description: 'ids', optional: true })
  Ids?: number[];

  @ObjectArrayField(() => Item, { description: 'items', optional: true })
  Items?: Item[];

  @ObjectField(() => Limits, { description: 'limits', optional: true })
  Limits?: Limits;
}

async function fault(params: Record<string, unknown>): Promise<ApiError> {
  try {
    await validateParams(Request, params);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(params)} to be refused`);
}

describe('an explicit null', () => {
  it('is absent: defaults apply and the handler never sees null', async () => {
    const req = await validateParams(Request, {
      Name: 'n',
      Limit: null,
      Type: null,
      Any: null,
      Items: null,
      Limits: null,
    });
    expect(req).toMatchObject({ Name: 'n', Limit: 20, Type: 'TCP' });
    for (const k of ['Any', 'Items', 'Limits']) expect(k in req).toBe(false);
  });

  it('is absent inside objects and array items too', async () => {
    const req = await validateParams(Request, {
      Name: 'n',
      Items: [{ Key: 'k', Value: null }],
      Limits: { MaxTps: null },
    });
    expect(req.Items![0]).toEqual(expect.objectContaining({ Key: 'k' }));
    expect('Value' in req.Items![0]).toBe(false);
    expect('MaxTps' in req.Limits!).toBe(false);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a required field', { Name: null }, '`Name`'],
    ['a required field of an item', { Name: 'n', Items: [{ Key: null }] }, '`Items.0.Key`'],
  ])('for %s is MissingParameter', async (_name, params, named) => {
    const e = await fault(params);
    expect(e.code).toBe('MissingParameter');
    expect(e.message).toContain(named);
  });

  it('as an array item keeps its type fault', async () => {
    expect((await fault({ Name: 'n', Ids: [1, null] })).code).toBe('InvalidParameter');
    expect((await fault({ Name: 'n', Items: [null] })).code).toBe('InvalidParameter');
  });

  it('for an undeclared key is still UnknownParameter', async () => {
    expect((await fault({ Name: 'n', Nope: null })).code).toBe('UnknownParameter');
  });

  it('is removed from every declared field, at any depth, and nothing else (property)', () => {
    const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    const item = fc.record({ Key: nullable(fc.string()), Value: nullable(fc.string()) });
    fc.assert(
      fc.property(
        fc.record({
          Name: nullable(fc.string()),
          Any: nullable(fc.integer()),
          Items: nullable(fc.array(nullable(item), { maxLength: 3 })),
          Limits: nullable(fc.record({ MaxTps: nullable(fc.integer()) })),
          Other: nullable(fc.string()),
        }),
        (params) => {
          const out = withoutNulls(Request, params) as Record<string, unknown>;
          for (const f of fieldsOf(Request)) expect(out[f.name]).not.toBeNull();
          expect('Other' in out).toBe(true);
          for (const it of (out.Items as Array<Record<string, unknown> | null>) ?? []) {
            if (it !== null) expect(Object.values(it)).not.toContain(null);
          }
        },
      ),
    );
  });
});

describe('integers', () => {
  it.each([2 ** 53, -(2 ** 53), 1e16, 1e300, -1e300])(
    '%d is outside the safe range: InvalidParameterValue',
    async (n) => {
      const e = await fault({ Name: 'n', Any: n });
      expect(e.code).toBe('InvalidParameterValue');
      expect(e.message).toContain('`Any`');
    },
  );

  it('the same for an array item', async () => {
    expect((await fault({ Name: 'n', Ids: [1, 2 ** 60] })).code).toBe('InvalidParameterValue');
  });

  it.each([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0])('%d is accepted', async (n) => {
    await expect(validateParams(Request, { Name: 'n', Any: n })).resolves.toBeDefined();
  });

  it('a fraction is still a type fault (InvalidParameter)', async () => {
    expect((await fault({ Name: 'n', Any: 1.5 })).code).toBe('InvalidParameter');
  });
});

describe('timestamps', () => {
  const MS = TIMESTAMP_RANGE.ms;

  it('cover 1970-01-01 to 9999-12-31T23:59:59.999Z, which JS Date represents', () => {
    expect(new Date(MS.max).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(TIMESTAMP_RANGE.s.max).toBe(Math.floor(MS.max / 1000));
  });

  it.each([MS.min, 1_764_000_000_000, MS.max])('%d ms is accepted', async (n) => {
    await expect(validateParams(Request, { Name: 'n', At: n })).resolves.toMatchObject({ At: n });
  });

  it.each([-1, MS.max + 1, 1e15, 8.64e15])('%d ms is InvalidParameterValue', async (n) => {
    const e = await fault({ Name: 'n', At: n });
    expect(e.code).toBe('InvalidParameterValue');
    expect(e.message).toContain(`between 0 and ${MS.max}`);
  });

  it("1e16 ms (the issue's probe) is InvalidParameterValue", async () => {
    expect((await fault({ Name: 'n', At: 1e16 })).code).toBe('InvalidParameterValue');
  });

  it('in seconds, with a declared minimum that narrows the range', async () => {
    expect((await fault({ Name: 'n', AtSeconds: 99 })).code).toBe('InvalidParameterValue');
    expect((await fault({ Name: 'n', AtSeconds: MS.max })).code).toBe('InvalidParameterValue');
    await expect(
      validateParams(Request, { Name: 'n', AtSeconds: TIMESTAMP_RANGE.s.max }),
    ).resolves.toBeDefined();
  });

  it('declare their bounds in the field metadata', () => {
    const at = fieldsOf(Request).find((f) => f.name === 'AtSeconds')!;
    expect(at.rules).toMatchObject({ timestamp: 's', min: 100, max: TIMESTAMP_RANGE.s.max });
  });
});
