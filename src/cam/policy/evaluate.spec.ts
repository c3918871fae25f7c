import { evaluate, statementMatches } from './evaluate.js';
import { parsePolicyDocument } from './parse.js';
import { PolicyError, type AttachedPolicy, type AuthzRequest, type Principal } from './types.js';

const OWNER = '100000000001';
const OTHER = '100000000002';
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

describe('evaluate: actions', () => {
  it.each<[string, string, boolean]>([
    ['*', 'tdmq:CreateRocketMQTopic', true],
    ['*', 'cam:AddUser', true],
    ['tdmq:*', 'tdmq:CreateRocketMQTopic', true],
    ['tdmq:*', 'cam:AddUser', false],
    ['tdmq:*', 'tdmqx:DescribeThing', false], // the service is compared whole, not as a prefix
    ['tdmq:Describe*', 'tdmq:DescribeRocketMQTopics', true],
    ['tdmq:Describe*', 'tdmq:CreateRocketMQTopic', false],
    ['tdmq:*Topic*', 'tdmq:DescribeRocketMQTopicsByGroup', true],
    ['tdmq:*Topic*', 'tdmq:ModifyRocketMQGroup', false],
    ['tdmq:*Topic', 'tdmq:CreateRocketMQTopic', true],
    ['tdmq:*Topic', 'tdmq:DescribeRocketMQTopics', false], // anchored at the end
    ['tdmq:Create*Topic', 'tdmq:CreateRocketMQTopic', true],
    ['tdmq:CreateRocketMQTopic', 'tdmq:CreateRocketMQTopic', true],
    ['tdmq:CreateRocketMQTopic', 'tdmq:CreateRocketMQTopics', false], // exact names are exact
    ['tdmq:Describe*', 'tdmq:describeRocketMQTopics', false], // API names are case-sensitive
    ['tdmq:*', 'TDMQ:DescribeRocketMQTopics', false], // so is the service prefix
    ['*:Describe*', 'monitor:DescribeBaseMetrics', true],
    ['*:Describe*', 'tdmq:DescribeRocketMQTopics', true],
    ['*:Describe*', 'cam:ListUsers', false],
    ['tdmq:*', 'DescribeRocketMQTopics', false], // a request action without a service
  ])('%s on %s → %s', (action, requested, expected) => {
    expect(allowedBy({ action }, { action: requested })).toBe(expected);
  });

  it('grants when any action of the statement matches', () => {
    const action = ['tdmq:CreateRocketMQTopic', 'tdmq:Delete*'];
    expect(allowedBy({ action }, { action: 'tdmq:DeleteRocketMQTopic' })).toBe(true);
    expect(allowedBy({ action }, { action: 'tdmq:ModifyRocketMQTopic' })).toBe(false);
  });
});

