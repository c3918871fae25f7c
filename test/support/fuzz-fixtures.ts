import type { Type as Class } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { declaredActions as declaredInCode } from '../../src/docs/openapi.js';
import { ActionRegistry } from '../../src/gateway/action-registry.js';
import type { ActionOptions } from '../../src/gateway/action.decorator.js';
import type { TestApp } from './app.js';
import { callAction, type ActionTarget } from './fuzz-call.js';

/**
 * The world the action fuzz tests run in: one of each resource the actions' examples name
 * (cluster, namespace `prod`, topic `orders`, group `order-consumers`, role `order-producer`,
 * a sub-user, a user group, a policy, an API key, a tag), so that a mutated example gets past
 * the lookups and reaches the writes, where a bad value used to fail in Postgres.
 */
export interface FuzzAction extends ActionTarget {
  request: Class<unknown>;
  example: Record<string, unknown>;
}

export interface Fixtures {
  clusterId: string;
  userName: string;
  uin: number;
  uid: number;
  groupName: string;
  groupId: number;
  policyName: string;
  policyId: number;
  accessKeyId: string;
}

const toFuzzAction = (o: ActionOptions): FuzzAction => ({
  service: o.service.name,
  version: o.service.version,
  name: o.name,
  request: o.request,
  example: (o.example ?? {}) as Record<string, unknown>,
});

/** The registry of the running app: every action it answers, with its request class. */
export function registeredActions(t: TestApp): FuzzAction[] {
  return t.app
    .get(ActionRegistry)
    .all()
    .map(({ options }) => toFuzzAction(options));
}

/** The same list without an app, for one test per action (Jest needs it at collection time). */
export function declaredActions(): FuzzAction[] {
  return declaredInCode().map(({ options }) => toFuzzAction(options));
}

/** Destructive actions run last, and the cluster's deletion last of all, so the others find it. */
export function inFuzzOrder(actions: FuzzAction[]): FuzzAction[] {
  const rank = (a: FuzzAction) =>
    a.name === 'DeleteRocketMQCluster' ? 2 : /^(Delete|Remove|Detach|UnTag)/.test(a.name) ? 1 : 0;
  return [...actions].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

const TDMQ = { service: 'tdmq', version: '2020-02-17' };
const CAM = { service: 'cam', version: '2019-01-16' };
const TAG = { service: 'tag', version: '2018-08-13' };

async function ok(
  t: TestApp,
  at: Omit<ActionTarget, 'name'>,
  name: string,
  params: object,
): Promise<Record<string, unknown>> {
  const r = await callAction(t, { ...at, name }, params);
  if (!r.response || r.response.Error) throw new Error(`${name} failed: ${r.text}`);
  return r.response;
}

/** Creates a fresh set of fixtures; `tag` keeps the names of successive sets apart. */
export async function createFixtures(t: TestApp, tag: string): Promise<Fixtures> {
  const cluster = await ok(t, TDMQ, 'CreateRocketMQCluster', { Name: `fuzz-${tag}` });
  const ClusterId = cluster.ClusterId as string;
  await ok(t, TDMQ, 'CreateRocketMQNamespace', { ClusterId, NamespaceId: 'prod' });
  await ok(t, TDMQ, 'CreateRocketMQTopic', {
    ClusterId,
    Namespaces: ['prod'],
    Topic: 'orders',
    Type: 'Normal',
  });
  await ok(t, TDMQ, 'CreateRocketMQGroup', {
    ClusterId,
    Namespaces: ['prod'],
    GroupId: 'order-consumers',
    ReadEnable: true,
    BroadcastEnable: false,
  });
  await ok(t, TDMQ, 'CreateRocketMQRole', { ClusterId, RoleName: 'order-producer' });
  await ok(t, TDMQ, 'CreateRocketMQEnvironmentRole', {
    ClusterId,
    EnvironmentId: 'prod',
    RoleName: 'order-producer',
    Permissions: ['produce'],
  });
  const userName = `ci-deployer-${tag}`;
  const user = await ok(t, CAM, 'AddUser', { Name: userName, UseApi: 1 });
  const groupName = `developers-${tag}`;
  const group = await ok(t, CAM, 'CreateGroup', { GroupName: groupName });
  const policyName = `tdmq-prod-topics-${tag}`;
  const policy = await ok(t, CAM, 'CreatePolicy', {
    PolicyName: policyName,
    PolicyDocument: JSON.stringify({
      version: '2.0',
      statement: [{ effect: 'allow', action: ['tdmq:Describe*'], resource: ['*'] }],
    }),
  });
  const fx: Fixtures = {
    clusterId: ClusterId,
    userName,
    uin: Number(user.Uin),
    uid: Number(user.Uid),
    groupName,
    groupId: Number(group.GroupId),
    policyName,
    policyId: Number(policy.PolicyId),
    accessKeyId: '',
  };
  await ok(t, CAM, 'AddUserToGroup', { Info: [{ GroupId: fx.groupId, Uid: fx.uid }] });
  await ok(t, CAM, 'AttachUserPolicy', { PolicyId: fx.policyId, AttachUin: fx.uin });
  await ok(t, CAM, 'AttachGroupPolicy', { PolicyId: fx.policyId, AttachGroupId: fx.groupId });
  const key = await ok(t, CAM, 'CreateAccessKey', { TargetUin: fx.uin });
  fx.accessKeyId = (key.AccessKey as { AccessKeyId: string }).AccessKeyId;
  await ok(t, TAG, 'AddResourceTag', {
    TagKey: 'env',
    TagValue: 'prod',
    Resource: `qcs::tdmq:ap-guangzhou:uin/100000000001:cluster/${ClusterId}`,
  });
  return fx;
}

/** The example values that name fixtures, and what they name in this run. */
const EXAMPLE_NUMBERS: Array<[RegExp, number, keyof Fixtures]> = [
  [/GroupId$/, 100001, 'groupId'],
  [/PolicyId$/, 100001, 'policyId'],
  [/PolicyId$/, 4, 'policyId'],
  [/^Uid$/, 10000001, 'uid'],
  [/Uin$/, 200000000001, 'uin'],
];

function substitute(fx: Fixtures, key: string, v: unknown): unknown {
  if (typeof v === 'string') {
    return v
      .split('rocketmq-abcd12345678')
      .join(fx.clusterId)
      .replace(/^AKIDx+$/, fx.accessKeyId)
      .replace(/^ci-deployer$/, fx.userName)
      .replace(/^developers$/, fx.groupName)
      .replace(/^tdmq-prod-topics$/, fx.policyName);
  }
  if (typeof v === 'number') {
    const hit = EXAMPLE_NUMBERS.find(([name, value]) => name.test(key) && value === v);
    return hit ? fx[hit[2]] : v;
  }
  if (Array.isArray(v)) return v.map((x) => substitute(fx, key, x));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(fx, k, x)]));
  }
  return v;
}

