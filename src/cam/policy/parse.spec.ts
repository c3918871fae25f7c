import { MAX_POLICY_DOCUMENT_CHARS, parsePolicyDocument } from './parse.js';
import { PolicyError, type PolicyStatement } from './types.js';

const TOPIC = 'qcs::tdmq:ap-guangzhou:uin/100000000001:topic/rocketmq-abc/prod/orders';

/** A minimal valid statement (as written), with some elements replaced or removed (undefined). */
function statement(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const s: Record<string, unknown> = { effect: 'allow', action: 'tdmq:Describe*', resource: '*' };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete s[k];
    else s[k] = v;
  }
  return s;
}

const doc = (...statements: unknown[]) => JSON.stringify({ version: '2.0', statement: statements });
const withCondition = (condition: unknown) => doc(statement({ condition }));

/** The normalized statement a minimal statement becomes, with some elements replaced. */
const normalized = (patch: Partial<PolicyStatement> = {}): PolicyStatement => ({
  effect: 'allow',
  action: ['tdmq:Describe*'],
  resource: ['*'],
  condition: {},
  ...patch,
});

function refusal(text: string): PolicyError {
  try {
    parsePolicyDocument(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return e as PolicyError;
  }
  throw new Error(`expected the document to be refused: ${text}`);
}

describe('parsePolicyDocument: valid documents', () => {
  it('accepts the cam.md example and keeps everything as written', () => {
    const text = JSON.stringify({
      version: '2.0',
      statement: [
        {
          effect: 'allow',
          action: ['tdmq:Describe*', 'tdmq:CreateRocketMQTopic'],
          resource: ['qcs::tdmq:ap-guangzhou:uin/100000000001:namespace/rocketmq-abc/prod'],
          condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': ['env&prod'] } },
        },
      ],
    });
    expect(parsePolicyDocument(text)).toEqual({
      version: '2.0',
      statement: [
        {
          effect: 'allow',
          action: ['tdmq:Describe*', 'tdmq:CreateRocketMQTopic'],
          resource: ['qcs::tdmq:ap-guangzhou:uin/100000000001:namespace/rocketmq-abc/prod'],
          condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': ['env&prod'] } },
        },
      ],
    });
  });

  it('normalizes a single statement object, single action/resource strings and single condition values to arrays', () => {
    const text = JSON.stringify({
      version: '2.0',
      statement: {
        effect: 'deny',
        action: 'tdmq:DeleteRocketMQTopic',
        resource: TOPIC,
        condition: { ip_not_equal: { 'qcs:ip': '10.0.0.0/8' } },
      },
    });
    expect(parsePolicyDocument(text)).toEqual({
      version: '2.0',
      statement: [
        {
          effect: 'deny',
          action: ['tdmq:DeleteRocketMQTopic'],
          resource: [TOPIC],
          condition: { ip_not_equal: { 'qcs:ip': ['10.0.0.0/8'] } },
        },
      ],
    });
  });

  it('ignores whitespace and keeps statement order', () => {
    const text = `\n { "version" : "2.0",\t"statement" : [ ${JSON.stringify(statement({ effect: 'deny' }))} ,\r\n ${JSON.stringify(statement())} ] } \n`;
    expect(parsePolicyDocument(text).statement.map((s) => s.effect)).toEqual(['deny', 'allow']);
  });

  it.each<[string, string[]]>([
    ['everything', ['*']],
    ['every action of a service', ['tdmq:*']],
    ['a prefix pattern', ['tdmq:Describe*']],
    ['wildcards anywhere in the name', ['tdmq:*Topic*', 'tdmq:Describe*Topic*s']],
    ['a service wildcard (read actions of every service)', ['*:Describe*', '*:Get*']],
    ['digits in service and name', ['cvm2:Run2Instances']],
  ])('accepts actions: %s', (_, action) => {
    expect(parsePolicyDocument(doc(statement({ action }))).statement[0].action).toEqual(action);
  });

  it.each<[string, string]>([
    ['everything', '*'],
    ['a fully qualified topic', TOPIC],
    ['every region (empty region)', 'qcs::tdmq::uin/100000000001:cluster/rocketmq-abc'],
    ['the owner account (empty account)', 'qcs::tdmq:ap-guangzhou::cluster/rocketmq-abc'],
    ['a region pattern', 'qcs::tdmq:ap-*:uin/100000000001:cluster/*'],
    ['any account (uin/*)', 'qcs::tdmq:ap-guangzhou:uin/*:cluster/*'],
    ['any account (*)', 'qcs::tdmq:ap-guangzhou:*:cluster/*'],
    ['every tdmq resource', 'qcs::tdmq:::*'],
    ['every service', 'qcs::*:ap-guangzhou::*'],
    ['a prefix path', 'qcs::tdmq:ap-guangzhou::topic/rocketmq-abc/prod/*'],
    ['camelCase resource types', 'qcs::tdmq:ap-guangzhou::environmentRole/rocketmq-abc/prod/*'],
    ['${owner_uin} in the account', 'qcs::tdmq:ap-guangzhou:uin/${owner_uin}:cluster/*'],
    ['${uin} and ${app_id} in the resource', 'qcs::tdmq:::topic/rocketmq-abc/${app_id}/${uin}-*'],
    ['RocketMQ name characters', 'qcs::tdmq:::topic/rocketmq-abc/ns_1/%RETRY%group-1.a@b'],
  ])('accepts resources: %s', (_, resource) => {
    expect(parsePolicyDocument(doc(statement({ resource }))).statement[0].resource).toEqual([
      resource,
    ]);
  });

  it.each<
    [string, Record<string, Record<string, unknown>>, Record<string, Record<string, string[]>>?]
  >([
    [
      'string operators, with variables and globs',
      {
        string_equal: { 'qcs:request_tag': ['owner&${uin}', 'app&${app_id}'] },
        string_not_equal: { 'qcs:resource_tag': 'env&prod' },
        string_like: { 'qcs:resource_tag': ['env&*', 'team&?a'] },
        string_not_like: { 'qcs:ip': '10.*' },
        string_equal_ignore_case: { 'qcs:request_tag': 'Env&Prod' },
        string_not_equal_ignore_case: { 'qcs:request_tag': 'ENV&TEST' },
      },
    ],
    [
      'numeric operators, with JSON numbers normalized to strings',
      {
        numeric_equal: { 'qcs:request_tag': [1, '2.5', '-3', '1e3'] },
        numeric_not_equal: { 'qcs:request_tag': '0' },
        numeric_less_than: { 'qcs:request_tag': '10' },
        numeric_less_than_equal: { 'qcs:request_tag': '.5' },
        numeric_greater_than: { 'qcs:request_tag': '+7' },
        numeric_greater_than_equal: { 'qcs:request_tag': '7.' },
      },
      {
        numeric_equal: { 'qcs:request_tag': ['1', '2.5', '-3', '1e3'] },
        numeric_not_equal: { 'qcs:request_tag': ['0'] },
        numeric_less_than: { 'qcs:request_tag': ['10'] },
        numeric_less_than_equal: { 'qcs:request_tag': ['.5'] },
        numeric_greater_than: { 'qcs:request_tag': ['+7'] },
        numeric_greater_than_equal: { 'qcs:request_tag': ['7.'] },
      },
    ],
    [
      'date operators: dates, UTC and offset date-times, fractions',
      {
        date_equal: { 'qcs:current_time': '2025-01-31' },
        date_not_equal: { 'qcs:current_time': '2025-01-31T08:00:00Z' },
        date_less_than: { 'qcs:current_time': '2025-01-31T16:00+08:00' },
        date_less_than_equal: { 'qcs:current_time': '2025-01-31T08:00:00.123456Z' },
        date_greater_than: { 'qcs:current_time': '2024-02-29T23:59:59-05:30' },
        date_greater_than_equal: { 'qcs:current_time': ['2000-01-01', '2099-12-31T23:59:59Z'] },
      },
    ],
    [
      'ip operators: IPv4 and IPv6 addresses and blocks',
      {
        ip_equal: { 'qcs:ip': ['10.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', '::1'] },
        ip_not_equal: { 'qcs:ip': ['::ffff:192.168.0.0/120', 'fe80::1:2:3:4', '1:2:3:4:5:6:7:8'] },
      },
    ],
    [
      'bool and null operators, with JSON booleans normalized to strings',
      { bool_equal: { 'qcs:request_tag': true }, null_equal: { 'qcs:ip': ['false'] } },
      { bool_equal: { 'qcs:request_tag': ['true'] }, null_equal: { 'qcs:ip': ['false'] } },
    ],
    [
      '_if_exist suffixes and set prefixes on tag keys',
      {
        ip_equal_if_exist: { 'qcs:ip': '10.0.0.0/8' },
        'for_any_value:string_equal': { 'qcs:resource_tag': 'env&prod' },
        'for_all_value:string_like_if_exist': { 'qcs:request_tag': ['env&*', 'team&*'] },
        'for_all_value:string_not_equal': { 'qcs:resource_tag': 'env&prod' },
      },
    ],
    [
      'several keys under one operator',
      { string_like: { 'qcs:ip': '10.*', 'qcs:request_tag': 'a&*' } },
    ],
    ['no condition at all (an empty object)', {}],
  ])('accepts conditions: %s', (...row) => {
    const [, condition, expected] = row; // (a 3-parameter callback would be taken for `done`)
    const toArrays = (c: Record<string, Record<string, unknown>>) =>
      Object.fromEntries(
        Object.entries(c).map(([op, keys]) => [
          op,
          Object.fromEntries(
            Object.entries(keys).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]) as string[]]),
          ),
        ]),
      );
    expect(parsePolicyDocument(withCondition(condition)).statement[0]).toEqual(
      normalized({ condition: expected ?? toArrays(condition) }),
    );
  });

  it('accepts several statements mixing effects', () => {
    const parsed = parsePolicyDocument(
      doc(statement(), statement({ effect: 'deny', action: ['tdmq:Delete*'], resource: TOPIC })),
    );
    expect(parsed.statement).toEqual([
      normalized(),
      normalized({ effect: 'deny', action: ['tdmq:Delete*'], resource: [TOPIC] }),
    ]);
  });
});

