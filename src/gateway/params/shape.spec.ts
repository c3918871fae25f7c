import fc from 'fast-check';
import { ApiError } from '../api-error.js';
import { decodeForm, parseJsonParams, unflatten } from './params.js';
import { MAX_PARAM_DEPTH, MAX_PARAM_VALUES, screenParams } from './shape.js';

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const nestArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const json = (s: string) => Buffer.from(s);

describe('screenParams: depth', () => {
  it('accepts MAX_PARAM_DEPTH levels, the top-level object included', () => {
    expect(() => parseJsonParams(json(`{"A":${nestArrays(MAX_PARAM_DEPTH - 1)}}`))).not.toThrow();
  });

  it('refuses one level more with InvalidParameter naming the parameter', () => {
    const e = apiError(() => parseJsonParams(json(`{"A":${nestArrays(MAX_PARAM_DEPTH)}}`)));
    expect(e.code).toBe('InvalidParameter');
    expect(e.message).toMatch(/^The parameter `A(\.0)+` is nested too deeply: at most 32 levels/);
  });

  it.each([1_500, 100_000])('refuses %i nested arrays without overflowing the stack', (n) => {
    expect(apiError(() => parseJsonParams(json(`{"A":${nestArrays(n)}}`))).code).toBe(
      'InvalidParameter',
    );
  });

  it('refuses deep objects from a flattened request too', () => {
    const key = Array.from({ length: 5_000 }, () => 'A').join('.');
    expect(apiError(() => unflatten([[key, 'v']])).code).toBe('InvalidParameter');
  });
});

describe('screenParams: size', () => {
  it(`accepts ${MAX_PARAM_VALUES} values`, () => {
    // The object itself, its one key and that array's items.
    expect(() => screenParams({ A: new Array(MAX_PARAM_VALUES - 2).fill(0) })).not.toThrow();
  });

  it('refuses one more with InvalidParameter', () => {
    const e = apiError(() => screenParams({ A: new Array(MAX_PARAM_VALUES - 1).fill(0) }));
    expect(e.code).toBe('InvalidParameter');
    expect(e.message).toContain('too many parameter values');
  });

  it('counts object keys', () => {
    const wide = Object.fromEntries(
      Array.from({ length: MAX_PARAM_VALUES }, (_, i) => [`K${i}`, 1]),
    );
    expect(apiError(() => screenParams(wide)).code).toBe('InvalidParameter');
  });

  it('refuses a flood of form pairs before building anything', () => {
    const form = Array.from({ length: MAX_PARAM_VALUES + 1 }, (_, i) => `K${i}=1`).join('&');
    expect(apiError(() => unflatten(decodeForm(form))).code).toBe('InvalidParameter');
  });
});

describe('screenParams: U+0000', () => {
  it.each<[string, unknown, string]>([
    ['a top-level string', { ClusterId: 'a\u0000' }, '`ClusterId`'],
    ['an array item', { Ids: ['ok', '\u0000'] }, '`Ids.1`'],
    ['a nested field', { TagList: [{ TagKey: 'k', TagValue: 'v\u0000' }] }, '`TagList.0.TagValue`'],
    ['an unknown parameter', { Anything: '\u0000' }, '`Anything`'],
  ])('in %s → InvalidParameterValue naming it', (_name, params, named) => {
    const e = apiError(() => screenParams(params));
    expect(e.code).toBe('InvalidParameterValue');
    expect(e.message).toContain(named);
    expect(e.message).toContain('U+0000');
  });

  it('in a JSON body (escaped), a form body and a query string alike', () => {
    expect(apiError(() => parseJsonParams(json('{"Remark":"a\\u0000b"}'))).code).toBe(
      'InvalidParameterValue',
    );
    expect(apiError(() => unflatten(decodeForm('Remark=a%00b'))).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('in a key → UnknownParameter, shown escaped', () => {
    const e = apiError(() => parseJsonParams(json('{"Na\\u0000me":"x"}')));
    expect(e.code).toBe('UnknownParameter');
    expect(e.message).toContain('`Na\\u0000me`');
  });

  it('leaves other control characters and any other string alone (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')),
        (s) => {
          expect(() => screenParams({ A: s, B: [s], C: { D: s } })).not.toThrow();
        },
      ),
    );
  });
});

describe('screenParams: keys', () => {
  it('names a forbidden key by its dotted path', () => {
    const e = apiError(() => screenParams({ Tags: [{}, JSON.parse('{"__proto__":1}')] }));
    expect(e.code).toBe('UnknownParameter');
    expect(e.message).toContain('`Tags.1.__proto__`');
  });

  it('cuts a huge key short in the message', () => {
    const e = apiError(() => screenParams({ ['k'.repeat(10_000)]: { prototype: 1 } }));
    expect(e.code).toBe('UnknownParameter');
    expect(e.message.length).toBeLessThan(200);
  });
});
