/**
 * Condition semantics (conditions.ts), exercised through evaluate() with one allow statement on
 * `*`/`*` whose condition is under test: allowed ⇔ the condition holds.
 */
import { conditionHolds, parseOperator, type ParsedOperator } from './conditions.js';
import { evaluate } from './evaluate.js';
import { variablesOf } from './glob.js';
import { parsePolicyDocument } from './parse.js';
import { type AttachedPolicy, type AuthzRequest, type Principal } from './types.js';

const OWNER = '100000000001';
const SUB_USER = '200000000001';
const NOW = new Date('2025-06-01T12:00:00Z');
const TOPIC = `qcs::tdmq:ap-guangzhou:uin/${OWNER}:topic/rocketmq-abc/prod/orders`;

type Context = AuthzRequest['context'];
interface RequestPatch {
  action?: string;
  resource?: string;
  principal?: Partial<Principal>;
  context?: Partial<Context>;
}

function request(patch: RequestPatch = {}): AuthzRequest {
  return {
    action: patch.action ?? 'tdmq:DescribeRocketMQTopic',
    resource: patch.resource ?? TOPIC,
    principal: { uin: SUB_USER, ownerUin: OWNER, appId: '1250000001', ...patch.principal },
    context: {
      ip: '10.1.2.3',
      currentTime: NOW,
      resourceTags: ['env&prod', 'team&a'],
      ...patch.context,
    },
  };
}

/** An attached policy, written as JSON and parsed: the tests use the real grammar. */
function policy(id: number, name: string, ...statements: object[]): AttachedPolicy {
  return {
    id,
    name,
    document: parsePolicyDocument(JSON.stringify({ version: '2.0', statement: statements })),
  };
}

const allowAll = (patch: object = {}) => ({
  effect: 'allow',
  action: '*',
  resource: '*',
  ...patch,
});

/** Whether one allow statement (everything else `*`) grants the request. */
const allowedBy = (statement: object, req: RequestPatch = {}) =>
  evaluate(request(req), [policy(1, 'p', allowAll(statement))]).allowed;