describe('parsePolicyDocument: refused documents name the faulty element', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    // document
    ['not JSON', '{"version": "2.0",', 'document', /not valid JSON/],
    ['a JSON array', '[]', 'document', /must be a JSON object/],
    ['a JSON string', '"2.0"', 'document', /must be a JSON object/],
    ['no version', JSON.stringify({ statement: [statement()] }), 'version', /required.*"2\.0"/],
    [
      'version 1.0',
      JSON.stringify({ version: '1.0', statement: [statement()] }),
      'version',
      /must be "2\.0".*"1\.0"/,
    ],
    [
      'version as a number',
      '{"version": 2.0, "statement": []}',
      'version',
      /must be "2\.0" \(a string\), got 2/,
    ],
    [
      'a capitalized element name',
      JSON.stringify({ Version: '2.0', statement: [statement()] }),
      'Version',
      /lowercase: write "version"/,
    ],
    [
      'an unknown top-level element',
      JSON.stringify({ version: '2.0', id: 'x', statement: [statement()] }),
      'id',
      /unknown element; a policy document has only "version", "statement"/,
    ],
    [
      'an oddly named element',
      JSON.stringify({ version: '2.0', 'my key': 1, statement: [statement()] }),
      '["my key"]',
      /unknown element/,
    ],
    ['no statement', JSON.stringify({ version: '2.0' }), 'statement', /required/],
    [
      'an empty statement array',
      JSON.stringify({ version: '2.0', statement: [] }),
      'statement',
      /non-empty array/,
    ],
    [
      'a statement string',
      JSON.stringify({ version: '2.0', statement: 'allow' }),
      'statement',
      /non-empty array.*got "allow"/,
    ],
    // statement
    [
      'a statement that is not an object',
      doc(statement(), 'x'),
      'statement[1]',
      /must be an object, got "x"/,
    ],
    [
      'no effect',
      doc(statement(), statement({ effect: undefined })),
      'statement[1].effect',
      /required \("allow" or "deny"\)/,
    ],
    [
      'effect "Allow"',
      doc(statement({ effect: 'Allow' })),
      'statement[0].effect',
      /must be "allow" or "deny" \(lowercase\), got "Allow"/,
    ],
    [
      'effect "permit"',
      doc(statement({ effect: 'permit' })),
      'statement[0].effect',
      /must be "allow" or "deny", got "permit"/,
    ],
    [
      'a capitalized statement element',
      doc(statement({ Effect: 'allow' })),
      'statement[0].Effect',
      /lowercase: write "effect"/,
    ],
    [
      'a principal element',
      doc(statement({ principal: { qcs: ['x'] } })),
      'statement[0].principal',
      /unknown element; a statement has only "effect", "action", "resource", "condition"/,
    ],
    [
      'an error inside a single statement object',
      JSON.stringify({ version: '2.0', statement: statement({ effect: 'maybe' }) }),
      'statement.effect',
      /must be "allow" or "deny"/,
    ],
    // action
    ['no action', doc(statement({ action: undefined })), 'statement[0].action', /required/],
    [
      'an empty action array',
      doc(statement({ action: [] })),
      'statement[0].action',
      /non-empty array/,
    ],
    ['an action number', doc(statement({ action: 42 })), 'statement[0].action', /got 42/],
    [
      'a non-string action in an array',
      doc(statement({ action: ['tdmq:DescribeRocketMQTopics', 5] })),
      'statement[0].action[1]',
      /must be an action.*got 5/,
    ],
    [
      'an action without a service',
      doc(statement({ action: 'DescribeRocketMQTopics' })),
      'statement[0].action',
      /not an action: write "<service>:<ApiName>"/,
    ],
    [
      'an uppercase service prefix',
      doc(statement({ action: ['tdmq:*', 'TDMQ:Describe*'] })),
      'statement[0].action[1]',
      /service prefix must be lowercase/,
    ],
    [
      'a ? in an action',
      doc(statement({ action: 'tdmq:Describe?' })),
      'statement[0].action',
      /only letters, digits and the "\*" wildcard/,
    ],
    [
      'an empty API name',
      doc(statement({ action: 'tdmq:' })),
      'statement[0].action',
      /no API name/,
    ],
    [
      'a lowercase API name',
      doc(statement({ action: 'tdmq:describe*' })),
      'statement[0].action',
      /case-sensitive and start with an uppercase letter/,
    ],
    // resource
    ['no resource', doc(statement({ resource: undefined })), 'statement[0].resource', /required/],
    [
      'a resource object',
      doc(statement({ resource: { a: 1 } })),
      'statement[0].resource',
      /got an object/,
    ],
    [
      'five segments',
      doc(statement({ resource: 'qcs::tdmq:ap-guangzhou:uin/100000000001' })),
      'statement[0].resource',
      /5 colon-separated segments, not 6/,
    ],
    [
      'seven segments',
      doc(statement({ resource: ['*', `${TOPIC}:x`] })),
      'statement[0].resource[1]',
      /7 colon-separated segments, not 6/,
    ],
    [
      'a wrong first segment',
      doc(statement({ resource: 'qcz::tdmq:::*' })),
      'statement[0].resource',
      /must start with "qcs:"/,
    ],
    [
      'a project',
      doc(statement({ resource: 'qcs:id/0:tdmq:::*' })),
      'statement[0].resource',
      /project segment must be empty/,
    ],
    [
      'an uppercase service',
      doc(statement({ resource: 'qcs::TDMQ:::*' })),
      'statement[0].resource',
      /service segment must be lowercase/,
    ],
    [
      'an empty service',
      doc(statement({ resource: 'qcs::::uin/1:*' })),
      'statement[0].resource',
      /service segment/,
    ],
    [
      'a variable in the region',
      doc(statement({ resource: 'qcs::tdmq:${uin}::*' })),
      'statement[0].resource',
      /only in the account and resource segments, not in the region/,
    ],
    [
      'a malformed region',
      doc(statement({ resource: 'qcs::tdmq:AP_GZ::*' })),
      'statement[0].resource',
      /region segment must be empty/,
    ],
    [
      'an account without uin/',
      doc(statement({ resource: 'qcs::tdmq::100000000001:*' })),
      'statement[0].resource',
      /account segment must be empty.*"uin\/<digits>"/,
    ],
    [
      'a non-numeric account',
      doc(statement({ resource: 'qcs::tdmq::uin/abc:*' })),
      'statement[0].resource',
      /account segment/,
    ],
    [
      'an empty uin',
      doc(statement({ resource: 'qcs::tdmq::uin/:*' })),
      'statement[0].resource',
      /account segment/,
    ],
    [
      'an unknown variable in the account',
      doc(statement({ resource: 'qcs::tdmq::uin/${user}:*' })),
      'statement[0].resource',
      /unknown policy variable "\$\{user\}"; the variables are \$\{uin\}, \$\{owner_uin\}, \$\{app_id\}/,
    ],
    [
      'a resource type without a path',
      doc(statement({ resource: 'qcs::tdmq:::topic' })),
      'statement[0].resource',
      /"<type>\/<id path>"/,
    ],
    [
      'a resource type with an empty path',
      doc(statement({ resource: 'qcs::tdmq:::topic/' })),
      'statement[0].resource',
      /"<type>\/<id path>"/,
    ],
    [
      'a pattern as resource type',
      doc(statement({ resource: 'qcs::tdmq:::top*/x' })),
      'statement[0].resource',
      /"<type>\/<id path>"/,
    ],
    [
      'an unknown variable in the resource',
      doc(statement({ resource: 'qcs::tdmq:::topic/${topic}' })),
      'statement[0].resource',
      /unknown policy variable "\$\{topic\}"/,
    ],
    [
      'an unterminated variable',
      doc(statement({ resource: 'qcs::tdmq:::topic/${uin' })),
      'statement[0].resource',
      /unterminated policy variable/,
    ],
    // condition
    [
      'a condition array',
      withCondition([]),
      'statement[0].condition',
      /must be an object of operator/,
    ],
    [
      'an unknown operator',
      withCondition({ string_equals: { 'qcs:ip': '1.2.3.4' } }),
      'statement[0].condition.string_equals',
      /unknown condition operator "string_equals"; the operators are string_equal, .*null_equal, each optionally suffixed "_if_exist"/,
    ],
    [
      'a camel-case operator',
      withCondition({ StringEqual: { 'qcs:ip': '1.2.3.4' } }),
      'statement[0].condition.StringEqual',
      /operator names are lowercase/,
    ],
    [
      'an unknown prefix',
      withCondition({ 'for_some_value:string_equal': { 'qcs:resource_tag': 'a&b' } }),
      'statement[0].condition.for_some_value:string_equal',
      /unknown condition operator/,
    ],
    [
      'two prefixes',
      withCondition({
        'for_any_value:for_all_value:string_equal': { 'qcs:resource_tag': 'a&b' },
      }),
      'statement[0].condition.for_any_value:for_all_value:string_equal',
      /unknown condition operator/,
    ],
    [
      'a repeated suffix',
      withCondition({ string_equal_if_exist_if_exist: { 'qcs:ip': '1' } }),
      'statement[0].condition.string_equal_if_exist_if_exist',
      /unknown condition operator/,
    ],
    [
      'null_equal with _if_exist',
      withCondition({ null_equal_if_exist: { 'qcs:ip': 'true' } }),
      'statement[0].condition.null_equal_if_exist',
      /null_equal tests whether the key exists/,
    ],
    [
      'null_equal with a prefix',
      withCondition({ 'for_any_value:null_equal': { 'qcs:resource_tag': 'true' } }),
      'statement[0].condition.for_any_value:null_equal',
      /no for_any_value:\/for_all_value: prefix/,
    ],
    [
      'an operator without keys',
      withCondition({ string_equal: {} }),
      'statement[0].condition.string_equal',
      /non-empty object of condition key/,
    ],
    [
      'an operator with a string',
      withCondition({ string_equal: 'qcs:ip' }),
      'statement[0].condition.string_equal',
      /non-empty object.*got "qcs:ip"/,
    ],
    [
      'an unknown key',
      withCondition({ string_equal: { 'qcs:user': 'x' } }),
      'statement[0].condition.string_equal.qcs:user',
      /unknown condition key "qcs:user"; the supported keys are qcs:ip, qcs:current_time, qcs:resource_tag, qcs:request_tag/,
    ],
    [
      'an uppercase key',
      withCondition({ ip_equal: { 'qcs:IP': '1.2.3.4' } }),
      'statement[0].condition.ip_equal.qcs:IP',
      /condition keys are lowercase/,
    ],
    [
      'a set prefix on a single-valued key',
      withCondition({ 'for_all_value:ip_equal': { 'qcs:ip': '10.0.0.0/8' } }),
      'statement[0].condition.for_all_value:ip_equal.qcs:ip',
      /qcs:ip has a single value, drop the prefix/,
    ],
    [
      'an empty value list',
      withCondition({ ip_equal: { 'qcs:ip': [] } }),
      'statement[0].condition.ip_equal.qcs:ip',
      /at least one value/,
    ],
    [
      'a null value',
      withCondition({ ip_equal: { 'qcs:ip': null } }),
      'statement[0].condition.ip_equal.qcs:ip',
      /must be a string.*got null/,
    ],
    [
      'an object in a value list',
      withCondition({ string_equal: { 'qcs:resource_tag': ['a&b', {}] } }),
      'statement[0].condition.string_equal.qcs:resource_tag[1]',
      /must be a string.*got an object/,
    ],
    [
      'a tag value without &',
      withCondition({ 'for_any_value:string_equal': { 'qcs:resource_tag': 'env' } }),
      'statement[0].condition.for_any_value:string_equal.qcs:resource_tag',
      /tag values are written "<key>&<value>"/,
    ],
    [
      'an unknown variable in a value',
      withCondition({ string_equal: { 'qcs:request_tag': 'owner&${user}' } }),
      'statement[0].condition.string_equal.qcs:request_tag',
      /unknown policy variable "\$\{user\}"/,
    ],
    [
      'a non-number',
      withCondition({ numeric_less_than: { 'qcs:request_tag': ['1', 'ten'] } }),
      'statement[0].condition.numeric_less_than.qcs:request_tag[1]',
      /"ten" is not a number/,
    ],
    [
      'an infinite number',
      withCondition({ numeric_equal: { 'qcs:request_tag': '1e999' } }),
      'statement[0].condition.numeric_equal.qcs:request_tag',
      /not a number/,
    ],
    [
      'month 13',
      withCondition({ date_less_than: { 'qcs:current_time': '2025-13-01' } }),
      'statement[0].condition.date_less_than.qcs:current_time',
      /not an ISO-8601 instant/,
    ],
    [
      'February 30',
      withCondition({ date_less_than: { 'qcs:current_time': '2025-02-30T00:00:00Z' } }),
      'statement[0].condition.date_less_than.qcs:current_time',
      /not an ISO-8601 instant/,
    ],
    [
      'a date-time without an offset',
      withCondition({ date_equal: { 'qcs:current_time': '2025-01-01T00:00:00' } }),
      'statement[0].condition.date_equal.qcs:current_time',
      /not an ISO-8601 instant/,
    ],
    [
      'a non-ISO date',
      withCondition({ date_equal: { 'qcs:current_time': 'Jan 1 2025' } }),
      'statement[0].condition.date_equal.qcs:current_time',
      /not an ISO-8601 instant/,
    ],
    [
      'an IPv4 octet over 255',
      withCondition({ ip_equal: { 'qcs:ip': '10.0.0.256' } }),
      'statement[0].condition.ip_equal.qcs:ip',
      /not an IPv4\/IPv6 address or CIDR block/,
    ],
    [
      'an IPv4 prefix over 32',
      withCondition({ ip_equal: { 'qcs:ip': '10.0.0.0/33' } }),
      'statement[0].condition.ip_equal.qcs:ip',
      /not an IPv4\/IPv6 address/,
    ],
    [
      'an IPv6 prefix over 128',
      withCondition({ ip_not_equal: { 'qcs:ip': '2001:db8::/129' } }),
      'statement[0].condition.ip_not_equal.qcs:ip',
      /not an IPv4\/IPv6 address/,
    ],
    [
      'a host name',
      withCondition({ ip_equal: { 'qcs:ip': 'localhost' } }),
      'statement[0].condition.ip_equal.qcs:ip',
      /not an IPv4\/IPv6 address/,
    ],
    [
      'a zero-padded octet',
      withCondition({ ip_equal: { 'qcs:ip': '010.0.0.1' } }),
      'statement[0].condition.ip_equal.qcs:ip',
      /not an IPv4\/IPv6 address/,
    ],
    [
      'two :: in IPv6',
      withCondition({ ip_equal: { 'qcs:ip': '1::2::3' } }),
      'statement[0].condition.ip_equal.qcs:ip',
      /not an IPv4\/IPv6 address/,
    ],
    [
      'nine IPv6 groups',
      withCondition({ ip_equal: { 'qcs:ip': '1:2:3:4:5:6:7:8:9' } }),
      'statement[0].condition.ip_equal.qcs:ip',
      /not an IPv4\/IPv6 address/,
    ],
    [
      'bool "yes"',
      withCondition({ bool_equal: { 'qcs:request_tag': 'yes' } }),
      'statement[0].condition.bool_equal.qcs:request_tag',
      /must be "true" or "false", got "yes"/,
    ],
    [
      'bool "True"',
      withCondition({ bool_equal: { 'qcs:request_tag': 'True' } }),
      'statement[0].condition.bool_equal.qcs:request_tag',
      /must be "true" or "false"/,
    ],
    [
      'null_equal "maybe"',
      withCondition({ null_equal: { 'qcs:ip': 'maybe' } }),
      'statement[0].condition.null_equal.qcs:ip',
      /must be "true" or "false"/,
    ],
  ];

  it.each(cases)('%s → %s', (_, text, path, message) => {
    const error = refusal(text);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it('refuses a text that is not a string (an untyped caller) at the document', () => {
    expect(() => parsePolicyDocument({} as unknown as string)).toThrow(PolicyError);
  });
});

