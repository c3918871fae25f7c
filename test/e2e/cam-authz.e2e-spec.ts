import { ResourceTagReader } from '../../src/cam/authz/resource-tag-reader.js';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import {
  camClient,
  sdkError,
  tagClient,
  tdmqClient,
  type CamClient,
  type TagClient,
  type TdmqClient,
} from '../support/sdk.js';

/**
 * CAM authorization end to end: sub-users created, given policies (directly, through groups,
 * with resource, request-tag and negated conditions) and keys through the official cam client,
 * then calling tdmq and cam with their own keys. Policy changes apply to the very next call.
 */

let t: TestApp;
let tdmq: TdmqClient;
let cam: CamClient;
let tag: TagClient;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
  cam = camClient(t);
  tag = tagClient(t);
  owner = t.config.root.uin;
});
afterAll(() => t.close());

const REGION = 'ap-guangzhou';
const PRESET = { FullAccess: 3, ReadOnlyAccess: 4 } as const;
const DENIED = 'AuthFailure.UnauthorizedOperation';

const qcs = (type: string, ...path: string[]) =>
  `qcs::tdmq:${REGION}:uin/${owner}:${type}/${path.join('/')}`;

interface Statement {
  effect: 'allow' | 'deny';
  action: string[];
  resource: string[];
  condition?: Record<string, Record<string, string[]>>;
}

interface SubUser {
  uin: number;
  uid: number;
  secretId: string;
  secretKey: string;
  tdmq: TdmqClient;
  cam: CamClient;
}

/** A sub-user with an API key, clients signed with that key, and the given policies attached. */
async function newUser(...policyIds: number[]): Promise<SubUser> {
  const res = await cam.AddUser({ Name: uniqueName('user'), UseApi: 1 });
  const keys = { secretId: res.SecretId!, secretKey: res.SecretKey! };
  expect(keys.secretId).toBeTruthy();
  expect(keys.secretKey).toBeTruthy();
  for (const PolicyId of policyIds) await cam.AttachUserPolicy({ PolicyId, AttachUin: res.Uin! });
  return {
    uin: res.Uin!,
    uid: res.Uid!,
    ...keys,
    tdmq: tdmqClient(t, keys),
    cam: camClient(t, keys),
  };
}

/** A custom policy of the root account; its id. */
async function newPolicy(...statement: Statement[]): Promise<number> {
  const { PolicyId } = await cam.CreatePolicy({
    PolicyName: uniqueName('pol'),
    PolicyDocument: JSON.stringify({ version: '2.0', statement }),
  });
  expect(PolicyId).toBeGreaterThan(0);
  return PolicyId!;
}

/** The call fails with CAM's denial, naming the action and the resource it was checked on. */
async function expectDenied(call: Promise<unknown>, action: string, resource: string) {
  const err = await sdkError(call);
  expect({ code: err.code, message: err.message }).toEqual({
    code: DENIED,
    message: `you are not authorized to perform operation (${action}) resource (${resource}) has no permission`,
  });
}

const envTag = (value: string) => [{ TagKey: 'env', TagValue: value }];

async function newCluster(tags: Array<{ TagKey: string; TagValue: string }> = []) {
  const { ClusterId } = await tdmq.CreateRocketMQCluster({
    Name: uniqueName('authz'),
    TagList: tags,
  });
  return ClusterId!;
}

/** A cluster with the namespaces given (created by the root). */
async function newNamespaces(namespaces: string[], tags = envTag('test')) {
  const clusterId = await newCluster(tags);
  for (const NamespaceId of namespaces)
    await tdmq.CreateRocketMQNamespace({ ClusterId: clusterId, NamespaceId });
  return clusterId;
}

async function newTopics(clusterId: string, namespace: string, topics: string[]) {
  for (const Topic of topics)
    await tdmq.CreateRocketMQTopic({
      ClusterId: clusterId,
      Namespaces: [namespace],
      Topic,
      Type: 'Normal',
    });
}

/** Topic names of a namespace as a client sees them (one page of 100). */
async function topicNames(client: TdmqClient, clusterId: string, namespace: string) {
  const r = await client.DescribeRocketMQTopics({
    ClusterId: clusterId,
    NamespaceId: namespace,
    Offset: 0,
    Limit: 100,
  });
  const names = r.Topics!.map((x) => x.Name!).sort();
  expect(r.TotalCount).toBe(names.length);
  return names;
}