describe('conditions: operators', () => {
  // Default request context: ip 10.1.2.3, time 2025-06-01T12:00:00Z, resource tags env&prod, team&a.
  type Row = [string, Record<string, Record<string, string | string[]>>, Partial<Context>, boolean];
  const ip = (op: string, values: string | string[], expected: boolean, addr?: string): Row => [
    `${op} ${JSON.stringify(values)} for ${addr ?? '10.1.2.3'}`,
    { [op]: { 'qcs:ip': values } },
    addr === undefined ? {} : { ip: addr },
    expected,
  ];
  const rows: Row[] = [
    ['string_equal, equal', { string_equal: { 'qcs:ip': '10.1.2.3' } }, {}, true],
    ['string_equal, different', { string_equal: { 'qcs:ip': '10.1.2.4' } }, {}, false],
    ['string_equal, any listed value', { string_equal: { 'qcs:ip': ['x', '10.1.2.3'] } }, {}, true],
    [
      'string_equal is case-sensitive',
      { string_equal: { 'qcs:resource_tag': 'ENV&prod' } },
      {},
      false,
    ],
    ['string_not_equal, different', { string_not_equal: { 'qcs:ip': '10.1.2.4' } }, {}, true],
    ['string_not_equal, equal', { string_not_equal: { 'qcs:ip': '10.1.2.3' } }, {}, false],
    [
      'string_not_equal means none of the listed values',
      { string_not_equal: { 'qcs:ip': ['10.1.2.4', '10.1.2.3'] } },
      {},
      false,
    ],
    ['string_like *', { string_like: { 'qcs:ip': '10.*' } }, {}, true],
    ['string_like ?', { string_like: { 'qcs:ip': '10.1.2.?' } }, {}, true],
    ['string_like ? is one character', { string_like: { 'qcs:ip': '10.1.2.??' } }, {}, false],
    ['string_like, no match', { string_like: { 'qcs:ip': '11.*' } }, {}, false],
    [
      'string_like regex characters are literal',
      { string_like: { 'qcs:ip': '10.1.2.[0-9]' } },
      {},
      false,
    ],
    ['string_not_like, no match', { string_not_like: { 'qcs:ip': '11.*' } }, {}, true],
    ['string_not_like, match', { string_not_like: { 'qcs:ip': ['11.*', '10.*'] } }, {}, false],
    [
      'string_equal_ignore_case',
      { string_equal_ignore_case: { 'qcs:resource_tag': 'ENV&Prod' } },
      {},
      true,
    ],
    [
      'string_equal_ignore_case, different',
      { string_equal_ignore_case: { 'qcs:resource_tag': 'ENV&Dev' } },
      {},
      false,
    ],
    [
      'string_not_equal_ignore_case, carried',
      { string_not_equal_ignore_case: { 'qcs:resource_tag': 'ENV&PROD' } },
      {},
      false,
    ],
    [
      'string_not_equal_ignore_case, not carried',
      { string_not_equal_ignore_case: { 'qcs:resource_tag': 'ENV&TEST' } },
      {},
      true,
    ],
    [
      'string_equal on the time (its ISO form)',
      { string_equal: { 'qcs:current_time': '2025-06-01T12:00:00.000Z' } },
      {},
      true,
    ],
    [
      'date_equal, same instant',
      { date_equal: { 'qcs:current_time': '2025-06-01T12:00:00Z' } },
      {},
      true,
    ],
    [
      'date_equal, same instant in +08:00',
      { date_equal: { 'qcs:current_time': '2025-06-01T20:00+08:00' } },
      {},
      true,
    ],
    [
      'date_equal, the day (midnight)',
      { date_equal: { 'qcs:current_time': '2025-06-01' } },
      {},
      false,
    ],
    [
      'date_not_equal, same instant',
      { date_not_equal: { 'qcs:current_time': '2025-06-01T20:00:00+08:00' } },
      {},
      false,
    ],
    ['date_not_equal, other', { date_not_equal: { 'qcs:current_time': '2025-06-02' } }, {}, true],
    [
      'date_less_than, 1 ms later',
      { date_less_than: { 'qcs:current_time': '2025-06-01T12:00:00.001Z' } },
      {},
      true,
    ],
    [
      'date_less_than, same instant',
      { date_less_than: { 'qcs:current_time': '2025-06-01T12:00:00Z' } },
      {},
      false,
    ],
    [
      'date_less_than, any listed value',
      { date_less_than: { 'qcs:current_time': ['2020-01-01', '2030-01-01'] } },
      {},
      true,
    ],
    [
      'date_less_than_equal, same instant',
      { date_less_than_equal: { 'qcs:current_time': '2025-06-01T12:00:00Z' } },
      {},
      true,
    ],
    [
      'date_less_than_equal, 1 ms earlier',
      { date_less_than_equal: { 'qcs:current_time': '2025-06-01T11:59:59.999Z' } },
      {},
      false,
    ],
    [
      'date_greater_than, earlier',
      { date_greater_than: { 'qcs:current_time': '2025-06-01' } },
      {},
      true,
    ],
    [
      'date_greater_than, same instant',
      { date_greater_than: { 'qcs:current_time': '2025-06-01T12:00:00Z' } },
      {},
      false,
    ],
    [
      'date_greater_than_equal, same instant',
      { date_greater_than_equal: { 'qcs:current_time': '2025-06-01T12:00:00Z' } },
      {},
      true,
    ],
    [
      'date_greater_than_equal, later',
      { date_greater_than_equal: { 'qcs:current_time': '2025-06-02' } },
      {},
      false,
    ],
    [
      'a time window (two operators, AND)',
      {
        date_greater_than_equal: { 'qcs:current_time': '2025-06-01T09:00:00+08:00' },
        date_less_than: { 'qcs:current_time': '2025-06-01T21:00:00+08:00' },
      },
      {},
      true,
    ],
    [
      'outside the time window',
      {
        date_greater_than_equal: { 'qcs:current_time': '2025-06-01T09:00:00+08:00' },
        date_less_than: { 'qcs:current_time': '2025-06-01T18:00:00+08:00' },
      },
      {},
      false,
    ],
    ip('ip_equal', '10.0.0.0/8', true),
    ip('ip_equal', '10.1.2.3', true),
    ip('ip_equal', '10.1.2.4', false),
    ip('ip_equal', '192.168.0.0/16', false),
    ip('ip_equal', ['192.168.0.0/16', '10.1.0.0/16'], true),
    ip('ip_equal', '10.0.0.0/8', true, '::ffff:10.1.2.3'),
    ip('ip_equal', '10.1.2.3', true, '::ffff:a01:203'),
    ip('ip_equal', '::ffff:10.0.0.0/104', true),
    ip('ip_equal', '10.9.9.9/8', true), // host bits ignored
    ip('ip_equal', '0.0.0.0/0', true),
    ip('ip_equal', '0.0.0.0/0', false, '2001:db8::1'),
    ip('ip_equal', '::/0', true, '2001:db8::1'),
    ip('ip_equal', '2001:db8::/32', true, '2001:DB8:0:0::1'),
    ip('ip_equal', '2001:db8::/32', false, '2001:db9::1'),
    ip('ip_equal', '10.0.0.0/8', false, '2001:db8::1'),
    ip('ip_equal', '0.0.0.0/0', false, 'not-an-address'),
    ip('ip_not_equal', '192.168.0.0/16', true),
    ip('ip_not_equal', '10.0.0.0/8', false),
    ip('ip_not_equal', ['192.168.0.0/16', '10.0.0.0/8'], false),
    ip('ip_not_equal', '10.0.0.0/8', false, '::ffff:10.1.2.3'),
    ip('ip_not_equal', '0.0.0.0/0', true, 'not-an-address'),
    [
      'several keys under one operator (AND), both match',
      { string_like: { 'qcs:ip': '10.*', 'qcs:resource_tag': 'env&*' } },
      {},
      true,
    ],
    [
      'several keys under one operator (AND), one fails',
      { string_like: { 'qcs:ip': '10.*', 'qcs:resource_tag': 'owner&*' } },
      {},
      false,
    ],
    [
      'several operators (AND), one fails',
      { ip_equal: { 'qcs:ip': '10.0.0.0/8' }, string_equal: { 'qcs:resource_tag': 'env&dev' } },
      {},
      false,
    ],
  ];

  it.each(rows)('%s → %s', (...row) => {
    const [, condition, context, expected] = row;
    expect(allowedBy({ condition }, { context })).toBe(expected);
  });
});