describe('evaluate: resources', () => {
  const at = (region: string, account: string, resource: string) =>
    `qcs::tdmq:${region}:uin/${account}:${resource}`;
  const ownTopic = (region = 'ap-guangzhou', path = 'rocketmq-abc/prod/orders') =>
    at(region, OWNER, `topic/${path}`);

  it.each<[string, string, string, boolean]>([
    ['* matches a resource', '*', TOPIC, true],
    ['* matches a non-resource-level request', '*', '*', true],
    ['an exact resource', TOPIC, TOPIC, true],
    [
      'an exact resource, another topic',
      TOPIC,
      ownTopic('ap-guangzhou', 'rocketmq-abc/prod/payments'),
      false,
    ],
    ['a prefix path', at('ap-guangzhou', OWNER, 'topic/rocketmq-abc/prod/*'), TOPIC, true],
    [
      'a prefix path, another namespace',
      at('ap-guangzhou', OWNER, 'topic/rocketmq-abc/prod/*'),
      ownTopic('ap-guangzhou', 'rocketmq-abc/dev/orders'),
      false,
    ],
    [
      'a prefix path does not cover its parent',
      at('ap-guangzhou', OWNER, 'namespace/rocketmq-abc/prod/*'),
      at('ap-guangzhou', OWNER, 'namespace/rocketmq-abc/prod'),
      false,
    ],
    ['type/*', at('ap-guangzhou', OWNER, 'topic/*'), TOPIC, true],
    ['type/* is per type', at('ap-guangzhou', OWNER, 'group/*'), TOPIC, false],
    ['a wildcard inside the path', at('ap-guangzhou', OWNER, 'topic/*/prod/*'), TOPIC, true],
    [
      'a last segment of *',
      at('ap-guangzhou', OWNER, '*'),
      at('ap-guangzhou', OWNER, 'cluster/rocketmq-abc'),
      true,
    ],
    [
      'resource ids are case-sensitive',
      at('ap-guangzhou', OWNER, 'topic/RocketMQ-abc/*'),
      TOPIC,
      false,
    ],
    ['empty region = every region (guangzhou)', `qcs::tdmq::uin/${OWNER}:topic/*`, TOPIC, true],
    [
      'empty region = every region (shanghai)',
      `qcs::tdmq::uin/${OWNER}:topic/*`,
      ownTopic('ap-shanghai'),
      true,
    ],
    ['a set region is exact', at('ap-shanghai', OWNER, 'topic/*'), TOPIC, false],
    ['a region pattern', at('ap-*', OWNER, 'topic/*'), TOPIC, true],
    ['a region pattern, other area', at('na-*', OWNER, 'topic/*'), TOPIC, false],
    ['a region of *', at('*', OWNER, 'topic/*'), TOPIC, true],
    ['empty account = the owner account', 'qcs::tdmq:ap-guangzhou::topic/*', TOPIC, true],
    [
      'empty account, another account',
      'qcs::tdmq:ap-guangzhou::topic/*',
      at('ap-guangzhou', OTHER, 'topic/x/y/z'),
      false,
    ],
    [
      'an explicit account',
      at('ap-guangzhou', OTHER, 'topic/*'),
      at('ap-guangzhou', OTHER, 'topic/x/y/z'),
      true,
    ],
    ['an explicit account, not the owner', at('ap-guangzhou', OTHER, 'topic/*'), TOPIC, false],
    [
      'uin/* = any account',
      'qcs::tdmq:ap-guangzhou:uin/*:topic/*',
      at('ap-guangzhou', OTHER, 'topic/x/y/z'),
      true,
    ],
    [
      '* = any account',
      'qcs::tdmq:ap-guangzhou:*:topic/*',
      at('ap-guangzhou', OTHER, 'topic/x/y/z'),
      true,
    ],
    [
      'an account pattern',
      'qcs::tdmq:ap-guangzhou:uin/10000000000*:topic/*',
      at('ap-guangzhou', OTHER, 'topic/x/y/z'),
      true,
    ],
    ['service *', `qcs::*:ap-guangzhou:uin/${OWNER}:topic/*`, TOPIC, true],
    ['another service', `qcs::cam:ap-guangzhou:uin/${OWNER}:topic/*`, TOPIC, false],
    ['every tdmq resource of the owner', 'qcs::tdmq:::*', TOPIC, true],
    ['a non-resource-level request needs *', 'qcs::tdmq:::*', '*', false],
    ['a non-resource-level request, any pattern', 'qcs::*:*:*:*', '*', false],
    ['a malformed request resource needs *', 'qcs::tdmq:::*', 'topic/rocketmq-abc', false],
    ['a malformed request resource, *', '*', 'topic/rocketmq-abc', true],
    ['* does not span segments', 'qcs::tdmq:ap-guangzhou::topic/*', `${TOPIC}:extra`, false],
  ])('%s', (_, resource, requested, expected) => {
    expect(allowedBy({ resource }, { resource: requested })).toBe(expected);
  });

  it('grants when any resource of the statement matches', () => {
    const resource = [ownTopic('ap-shanghai'), `qcs::tdmq::uin/${OWNER}:topic/rocketmq-abc/*`];
    expect(allowedBy({ resource })).toBe(true);
    expect(allowedBy({ resource: resource.slice(0, 1) })).toBe(false);
  });

  it('CreateRocketMQCluster (not resource-level) is granted only by resource *', () => {
    const create = { action: 'tdmq:CreateRocketMQCluster', resource: '*' };
    expect(allowedBy({ action: 'tdmq:*', resource: 'qcs::tdmq:ap-guangzhou::*' }, create)).toBe(
      false,
    );
    expect(allowedBy({ action: 'tdmq:*', resource: '*' }, create)).toBe(true);
  });
});