/**
 * Every item of a list read one per page: TotalCount must be the same on every page and equal
 * to the number of items the pages hold.
 */
async function pageByOne<T>(
  read: (offset: number) => Promise<{ TotalCount?: number; items: T[] }>,
): Promise<T[]> {
  const all: T[] = [];
  const totals = new Set<number | undefined>();
  for (let offset = 0; offset < 100; offset += 1) {
    const page = await read(offset);
    totals.add(page.TotalCount);
    if (page.items.length === 0) break;
    expect(page.items).toHaveLength(1);
    all.push(...page.items);
  }
  expect([...totals]).toEqual([all.length]);
  return all;
}

const clusterIds = (client: TdmqClient, ids: string[]) =>
  pageByOne(async (Offset) => {
    const r = await client.DescribeRocketMQClusters({ Offset, Limit: 1, ClusterIdList: ids });
    return { TotalCount: r.TotalCount, items: (r.ClusterList ?? []).map((c) => c.Info.ClusterId!) };
  }).then((list) => list.sort());

const sorted = (xs: string[]) => [...xs].sort();

describe('CAM authorization of sub-users', () => {
  it('1. a sub-user without policies is denied every tdmq and cam action, naming action and resource', async () => {
    const clusterId = await newNamespaces(['orders']);
    const user = await newUser();

    await expectDenied(
      user.tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 10 }),
      'tdmq:DescribeRocketMQClusters',
      '*',
    );
    await expectDenied(
      user.tdmq.DescribeRocketMQCluster({ ClusterId: clusterId }),
      'tdmq:DescribeRocketMQCluster',
      qcs('cluster', clusterId),
    );
    const name = uniqueName('denied');
    await expectDenied(
      user.tdmq.CreateRocketMQCluster({ Name: name }),
      'tdmq:CreateRocketMQCluster',
      '*',
    );
    await expectDenied(
      user.tdmq.DescribeRocketMQTopics({
        ClusterId: clusterId,
        NamespaceId: 'orders',
        Offset: 0,
        Limit: 10,
      }),
      'tdmq:DescribeRocketMQTopics',
      qcs('namespace', clusterId, 'orders'),
    );
    await expectDenied(user.cam.ListUsers(), 'cam:ListUsers', '*');

    // The refused create left nothing behind.
    const { TotalCount } = await tdmq.DescribeRocketMQClusters({
      Offset: 0,
      Limit: 10,
      NameKeyword: name,
    });
    expect(TotalCount).toBe(0);
  });

  it('2. QcloudTDMQReadOnlyAccess reads the root’s resources and writes nothing', async () => {
    const clusterId = await newNamespaces(['orders']);
    await newTopics(clusterId, 'orders', ['created', 'paid']);
    const user = await newUser(PRESET.ReadOnlyAccess);

    const described = await user.tdmq.DescribeRocketMQCluster({ ClusterId: clusterId });
    expect(described.ClusterInfo!.ClusterId).toBe(clusterId);
    expect(await clusterIds(user.tdmq, [clusterId])).toEqual([clusterId]);
    expect(await topicNames(user.tdmq, clusterId, 'orders')).toEqual(['created', 'paid']);

    const name = uniqueName('ro');
    await expectDenied(
      user.tdmq.CreateRocketMQCluster({ Name: name }),
      'tdmq:CreateRocketMQCluster',
      '*',
    );
    await expectDenied(
      user.tdmq.CreateRocketMQTopic({
        ClusterId: clusterId,
        Namespaces: ['orders'],
        Topic: 'refunded',
        Type: 'Normal',
      }),
      'tdmq:CreateRocketMQTopic',
      qcs('namespace', clusterId, 'orders'),
    );
    await expectDenied(
      user.tdmq.DeleteRocketMQTopic({ ClusterId: clusterId, NamespaceId: 'orders', Topic: 'paid' }),
      'tdmq:DeleteRocketMQTopic',
      qcs('topic', clusterId, 'orders', 'paid'),
    );

    // The root sees that nothing changed.
    expect(
      (await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 10, NameKeyword: name })).TotalCount,
    ).toBe(0);
    expect(await topicNames(tdmq, clusterId, 'orders')).toEqual(['created', 'paid']);

    // Detaching the policy takes effect on the very next call.
    await cam.DetachUserPolicy({ PolicyId: PRESET.ReadOnlyAccess, DetachUin: user.uin });
    await expectDenied(
      user.tdmq.DescribeRocketMQCluster({ ClusterId: clusterId }),
      'tdmq:DescribeRocketMQCluster',
      qcs('cluster', clusterId),
    );
  });

  it('3. QcloudTDMQFullAccess creates clusters but grants no cam action', async () => {
    const user = await newUser(PRESET.FullAccess);
    const name = uniqueName('full');
    const { ClusterId } = await user.tdmq.CreateRocketMQCluster({ Name: name });
    expect(ClusterId).toMatch(/^rocketmq-/);
    const seen = await tdmq.DescribeRocketMQCluster({ ClusterId: ClusterId! });
    expect(seen.ClusterInfo!.ClusterName).toBe(name);

    await expectDenied(
      user.cam.AddUser({ Name: uniqueName('nope'), UseApi: 1 }),
      'cam:AddUser',
      '*',
    );
  });

  it('4. a namespace-scoped policy allows creating topics in that namespace only', async () => {
    const clusterId = await newNamespaces(['team_a', 'team_b']);
    const policyId = await newPolicy(
      {
        effect: 'allow',
        action: ['tdmq:CreateRocketMQTopic'],
        resource: [qcs('namespace', clusterId, 'team_a')],
      },
      {
        effect: 'allow',
        action: ['tdmq:DescribeRocketMQTopics'],
        resource: [qcs('topic', clusterId, 'team_a', '*')],
      },
    );
    const user = await newUser(policyId);
    const create = (ns: string) =>
      user.tdmq.CreateRocketMQTopic({
        ClusterId: clusterId,
        Namespaces: [ns],
        Topic: 'events',
        Type: 'Normal',
      });

    await create('team_a');
    expect(await topicNames(user.tdmq, clusterId, 'team_a')).toEqual(['events']);

    await expectDenied(
      create('team_b'),
      'tdmq:CreateRocketMQTopic',
      qcs('namespace', clusterId, 'team_b'),
    );
    expect(await topicNames(tdmq, clusterId, 'team_b')).toEqual([]);
    // The list of the other namespace shows nothing: no allow reaches its topics.
    await newTopics(clusterId, 'team_b', ['root-made']);
    expect(await topicNames(user.tdmq, clusterId, 'team_b')).toEqual([]);
    expect(await topicNames(tdmq, clusterId, 'team_b')).toEqual(['root-made']);
  });

  it('5. a group’s policy applies to its members until it is detached, at once', async () => {
    const clusterId = await newCluster();
    const other = await newCluster();
    const policyId = await newPolicy({
      effect: 'allow',
      action: ['tdmq:DescribeRocketMQCluster'],
      resource: [qcs('cluster', clusterId)],
    });
    const user = await newUser();
    const describe = (id: string) => user.tdmq.DescribeRocketMQCluster({ ClusterId: id });
    const resource = qcs('cluster', clusterId);
    await expectDenied(describe(clusterId), 'tdmq:DescribeRocketMQCluster', resource);

    const { GroupId } = await cam.CreateGroup({ GroupName: uniqueName('grp') });
    await cam.AddUserToGroup({ Info: [{ GroupId: GroupId!, Uid: user.uid }] });
    await expectDenied(describe(clusterId), 'tdmq:DescribeRocketMQCluster', resource);

    await cam.AttachGroupPolicy({ PolicyId: policyId, AttachGroupId: GroupId! });
    expect((await describe(clusterId)).ClusterInfo!.ClusterId).toBe(clusterId);
    await expectDenied(describe(other), 'tdmq:DescribeRocketMQCluster', qcs('cluster', other));

    await cam.DetachGroupPolicy({ PolicyId: policyId, DetachGroupId: GroupId! });
    await expectDenied(describe(clusterId), 'tdmq:DescribeRocketMQCluster', resource);

    await cam.AttachGroupPolicy({ PolicyId: policyId, AttachGroupId: GroupId! });
    expect((await describe(clusterId)).ClusterInfo!.ClusterId).toBe(clusterId);
  });

  it('6. a resource_tag condition on DescribeRocketMQClusters shows exactly the tagged clusters, with their count', async () => {
    const prodA = await newCluster(envTag('prod'));
    const dev = await newCluster(envTag('dev'));
    const prodB = await newCluster();
    await tag.TagResources({ ResourceList: [qcs('cluster', prodB)], Tags: envTag('prod') });
    const mine = [prodA, dev, prodB];

    const policyId = await newPolicy({
      effect: 'allow',
      action: ['tdmq:DescribeRocketMQClusters'],
      resource: ['*'],
      condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': ['env&prod'] } },
    });
    const user = await newUser(policyId);

    expect(await clusterIds(user.tdmq, mine)).toEqual(sorted([prodA, prodB]));
    expect(await clusterIds(tdmq, mine)).toEqual(sorted(mine));

    // Unrestricted, the first page holds only prod clusters (whatever other tests created):
    // the dev cluster is never among them, and the count is the filtered one.
    const all = await user.tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 100 });
    const ids = all.ClusterList!.map((c) => c.Info.ClusterId!);
    expect(ids).not.toContain(dev);
    if (all.TotalCount! <= 100) expect(ids).toEqual(expect.arrayContaining([prodA, prodB]));
    expect(all.TotalCount).toBeLessThan(
      (await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 1 })).TotalCount!,
    );
  });

  it('7. topics inherit their cluster’s tags (their own tag of the same key wins)', async () => {
    const prod = await newNamespaces(['orders'], envTag('prod'));
    await newTopics(prod, 'orders', ['created', 'paid', 'sandbox']);
    await tag.TagResources({
      ResourceList: [qcs('topic', prod, 'orders', 'sandbox')],
      Tags: envTag('dev'),
    });
    const plain = await newNamespaces(['orders'], []);
    await newTopics(plain, 'orders', ['created']);

    const policyId = await newPolicy({
      effect: 'allow',
      action: ['tdmq:DescribeRocketMQTopics', 'tdmq:DescribeRocketMQTopic'],
      resource: ['*'],
      condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': ['env&prod'] } },
    });
    const user = await newUser(policyId);

    expect(await topicNames(user.tdmq, prod, 'orders')).toEqual(['created', 'paid']);
    const { Topic } = await user.tdmq.DescribeRocketMQTopic({
      ClusterId: prod,
      NamespaceId: 'orders',
      TopicName: 'paid',
    });
    expect(Topic!.Name).toBe('paid');
    await expectDenied(
      user.tdmq.DescribeRocketMQTopic({
        ClusterId: prod,
        NamespaceId: 'orders',
        TopicName: 'sandbox',
      }),
      'tdmq:DescribeRocketMQTopic',
      qcs('topic', prod, 'orders', 'sandbox'),
    );

    // An untagged cluster's topics are not visible.
    expect(await topicNames(user.tdmq, plain, 'orders')).toEqual([]);
    await expectDenied(
      user.tdmq.DescribeRocketMQTopic({
        ClusterId: plain,
        NamespaceId: 'orders',
        TopicName: 'created',
      }),
      'tdmq:DescribeRocketMQTopic',
      qcs('topic', plain, 'orders', 'created'),
    );

    // Tagging the cluster shows its topics on the next call.
    await tag.TagResources({ ResourceList: [qcs('cluster', plain)], Tags: envTag('prod') });
    expect(await topicNames(user.tdmq, plain, 'orders')).toEqual(['created']);
  });

  it('8. a request_tag condition lets a create through only with the allowed tags', async () => {
    const policyId = await newPolicy({
      effect: 'allow',
      action: ['tdmq:CreateRocketMQCluster'],
      resource: ['*'],
      condition: { 'for_all_value:string_equal': { 'qcs:request_tag': ['env&dev'] } },
    });
    const user = await newUser(policyId);

    const { ClusterId } = await user.tdmq.CreateRocketMQCluster({
      Name: uniqueName('dev'),
      TagList: envTag('dev'),
    });
    const { ResourceTagMappingList } = await tag.GetResources({
      ResourceList: [qcs('cluster', ClusterId!)],
    });
    expect(ResourceTagMappingList![0].Tags).toEqual([
      expect.objectContaining({ TagKey: 'env', TagValue: 'dev' }),
    ]);

    for (const TagList of [envTag('prod'), [...envTag('dev'), { TagKey: 'team', TagValue: 'x' }]]) {
      const name = uniqueName('prod');
      await expectDenied(
        user.tdmq.CreateRocketMQCluster({ Name: name, TagList }),
        'tdmq:CreateRocketMQCluster',
        '*',
      );
      expect(
        (await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 10, NameKeyword: name }))
          .TotalCount,
      ).toBe(0);
    }
  });

  it('9. an explicit deny hides matching topics from a list that an allow covers, count included', async () => {
    const clusterId = await newNamespaces(['vault']);
    await newTopics(clusterId, 'vault', [
      'public-a',
      'secret-a',
      'public-b',
      'secret-b',
      'public-c',
    ]);
    const denyId = await newPolicy({
      effect: 'deny',
      action: ['tdmq:DescribeRocketMQTopics'],
      resource: [qcs('topic', clusterId, 'vault', 'secret-*')],
    });
    const user = await newUser(PRESET.FullAccess, denyId);

    expect(await topicNames(user.tdmq, clusterId, 'vault')).toEqual([
      'public-a',
      'public-b',
      'public-c',
    ]);
    const paged = await pageByOne(async (Offset) => {
      const r = await user.tdmq.DescribeRocketMQTopics({
        ClusterId: clusterId,
        NamespaceId: 'vault',
        Offset,
        Limit: 1,
      });
      return { TotalCount: r.TotalCount, items: r.Topics!.map((x) => x.Name!) };
    });
    expect(sorted(paged)).toEqual(['public-a', 'public-b', 'public-c']);
    const filtered = await user.tdmq.DescribeRocketMQTopics({
      ClusterId: clusterId,
      NamespaceId: 'vault',
      Offset: 0,
      Limit: 10,
      FilterName: 'secret',
    });
    expect([filtered.TotalCount, filtered.Topics]).toEqual([0, []]);
    expect(await topicNames(tdmq, clusterId, 'vault')).toHaveLength(5);

    // Detaching the deny shows them again.
    await cam.DetachUserPolicy({ PolicyId: denyId, DetachUin: user.uin });
    expect(await topicNames(user.tdmq, clusterId, 'vault')).toHaveLength(5);
  });

  it('10. a negated resource_tag condition hides the clusters it excludes', async () => {
    const prod = await newCluster(envTag('prod'));
    const prodTeam = await newCluster([...envTag('prod'), { TagKey: 'team', TagValue: 'x' }]);
    const dev = await newCluster(envTag('dev'));
    const untagged = await newCluster();
    const mine = [prod, prodTeam, dev, untagged];

    const policyId = await newPolicy({
      effect: 'allow',
      action: ['tdmq:DescribeRocketMQClusters', 'tdmq:DescribeRocketMQCluster'],
      resource: ['*'],
      condition: { string_not_equal: { 'qcs:resource_tag': ['env&prod'] } },
    });
    const user = await newUser(policyId);

    expect(await clusterIds(user.tdmq, mine)).toEqual(sorted([dev, untagged]));
    expect(
      (await user.tdmq.DescribeRocketMQCluster({ ClusterId: dev })).ClusterInfo!.ClusterId,
    ).toBe(dev);
    await expectDenied(
      user.tdmq.DescribeRocketMQCluster({ ClusterId: prod }),
      'tdmq:DescribeRocketMQCluster',
      qcs('cluster', prod),
    );
  });

  it('11. an inactive or deleted key is refused with AuthFailure.SecretIdNotFound at once', async () => {
    const user = await newUser(PRESET.ReadOnlyAccess);
    const call = (client: TdmqClient) => client.DescribeRocketMQClusters({ Offset: 0, Limit: 1 });
    await call(user.tdmq);

    await cam.UpdateAccessKey({
      AccessKeyId: user.secretId,
      Status: 'Inactive',
      TargetUin: user.uin,
    });
    expect((await sdkError(call(user.tdmq))).code).toBe('AuthFailure.SecretIdNotFound');

    await cam.UpdateAccessKey({
      AccessKeyId: user.secretId,
      Status: 'Active',
      TargetUin: user.uin,
    });
    expect((await call(user.tdmq)).TotalCount).toBeGreaterThanOrEqual(0);

    // A second key keeps working when the first is deleted.
    const { AccessKey } = await cam.CreateAccessKey({ TargetUin: user.uin });
    const second = tdmqClient(t, {
      secretId: AccessKey!.AccessKeyId,
      secretKey: AccessKey!.SecretAccessKey,
    });
    await cam.DeleteAccessKey({ AccessKeyId: user.secretId, TargetUin: user.uin });
    expect((await sdkError(call(user.tdmq))).code).toBe('AuthFailure.SecretIdNotFound');
    expect((await call(second)).TotalCount).toBeGreaterThanOrEqual(0);
  });

  it('12. SimulateAuthorization explains the allow and the implicit deny of a namespace-scoped user', async () => {
    const clusterId = await newNamespaces(['team_a', 'team_b']);
    const policyName = uniqueName('sim');
    const statement: Statement = {
      effect: 'allow',
      action: ['tdmq:CreateRocketMQTopic'],
      resource: [qcs('namespace', clusterId, 'team_a')],
    };
    const { PolicyId } = await cam.CreatePolicy({
      PolicyName: policyName,
      PolicyDocument: JSON.stringify({ version: '2.0', statement: [statement] }),
    });
    const user = await newUser(PolicyId!);
    const simulate = (ns: string, extra: Record<string, unknown> = {}) =>
      cam.request('SimulateAuthorization', {
        TargetUin: user.uin,
        Action: 'tdmq:CreateRocketMQTopic',
        Resource: qcs('namespace', clusterId, ns),
        ...extra,
      });
    const evaluated = [{ PolicyId, PolicyName: policyName, AttachedDirectly: true, Groups: [] }];

    const allowed = await simulate('team_a');
    expect(allowed).toMatchObject({
      Allowed: true,
      Outcome: 'allow',
      DecidedBy: { PolicyId, PolicyName: policyName, StatementIndex: 0 },
      EvaluatedPolicies: evaluated,
    });
    expect(JSON.parse(allowed.DecidedBy.Statement)).toMatchObject(statement);

    expect(await simulate('team_b')).toMatchObject({
      Allowed: false,
      Outcome: 'implicit-deny',
      DecidedBy: null,
      EvaluatedPolicies: evaluated,
    });

    // What if a deny were attached too: the deny decides.
    expect(
      await simulate('team_a', {
        PolicyDocument: JSON.stringify({
          version: '2.0',
          statement: [{ effect: 'deny', action: 'tdmq:Create*', resource: '*' }],
        }),
      }),
    ).toMatchObject({ Allowed: false, Outcome: 'deny', DecidedBy: { PolicyId: 0 } });

    // The simulation agrees with the real calls.
    await user.tdmq.CreateRocketMQTopic({
      ClusterId: clusterId,
      Namespaces: ['team_a'],
      Topic: 'events',
      Type: 'Normal',
    });
    await expectDenied(
      user.tdmq.CreateRocketMQTopic({
        ClusterId: clusterId,
        Namespaces: ['team_b'],
        Topic: 'events',
        Type: 'Normal',
      }),
      'tdmq:CreateRocketMQTopic',
      qcs('namespace', clusterId, 'team_b'),
    );
  });
});