/** The name a create takes: made unique per call, so that a repeat is not refused as a duplicate. */
const CREATED_NAME: Record<string, string> = {
  CreateRocketMQCluster: 'Name',
  CreateRocketMQNamespace: 'NamespaceId',
  CreateRocketMQTopic: 'Topic',
  CreateRocketMQGroup: 'GroupId',
  CreateRocketMQRole: 'RoleName',
  AddUser: 'Name',
  CreateGroup: 'GroupName',
  CreatePolicy: 'PolicyName',
};
let created = 0;

/**
 * The action's example, pointed at the fixtures: a request that gets past every lookup (and
 * for a create, under a name not taken yet).
 */
export function baseBody(action: FuzzAction, fx: Fixtures): Record<string, unknown> {
  return freshName(action, substitute(fx, '', action.example) as Record<string, unknown>);
}

/** For a create, a unique name in place of the example's (a mutated name is left alone). */
export function freshName(action: FuzzAction, body: Record<string, unknown>) {
  const key = CREATED_NAME[action.name];
  const name = body[key];
  if (key && typeof name === 'string' && name.startsWith(String(action.example[key]))) {
    body[key] = `${String(action.example[key])}x${++created}`;
  }
  return body;
}

/**
 * A digest of every control-plane table: equal before and after a refused request when it
 * wrote nothing. The message tables are left out: stores accepted earlier complete in the
 * background.
 */
export async function stateDigest(t: TestApp): Promise<string> {
  const db = t.app.get(DataSource);
  const tables = [
    'access_keys',
    'clusters',
    'namespaces',
    'resource_tags',
    'cam_users',
    'cam_groups',
    'cam_group_members',
    'cam_policies',
    'cam_user_policies',
    'cam_group_policies',
    'roles',
    'environment_roles',
    'tag_catalog',
    'groups',
    'topics',
    'topic_type_counts',
    'subscriptions',
    'consume_cursors',
  ];
  const sql = tables
    .map(
      (n) =>
        `SELECT '${n}' AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${n} x`,
    )
    .join(' UNION ALL ');
  const rows = (await db.query(
    `SELECT string_agg(n || ':' || h, ',' ORDER BY n) AS d FROM (${sql}) s`,
  )) as Array<{ d: string }>;
  return rows[0].d;
}