describe('evaluate: policy variables', () => {
  it('${owner_uin} in the account is the principal root account', () => {
    const resource = 'qcs::tdmq::uin/${owner_uin}:topic/*';
    expect(allowedBy({ resource })).toBe(true);
    expect(allowedBy({ resource }, { principal: { ownerUin: OTHER } })).toBe(false);
  });

  it('${uin} in the resource path is the caller (a per-user namespace)', () => {
    const resource = 'qcs::tdmq:::topic/rocketmq-abc/${uin}/*';
    const own = `qcs::tdmq:ap-guangzhou:uin/${OWNER}:topic/rocketmq-abc/${SUB_USER}/orders`;
    const others = `qcs::tdmq:ap-guangzhou:uin/${OWNER}:topic/rocketmq-abc/200000000002/orders`;
    expect(allowedBy({ resource }, { resource: own })).toBe(true);
    expect(allowedBy({ resource }, { resource: others })).toBe(false);
  });

  it('${app_id} in the resource path is the principal appId', () => {
    const resource = 'qcs::tdmq:::cluster/${app_id}-*';
    const cluster = (id: string) => `qcs::tdmq:ap-guangzhou:uin/${OWNER}:cluster/${id}`;
    expect(allowedBy({ resource }, { resource: cluster('1250000001-a') })).toBe(true);
    expect(allowedBy({ resource }, { resource: cluster('1250000002-a') })).toBe(false);
  });

  it('substituted values match literally (no wildcard or regex meaning)', () => {
    const resource = 'qcs::tdmq:::cluster/${app_id}';
    const cluster = (id: string) => `qcs::tdmq:ap-guangzhou:uin/${OWNER}:cluster/${id}`;
    expect(allowedBy({ resource }, { resource: cluster('1x5'), principal: { appId: '1.5' } })).toBe(
      false,
    );
    expect(allowedBy({ resource }, { resource: cluster('abc'), principal: { appId: '*' } })).toBe(
      false,
    );
    expect(allowedBy({ resource }, { resource: cluster('*'), principal: { appId: '*' } })).toBe(
      true,
    );
  });

  it('variables in condition values (string_equal and string_like)', () => {
    const condition = { 'for_any_value:string_equal': { 'qcs:request_tag': 'owner&${uin}' } };
    expect(allowedBy({ condition }, { context: { requestTags: [`owner&${SUB_USER}`] } })).toBe(
      true,
    );
    expect(allowedBy({ condition }, { context: { requestTags: ['owner&200000000002'] } })).toBe(
      false,
    );
    const like = { 'for_all_value:string_like': { 'qcs:request_tag': 'owner&${app_id}*' } };
    expect(
      allowedBy({ condition: like }, { context: { requestTags: ['owner&1250000001-x'] } }),
    ).toBe(true);
    expect(allowedBy({ condition: like }, { context: { requestTags: ['owner&125000000*'] } })).toBe(
      false,
    );
  });
});