describe('parsePolicyDocument: length limit (4096 characters, whitespace excluded)', () => {
  /** A valid document of exactly `chars` non-whitespace characters. */
  function documentOf(chars: number): string {
    const shell = (pad: string) =>
      JSON.stringify({
        version: '2.0',
        statement: { effect: 'allow', action: '*', resource: `qcs::tdmq:::topic/${pad}` },
      });
    return shell('a'.repeat(chars - shell('').length));
  }

  it('accepts exactly 4096 characters', () => {
    const text = documentOf(MAX_POLICY_DOCUMENT_CHARS);
    expect(text).toHaveLength(4096);
    expect(parsePolicyDocument(text).statement).toHaveLength(1);
  });

  it('refuses 4097 characters at the document, saying how long it is', () => {
    const error = refusal(documentOf(4097));
    expect(error.path).toBe('document');
    expect(error.message).toBe(
      'document: is 4097 characters long without whitespace; the maximum is 4096',
    );
  });

  it('does not count whitespace: 4096 characters pretty-printed and padded with blanks are accepted', () => {
    const pretty = JSON.stringify(JSON.parse(documentOf(4096)), null, 8) + ' \n\t'.repeat(2000);
    expect(pretty.length).toBeGreaterThan(10_000);
    expect(() => parsePolicyDocument(pretty)).not.toThrow();
  });

  it('counts characters, not UTF-16 units (an emoji counts once)', () => {
    const text = documentOf(4096).replace('aa', '😀'); // one character fewer, two UTF-16 units
    expect(() => parsePolicyDocument(text)).not.toThrow();
  });

  it('applies the limit before parsing, even to invalid JSON', () => {
    expect(refusal('x'.repeat(5000)).path).toBe('document');
    expect(refusal('x'.repeat(5000)).message).toMatch(/5000 characters/);
  });
});