describe('conditions: missing keys, _if_exist and null_equal', () => {
  const noIp = { ip: undefined };
  it.each<[string, Record<string, Record<string, string | string[]>>, Partial<Context>, boolean]>([
    [
      'a positive operator on a missing key is false',
      { ip_equal: { 'qcs:ip': '0.0.0.0/0' } },
      noIp,
      false,
    ],
    ['string_like * on a missing key is false', { string_like: { 'qcs:ip': '*' } }, noIp, false],
    ['an empty address counts as missing', { string_like: { 'qcs:ip': '*' } }, { ip: '' }, false],
    [
      'a negated operator on a missing key is true',
      { ip_not_equal: { 'qcs:ip': '10.0.0.0/8' } },
      noIp,
      true,
    ],
    [
      'string_not_equal on a missing key is true',
      { string_not_equal: { 'qcs:ip': '10.1.2.3' } },
      noIp,
      true,
    ],
    [
      '_if_exist on a missing key is true',
      { ip_equal_if_exist: { 'qcs:ip': '10.0.0.0/8' } },
      noIp,
      true,
    ],
    [
      '_if_exist on a present key compares (match)',
      { ip_equal_if_exist: { 'qcs:ip': '10.0.0.0/8' } },
      {},
      true,
    ],
    [
      '_if_exist on a present key compares (no match)',
      { ip_equal_if_exist: { 'qcs:ip': '10.0.0.0/8' } },
      { ip: '192.168.1.1' },
      false,
    ],
    [
      'negated _if_exist on a missing key is true',
      { ip_not_equal_if_exist: { 'qcs:ip': '10.0.0.0/8' } },
      noIp,
      true,
    ],
    [
      'negated _if_exist on a present key compares',
      { ip_not_equal_if_exist: { 'qcs:ip': '10.0.0.0/8' } },
      {},
      false,
    ],
    [
      'date_less_than_if_exist: the time is always present',
      { date_less_than_if_exist: { 'qcs:current_time': '2020-01-01' } },
      {},
      false,
    ],
    ['null_equal true, key missing', { null_equal: { 'qcs:ip': 'true' } }, noIp, true],
    ['null_equal true, key present', { null_equal: { 'qcs:ip': 'true' } }, {}, false],
    ['null_equal false, key present', { null_equal: { 'qcs:ip': 'false' } }, {}, true],
    ['null_equal false, key missing', { null_equal: { 'qcs:ip': 'false' } }, noIp, false],
    [
      'null_equal true, no request tags (undefined)',
      { null_equal: { 'qcs:request_tag': 'true' } },
      {},
      true,
    ],
    [
      'null_equal true, no request tags (empty)',
      { null_equal: { 'qcs:request_tag': 'true' } },
      { requestTags: [] },
      true,
    ],
    [
      'null_equal false, request tags',
      { null_equal: { 'qcs:request_tag': 'false' } },
      { requestTags: ['a&b'] },
      true,
    ],
  ])('%s', (...row) => {
    const [, condition, context, expected] = row;
    expect(allowedBy({ condition }, { context })).toBe(expected);
  });

  it('a deny guarded by ip_not_equal also denies callers with no address (fails closed)', () => {
    const policies = [
      policy(1, 'FullAccess', allowAll()),
      policy(2, 'OfficeOnly', {
        effect: 'deny',
        action: '*',
        resource: '*',
        condition: { ip_not_equal: { 'qcs:ip': '10.0.0.0/8' } },
      }),
    ];
    expect(evaluate(request({ context: { ip: '10.9.9.9' } }), policies).allowed).toBe(true);
    expect(evaluate(request({ context: { ip: '203.0.113.7' } }), policies).outcome).toBe('deny');
    expect(evaluate(request({ context: { ip: undefined } }), policies).outcome).toBe('deny');
  });
});