describe('evaluate: decisions', () => {
  const deny = (patch: object = {}) => ({ effect: 'deny', action: '*', resource: '*', ...patch });
  const req = request({ action: 'tdmq:DeleteRocketMQTopic' });

  it('with no policies: implicit deny naming the action and the resource', () => {
    expect(evaluate(req, [])).toEqual({
      allowed: false,
      outcome: 'implicit-deny',
      reason: `no statement allows tdmq:DeleteRocketMQTopic on ${TOPIC}`,
    });
  });

  it('when no statement matches: implicit deny', () => {
    const d = evaluate(req, [policy(1, 'Readers', allowAll({ action: 'tdmq:Describe*' }))]);
    expect(d).toMatchObject({ allowed: false, outcome: 'implicit-deny' });
    expect(d.decidedBy).toBeUndefined();
  });

  it('an allow names the first matching allow, in policy then statement order', () => {
    const policies = [
      policy(7, 'Readers', allowAll({ action: 'tdmq:Describe*' })),
      policy(8, 'TopicAdmins', allowAll({ action: 'cam:*' }), allowAll({ action: 'tdmq:*Topic' })),
      policy(9, 'QcloudTDMQFullAccess', allowAll({ action: 'tdmq:*' })),
    ];
    expect(evaluate(req, policies)).toEqual({
      allowed: true,
      outcome: 'allow',
      decidedBy: { policyId: 8, policyName: 'TopicAdmins', statementIndex: 1 },
      reason: 'allowed by statement 1 of policy TopicAdmins',
    });
  });

  it('a deny in another policy beats an allow, whatever the order', () => {
    const allowP = policy(1, 'QcloudTDMQFullAccess', allowAll({ action: 'tdmq:*' }));
    const denyP = policy(
      2,
      'Deny-prod',
      deny({ resource: 'qcs::tdmq:::topic/rocketmq-abc/prod/*' }),
    );
    const expected = {
      allowed: false,
      outcome: 'deny',
      decidedBy: { policyId: 2, policyName: 'Deny-prod', statementIndex: 0 },
      reason: 'denied by statement 0 of policy Deny-prod',
    };
    expect(evaluate(req, [allowP, denyP])).toEqual(expected);
    expect(evaluate(req, [denyP, allowP])).toEqual(expected);
  });

  it('a deny beats an allow in the same policy, and the first matching deny is named', () => {
    const p = policy(
      3,
      'Mixed',
      allowAll(),
      deny({ action: 'cam:*' }),
      deny({ action: 'tdmq:Delete*' }),
      deny(),
    );
    expect(evaluate(req, [p]).decidedBy).toEqual({
      policyId: 3,
      policyName: 'Mixed',
      statementIndex: 2,
    });
  });

  it('a deny whose resource or condition does not match does not deny', () => {
    const policies = [
      policy(1, 'All', allowAll()),
      policy(2, 'NoDev', deny({ resource: 'qcs::tdmq:::topic/rocketmq-abc/dev/*' })),
      policy(
        3,
        'NoNight',
        deny({ condition: { date_greater_than: { 'qcs:current_time': '2025-06-01T22:00:00Z' } } }),
      ),
    ];
    expect(evaluate(req, policies)).toMatchObject({ allowed: true, decidedBy: { policyId: 1 } });
  });

  it('denies list actions too (the hosted product may ignore denies on lists; we do not)', () => {
    const policies = [
      policy(1, 'All', allowAll()),
      policy(
        2,
        'NoProd',
        deny({ condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': 'env&prod' } } }),
      ),
    ];
    const list = request({ action: 'tdmq:DescribeRocketMQTopics' });
    expect(evaluate(list, policies).outcome).toBe('deny');
  });

  it('does not modify its inputs', () => {
    const policies = [
      policy(1, 'All', allowAll()),
      policy(2, 'NoDelete', deny({ action: 'tdmq:Delete*' })),
    ];
    const snapshot = JSON.stringify({ req, policies });
    const freeze = (o: unknown): unknown => (
      o && typeof o === 'object' && Object.values(Object.freeze(o)).forEach(freeze),
      o
    );
    freeze(policies);
    freeze(req.principal);
    evaluate(req, policies);
    expect(JSON.stringify({ req, policies })).toBe(snapshot);
  });

  it('refuses an invalid clock rather than guessing', () => {
    expect(() => evaluate(request({ context: { currentTime: new Date('nope') } }), [])).toThrow(
      TypeError,
    );
  });

  it('throws PolicyError for an unknown operator in a hand-built (unparsed) document', () => {
    const p: AttachedPolicy = {
      id: 1,
      name: 'Hand',
      document: {
        version: '2.0',
        statement: [
          {
            effect: 'deny',
            action: ['*'],
            resource: ['*'],
            condition: { string_equals: { 'qcs:ip': ['x'] } },
          },
        ],
      },
    };
    expect(() => evaluate(req, [p])).toThrow(PolicyError);
  });

  it('statementMatches ignores the effect', () => {
    const [s] = policy(1, 'x', deny({ action: 'tdmq:Delete*' })).document.statement;
    expect(statementMatches(s, req)).toBe(true);
    expect(statementMatches(s, request({ action: 'tdmq:DescribeRocketMQTopic' }))).toBe(false);
  });
});
