import { POLICY_LIMITS, parsePolicyDocument } from './parse.js';
import { PRESET_POLICIES } from './presets.js';
import { PolicyError } from './types.js';

/**
 * The size limits of a policy document besides its length (parse.spec.ts covers that): each
 * accepted at the limit, refused one above it at the element that exceeds it.
 */

const ALLOW_ALL = { effect: 'allow', action: '*', resource: '*' };
const doc = (...statement: unknown[]) => JSON.stringify({ version: '2.0', statement });
const many = <T>(n: number, item: (i: number) => T) => Array.from({ length: n }, (_, i) => item(i));

function refusal(text: string): PolicyError {
  try {
    parsePolicyDocument(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return e as PolicyError;
  }
  throw new Error('expected the document to be refused');
}

/** The document is accepted, and still short enough that the length limit is not what is tested. */
function expectAccepted(text: string) {
  expect(text.length).toBeLessThanOrEqual(POLICY_LIMITS.documentChars);
  expect(() => parsePolicyDocument(text)).not.toThrow();
}

function expectRefused(text: string, path: string, message: string) {
  expect(text.length).toBeLessThanOrEqual(POLICY_LIMITS.documentChars);
  const error = refusal(text);
  expect({ path: error.path, message: error.message }).toEqual({
    path,
    message: `${path}: ${message}`,
  });
}

describe('policy document limits', () => {
  it('are the documented ones', () => {
    expect(POLICY_LIMITS).toEqual({
      documentChars: 4096,
      statements: 50,
      actionsPerStatement: 128,
      resourcesPerStatement: 128,
      conditionValuesPerStatement: 128,
      wildcardsPerPattern: 32,
    });
  });

  it('no preset policy comes near them', () => {
    for (const { document } of PRESET_POLICIES) {
      expect(document.statement.length).toBeLessThanOrEqual(POLICY_LIMITS.statements / 10);
      for (const s of document.statement) {
        expect(s.action.length).toBeLessThanOrEqual(POLICY_LIMITS.actionsPerStatement / 10);
        expect(s.resource.length).toBeLessThanOrEqual(POLICY_LIMITS.resourcesPerStatement / 10);
      }
    }
  });

  it('statements: 50 accepted, 51 refused at `statement`', () => {
    expectAccepted(doc(...many(50, () => ALLOW_ALL)));
    expectRefused(
      doc(...many(51, () => ALLOW_ALL)),
      'statement',
      'has 51 statements; the maximum is 50',
    );
  });

  it('actions: 128 per statement accepted, 129 refused at the statement’s `action`', () => {
    expectAccepted(doc({ ...ALLOW_ALL, action: many(128, () => '*') }));
    expectRefused(
      doc(ALLOW_ALL, { ...ALLOW_ALL, action: many(129, () => '*') }),
      'statement[1].action',
      'lists 129 actions; the maximum is 128 per statement',
    );
  });

  it('resources: 128 per statement accepted, 129 refused at the statement’s `resource`', () => {
    expectAccepted(doc({ ...ALLOW_ALL, resource: many(128, () => '*') }));
    expectRefused(
      doc({ ...ALLOW_ALL, resource: many(129, () => '*') }),
      'statement[0].resource',
      'lists 129 resources; the maximum is 128 per statement',
    );
  });

  it('condition values: 128 per statement (over all operators and keys) accepted, 129 refused at `condition`', () => {
    const condition = (ips: number, tags: number) => ({
      ip_equal: { 'qcs:ip': many(ips, (i) => `10.0.${i >> 8}.${i & 255}`) },
      'for_any_value:string_equal': { 'qcs:request_tag': many(tags, (i) => `k&${i}`) },
    });
    expectAccepted(doc({ ...ALLOW_ALL, condition: condition(100, 28) }));
    expectRefused(
      doc({ ...ALLOW_ALL, condition: condition(100, 29) }),
      'statement[0].condition',
      'lists 129 values; the maximum is 128 per statement',
    );
    // A single value (no array) counts as one.
    expectRefused(
      doc({
        ...ALLOW_ALL,
        condition: { ...condition(100, 28), bool_equal: { 'qcs:request_tag': 'true' } },
      }),
      'statement[0].condition',
      'lists 129 values; the maximum is 128 per statement',
    );
  });

  describe('wildcards: 32 `*`s per pattern accepted, 33 refused at the pattern', () => {
    const stars = (n: number) => `${'A*'.repeat(n - 1)}*C`;

    it('in an action', () => {
      expectAccepted(doc({ ...ALLOW_ALL, action: `tdmq:${stars(32)}` }));
      expectRefused(
        doc({ ...ALLOW_ALL, action: ['tdmq:*', `tdmq:${stars(33)}`] }),
        'statement[0].action[1]',
        'has 33 "*" wildcards; the maximum is 32',
      );
    });

    it('in a resource (all segments together), the issue’s pattern being fine', () => {
      const resource = (last: string) => `qcs::tdmq:*:uin/*:topic/${last}`;
      expectAccepted(doc({ ...ALLOW_ALL, resource: resource('*a*a*a*a*a*a*c') }));
      expectAccepted(doc({ ...ALLOW_ALL, resource: resource(stars(30)) }));
      expectRefused(
        doc({ ...ALLOW_ALL, resource: resource(stars(31)) }),
        'statement[0].resource',
        'has 33 "*" wildcards; the maximum is 32',
      );
    });

    it('in a string_like value, but not where `*` is literal (string_equal)', () => {
      const tag = (op: string, value: string) => ({
        ...ALLOW_ALL,
        condition: { [op]: { 'qcs:request_tag': [value] } },
      });
      expectAccepted(doc(tag('for_any_value:string_like', stars(32))));
      expectRefused(
        doc(tag('for_any_value:string_not_like', stars(33))),
        'statement[0].condition.for_any_value:string_not_like.qcs:request_tag[0]',
        'has 33 "*" wildcards; the maximum is 32',
      );
      expectAccepted(doc(tag('for_any_value:string_equal', `k&${stars(40)}`)));
    });
  });
});