describe('conditions: multi-valued keys (tags)', () => {
  type Row = [string, string, string | string[], string[] | undefined, boolean];
  const table: Row[] = [
    // operator, key's listed values, the resource's tags, expected
    [
      'for_any_value:string_equal, one tag matches',
      'for_any_value:string_equal',
      'env&prod',
      ['team&a', 'env&prod'],
      true,
    ],
    [
      'for_any_value:string_equal, none matches',
      'for_any_value:string_equal',
      'env&prod',
      ['team&a'],
      false,
    ],
    ['for_any_value:string_equal, no tags', 'for_any_value:string_equal', 'env&prod', [], false],
    [
      'for_any_value:string_equal, tags undefined',
      'for_any_value:string_equal',
      'env&prod',
      undefined,
      false,
    ],
    [
      'for_any_value:string_equal_if_exist, no tags',
      'for_any_value:string_equal_if_exist',
      'env&prod',
      [],
      true,
    ],
    [
      'for_all_value:string_equal, every tag listed',
      'for_all_value:string_equal',
      ['env&prod', 'team&a'],
      ['env&prod'],
      true,
    ],
    [
      'for_all_value:string_equal, every tag listed (2)',
      'for_all_value:string_equal',
      ['env&prod', 'team&a'],
      ['team&a', 'env&prod'],
      true,
    ],
    [
      'for_all_value:string_equal, one tag not listed',
      'for_all_value:string_equal',
      ['env&prod', 'team&a'],
      ['env&prod', 'team&b'],
      false,
    ],
    [
      'for_all_value:string_equal, no tags (vacuously true)',
      'for_all_value:string_equal',
      'env&prod',
      [],
      true,
    ],
    [
      'for_all_value:string_equal, tags undefined (vacuously true)',
      'for_all_value:string_equal',
      'env&prod',
      undefined,
      true,
    ],
    [
      'for_any_value:string_not_equal, some other tag',
      'for_any_value:string_not_equal',
      'env&prod',
      ['env&prod', 'team&a'],
      true,
    ],
    [
      'for_any_value:string_not_equal, only that tag',
      'for_any_value:string_not_equal',
      'env&prod',
      ['env&prod'],
      false,
    ],
    [
      'for_any_value:string_not_equal, no tags',
      'for_any_value:string_not_equal',
      'env&prod',
      [],
      false,
    ],
    [
      'for_all_value:string_not_equal, carries it',
      'for_all_value:string_not_equal',
      'env&prod',
      ['env&prod', 'team&a'],
      false,
    ],
    [
      'for_all_value:string_not_equal, does not carry it',
      'for_all_value:string_not_equal',
      'env&prod',
      ['team&a'],
      true,
    ],
    [
      'for_all_value:string_not_equal, no tags',
      'for_all_value:string_not_equal',
      'env&prod',
      [],
      true,
    ],
    [
      'for_any_value:string_like',
      'for_any_value:string_like',
      'env&*',
      ['team&a', 'env&dev'],
      true,
    ],
    [
      'for_all_value:string_like, one outside',
      'for_all_value:string_like',
      'env&*',
      ['team&a', 'env&dev'],
      false,
    ],
    [
      'no prefix, positive = for_any_value',
      'string_equal',
      'env&prod',
      ['team&a', 'env&prod'],
      true,
    ],
    ['no prefix, positive, no tags', 'string_equal', 'env&prod', [], false],
    [
      'no prefix, negated = carries none of them',
      'string_not_equal',
      'env&prod',
      ['env&prod', 'team&a'],
      false,
    ],
    [
      'no prefix, negated, does not carry it',
      'string_not_equal',
      ['env&prod', 'env&test'],
      ['team&a', 'env&dev'],
      true,
    ],
    ['no prefix, negated, no tags', 'string_not_equal', 'env&prod', [], true],
  ];

  it.each(table)('%s', (_, operator, values, resourceTags, expected) => {
    const condition = { [operator]: { 'qcs:resource_tag': values } };
    expect(allowedBy({ condition }, { context: { resourceTags } })).toBe(expected);
  });

  it('qcs:request_tag reads the tags a create sets, not the resource tags', () => {
    const condition = { 'for_all_value:string_like': { 'qcs:request_tag': ['env&dev', 'team&*'] } };
    const create = (requestTags?: string[]) => ({
      action: 'tdmq:CreateRocketMQTopic',
      context: { resourceTags: ['env&prod'], requestTags },
    });
    expect(allowedBy({ condition }, create(['env&dev', 'team&x']))).toBe(true);
    expect(allowedBy({ condition }, create(['env&prod', 'team&x']))).toBe(false);
    const required = { ...condition, null_equal: { 'qcs:request_tag': 'false' } };
    expect(allowedBy({ condition: required }, create())).toBe(false); // "must tag" needs null_equal
  });
});