describe('tags of large lists', () => {
  it('are read by the items’ common prefix with the same result as by name', async () => {
    const { ClusterId } = await tdmq.CreateRocketMQCluster({
      Name: uniqueName('bulk'),
      TagList: [
        { TagKey: 'env', TagValue: 'prod' },
        { TagKey: 'team', TagValue: 'a' },
      ],
    });
    const c = ClusterId!;
    await tdmq.CreateRocketMQNamespace({ ClusterId: c, NamespaceId: 'bulk' });
    for (const Topic of ['own-tag', 'plain'])
      await tdmq.CreateRocketMQTopic({ ClusterId: c, Namespaces: ['bulk'], Topic, Type: 'Normal' });
    await tag.TagResources({
      ResourceList: [qcs('topic', c, 'bulk', 'own-tag')],
      Tags: [
        { TagKey: 'env', TagValue: 'dev' },
        { TagKey: 'mine', TagValue: 'x' },
      ],
    });
    // Well over the threshold above which the reader switches to one query by prefix.
    const names = ['own-tag', 'plain', ...Array.from({ length: 1500 }, (_, i) => `n${i}`)];
    const resources = names.map((n) => qcs('topic', c, 'bulk', n));
    const reader = t.app.get(ResourceTagReader);
    const byName = await reader.tagsOf(owner, resources);
    const byPrefix = await reader.tagsOf(owner, resources, qcs('topic', c, 'bulk', ''));
    const sorted = (m: Map<string, string[]>) =>
      [...m]
        .map(([r, tags]) => [r, [...tags].sort()] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(byPrefix)).toEqual(sorted(byName));
    expect([...byPrefix.get(resources[0])!].sort()).toEqual(['env&dev', 'mine&x', 'team&a']);
    expect([...byPrefix.get(resources[1])!].sort()).toEqual(['env&prod', 'team&a']);
    expect(byPrefix.size).toBe(names.length);
  });
});