describe('conditions: numeric and bool comparisons', () => {
  // No current condition key carries numbers or booleans; these check the comparisons a future key will use.
  const op = (name: string) => parseOperator(name) as ParsedOperator;
  const vars = variablesOf({ uin: '1', ownerUin: '2', appId: '3' });
  it.each<[string, string[], string[], boolean]>([
    ['numeric_equal', ['5'], ['5.0'], true],
    ['numeric_equal', ['1e3'], ['1000'], true],
    ['numeric_equal', ['5'], ['6'], false],
    ['numeric_equal', ['5'], ['five'], false], // a request value that is not a number never matches
    ['numeric_not_equal', ['5'], ['6'], true],
    ['numeric_not_equal', ['5', '6'], ['6'], false],
    ['numeric_not_equal', ['5'], ['five'], true],
    ['numeric_less_than', ['10'], ['9.5'], true],
    ['numeric_less_than', ['10'], ['10'], false],
    ['numeric_less_than', ['10'], ['-11'], true],
    ['numeric_less_than_equal', ['10'], ['10'], true],
    ['numeric_less_than_equal', ['10'], ['10.01'], false],
    ['numeric_greater_than', ['10'], ['11'], true],
    ['numeric_greater_than', ['10'], ['10'], false],
    ['numeric_greater_than_equal', ['10'], ['10'], true],
    ['numeric_greater_than_equal', ['10'], ['2'], false], // numbers, not strings ("2" > "10")
    ['numeric_equal_if_exist', ['5'], [], true],
    ['numeric_equal', ['5'], [], false],
    ['bool_equal', ['true'], ['true'], true],
    ['bool_equal', ['true'], ['false'], false],
    ['bool_equal', ['false'], [], false],
    ['bool_equal_if_exist', ['false'], [], true],
  ])('%s %j against %j → %s', (name, listed, actual, expected) => {
    expect(conditionHolds(op(name), listed, actual, vars)).toBe(expected);
  });

  it('numeric operators on the current keys never match positively', () => {
    expect(allowedBy({ condition: { numeric_greater_than: { 'qcs:current_time': '0' } } })).toBe(
      false,
    );
    expect(allowedBy({ condition: { numeric_not_equal: { 'qcs:current_time': '0' } } })).toBe(true);
  });
});
