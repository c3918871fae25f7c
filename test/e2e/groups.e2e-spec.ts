import { DataSource } from 'typeorm';
import { cam } from '../../src/gateway/cam-resource.js';
import { makeScope } from '../../src/gateway/request-context.js';
import { SubscriptionsService } from '../../src/rocketmq/subscriptions/subscriptions.service.js';
import { TopicsService } from '../../src/rocketmq/topics/topics.service.js';
import { TagsService } from '../../src/tags/tags.service.js';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import { sdkError, tdmqClient, type TdmqClient } from '../support/sdk.js';

let t: TestApp;
let tdmq: TdmqClient;
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
});
afterAll(() => t.close());

async function setup(...namespaces: string[]): Promise<string> {
  const { ClusterId } = await tdmq.CreateRocketMQCluster({ Name: uniqueName('groups') });
  for (const ns of namespaces)
    await tdmq.CreateRocketMQNamespace({ ClusterId: ClusterId!, NamespaceId: ns });
  return ClusterId!;
}

const createGroup = (
  clusterId: string,
  namespace: string,
  group: string,
  extra: Record<string, unknown> = {},
) =>
  tdmq.CreateRocketMQGroup({
    ClusterId: clusterId,
    Namespaces: [namespace],
    GroupId: group,
    ReadEnable: true,
    BroadcastEnable: false,
    ...extra,
  });

const groups = (clusterId: string, namespace: string, extra: Record<string, unknown> = {}) =>
  tdmq.DescribeRocketMQGroups({
    ClusterId: clusterId,
    NamespaceId: namespace,
    Offset: 0,
    Limit: 100,
    ...extra,
  });

const subscribe = (
  clusterId: string,
  namespace: string,
  group: string,
  topic: string,
  expression = '*',
) =>
  t.app.get(SubscriptionsService).record({ clusterId, namespace, group, topic }, 'TAG', expression);

describe('CreateRocketMQGroup', () => {
  it('creates a TCP group retrying 16 times by default and lists it with every field', async () => {
    const c = await setup('prod');
    const before = Date.now();
    await createGroup(c, 'prod', 'order-consumers', { Remark: 'orders' });
    const { Groups, TotalCount } = await groups(c, 'prod');
    expect(TotalCount).toBe(1);
    expect(Groups![0]).toMatchObject({
      Name: 'order-consumers',
      GroupType: 'TCP',
      RetryMaxTimes: 16,
      ReadEnabled: true,
      BroadcastEnabled: false,
      ConsumptionMode: 0,
      Remark: 'orders',
      ConsumerNum: 0,
      TPS: 0,
      TotalAccumulative: null,
      SubscribeTopicNum: 0,
      RetryPartitionNum: 1,
      InstanceId: c,
      Namespace: 'prod',
      ClientProtocol: null,
      ConsumerType: null,
      TagList: [],
    });
    expect(Groups![0].CreateTime).toBeGreaterThanOrEqual(before - 2000);
  });

  it('creates HTTP and broadcasting groups with a chosen retry limit (0 allowed)', async () => {
    const c = await setup('prod');
    await createGroup(c, 'prod', 'http-group', {
      GroupType: 'HTTP',
      BroadcastEnable: true,
      RetryMaxTimes: 0,
    });
    expect((await groups(c, 'prod')).Groups![0]).toMatchObject({
      GroupType: 'HTTP',
      BroadcastEnabled: true,
      ConsumptionMode: 1,
      RetryMaxTimes: 0,
    });
  });

  it.each([
    ['a 2-character name', { GroupId: 'ab' }, 'InvalidParameterValue'],
    ['a 65-character name', { GroupId: 'g'.repeat(65) }, 'InvalidParameterValue'],
    ['a name with a space', { GroupId: 'my group' }, 'InvalidParameterValue'],
    ['a reserved name', { GroupId: 'TOOLS_CONSUMER' }, 'InvalidParameterValue'],
    ['a reserved prefix', { GroupId: 'CID_RMQ_SYS_x' }, 'InvalidParameterValue'],
    ['a retry limit of -1', { RetryMaxTimes: -1 }, 'InvalidParameterValue'],
    ['a retry limit of 1001', { RetryMaxTimes: 1001 }, 'InvalidParameterValue'],
    ['an unknown group type', { GroupType: 'UDP' }, 'InvalidParameterValue'],
    ['no ReadEnable', { ReadEnable: undefined }, 'MissingParameter'],
    ['a string for BroadcastEnable', { BroadcastEnable: 'yes' }, 'InvalidParameter'],
    ['an unknown namespace', { Namespaces: ['nope'] }, 'ResourceNotFound.Namespace'],
    ['a remark over 128 characters', { Remark: 'r'.repeat(129) }, 'InvalidParameterValue'],
  ])('refuses %s and writes nothing', async (_what, params, code) => {
    const c = await setup('prod');
    const e = await sdkError(
      tdmq.request('CreateRocketMQGroup', {
        ClusterId: c,
        Namespaces: ['prod'],
        GroupId: 'good-group',
        ReadEnable: true,
        BroadcastEnable: false,
        ...params,
      }),
    );
    expect(e.code).toBe(code);
    expect((await groups(c, 'prod')).TotalCount).toBe(0);
  });

  it('creates in several namespaces all-or-nothing and refuses a taken name', async () => {
    const c = await setup('one', 'two', 'three');
    await tdmq.CreateRocketMQGroup({
      ClusterId: c,
      Namespaces: ['one', 'two'],
      GroupId: 'shared',
      ReadEnable: true,
      BroadcastEnable: false,
    });
    const e = await sdkError(
      tdmq.CreateRocketMQGroup({
        ClusterId: c,
        Namespaces: ['three', 'two'],
        GroupId: 'shared',
        ReadEnable: true,
        BroadcastEnable: false,
      }),
    );
    expect(e.code).toBe('ResourceInUse.Group');
    expect(e.message).toContain('two');
    expect((await groups(c, 'three')).TotalCount).toBe(0);
    expect((await tdmq.DescribeRocketMQCluster({ ClusterId: c })).ClusterConfig!.UsedGroupNum).toBe(
      2,
    );
  });

  it('lets exactly one of 10 parallel creates of one name succeed', async () => {
    const c = await setup('prod');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => createGroup(c, 'prod', 'racers')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as { code: string }).code).toBe('ResourceInUse.Group');
  });

  it('holds the cluster group quota under parallel creates', async () => {
    const small = await startTestApp({ CLUSTER_MAX_GROUPS: '4' });
    try {
      const client = tdmqClient(small);
      const { ClusterId } = await client.CreateRocketMQCluster({ Name: uniqueName('gquota') });
      await client.CreateRocketMQNamespace({ ClusterId: ClusterId!, NamespaceId: 'prod' });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          client.CreateRocketMQGroup({
            ClusterId: ClusterId!,
            Namespaces: ['prod'],
            GroupId: `group-${i}`,
            ReadEnable: true,
            BroadcastEnable: false,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
      for (const r of results)
        if (r.status === 'rejected')
          expect((r.reason as { code: string }).code).toBe('LimitExceeded');
      expect(
        (await client.DescribeRocketMQCluster({ ClusterId: ClusterId! })).ClusterConfig!,
      ).toMatchObject({ MaxGroupNum: 4, UsedGroupNum: 4 });
    } finally {
      await small.close();
    }
  });
});

describe('DescribeRocketMQGroups', () => {
  let c: string;
  beforeAll(async () => {
    c = await setup('shop');
    for (const name of ['billing', 'shipping', 'billing-audit', 'search']) {
      await createGroup(c, 'shop', name, { GroupType: name === 'search' ? 'HTTP' : 'TCP' });
    }
    for (const topic of ['orders', 'payments', 'refunds'])
      await tdmq.CreateRocketMQTopic({
        ClusterId: c,
        Namespaces: ['shop'],
        Topic: topic,
        Type: 'Normal',
      });
    await subscribe(c, 'shop', 'billing', 'payments');
    await subscribe(c, 'shop', 'billing', 'refunds');
    await subscribe(c, 'shop', 'billing', 'orders');
    await subscribe(c, 'shop', 'shipping', 'orders');
    await subscribe(c, 'shop', 'billing-audit', 'payments');
    await subscribe(c, 'shop', 'billing-audit', 'refunds');
  });

  it('pages newest first with defaults Offset 0 and Limit 20', async () => {
    const r = await tdmq.request('DescribeRocketMQGroups', { ClusterId: c, NamespaceId: 'shop' });
    expect(r.TotalCount).toBe(4);
    expect(r.Groups.map((g: { Name: string }) => g.Name)).toEqual([
      'search',
      'billing-audit',
      'shipping',
      'billing',
    ]);
    const p2 = await groups(c, 'shop', { Offset: 1, Limit: 2 });
    expect(p2.Groups!.map((g) => g.Name)).toEqual(['billing-audit', 'shipping']);
    expect(await groups(c, 'shop', { Limit: 0 })).toMatchObject({ Groups: [], TotalCount: 4 });
  });

  it('filters by name (fuzzy and exact), protocol and subscribed topic', async () => {
    expect(
      (await groups(c, 'shop', { FilterGroup: 'BILLING' })).Groups!.map((g) => g.Name).sort(),
    ).toEqual(['billing', 'billing-audit']);
    expect(
      (await groups(c, 'shop', { FilterOneGroup: 'billing' })).Groups!.map((g) => g.Name),
    ).toEqual(['billing']);
    expect((await groups(c, 'shop', { Types: ['HTTP'] })).Groups!.map((g) => g.Name)).toEqual([
      'search',
    ]);
    expect(
      (await groups(c, 'shop', { FilterTopic: 'orders' })).Groups!.map((g) => g.Name).sort(),
    ).toEqual(['billing', 'shipping']);
    expect(
      (await groups(c, 'shop', { FilterTopic: 'payments', FilterGroup: 'audit' })).TotalCount,
    ).toBe(1);
  });

  it('sorts by subscribed topic count', async () => {
    const desc = await groups(c, 'shop', { SortedBy: 'subscribeNum', SortOrder: 'desc' });
    expect(desc.Groups!.map((g) => [g.Name, g.SubscribeTopicNum])).toEqual([
      ['billing', 3],
      ['billing-audit', 2],
      ['shipping', 1],
      ['search', 0],
    ]);
    const asc = await groups(c, 'shop', { SortedBy: 'subscribeNum', SortOrder: 'asc' });
    expect(asc.Groups!.map((g) => g.Name)).toEqual([
      'search',
      'shipping',
      'billing-audit',
      'billing',
    ]);
  });

  it('filters by tags and reports each group’s tags', async () => {
    const scope = makeScope(t.config.root.uin, 'ap-guangzhou');
    await t.app
      .get(DataSource)
      .transaction((em) =>
        t.app
          .get(TagsService)
          .addTags(em, scope, cam.group(c, 'shop', 'search'), [
            { TagKey: 'team', TagValue: 'discovery' },
          ]),
      );
    const r = await groups(c, 'shop', { TagFilters: [{ TagKey: 'team', TagValues: [] }] });
    expect(r.Groups!.map((g) => [g.Name, g.TagList])).toEqual([
      ['search', [{ TagKey: 'team', TagValue: 'discovery' }]],
    ]);
  });

  it('refuses bad sorting, paging and unknown namespaces', async () => {
    expect((await sdkError(groups(c, 'shop', { SortedBy: 'name' }))).code).toBe(
      'InvalidParameterValue',
    );
    expect((await sdkError(groups(c, 'shop', { SortOrder: 'up' }))).code).toBe(
      'InvalidParameterValue',
    );
    expect((await sdkError(groups(c, 'shop', { Limit: 101 }))).code).toBe('InvalidParameterValue');
    expect((await sdkError(groups(c, 'nope'))).code).toBe('ResourceNotFound.Namespace');
  });

  it('lists the topics a group subscribes to, and its subscriptions', async () => {
    const byGroup = await tdmq.DescribeRocketMQTopicsByGroup({
      ClusterId: c,
      NamespaceId: 'shop',
      GroupId: 'billing',
      Offset: 1,
      Limit: 1,
    });
    expect(byGroup).toMatchObject({ TotalCount: 3, Topics: ['payments'] });
    const defaults = await tdmq.request('DescribeRocketMQTopicsByGroup', {
      ClusterId: c,
      NamespaceId: 'shop',
      GroupId: 'billing',
    });
    expect(defaults.Topics).toEqual(['orders', 'payments', 'refunds']);
    const subs = await tdmq.DescribeRocketMQSubscriptions({
      ClusterId: c,
      Namespace: 'shop',
      Group: 'shipping',
      Offset: 0,
      Limit: 10,
    });
    expect(subs.TotalCount).toBe(1);
    expect(subs.Subscriptions![0]).toMatchObject({
      Topic: 'orders',
      Type: 'Normal',
      PartitionNum: 3,
      ConsumerGroup: 'shipping',
      ConsumeType: 1,
      MaxRetryTimes: 16,
      ClientProtocol: 'TCP',
    });
    expect(
      (
        await tdmq.DescribeRocketMQSubscriptions({
          ClusterId: c,
          Namespace: 'shop',
          Group: 'search',
          Offset: 0,
          Limit: 10,
        })
      ).TotalCount,
    ).toBe(0);
    expect(
      (
        await sdkError(
          tdmq.DescribeRocketMQSubscriptions({
            ClusterId: c,
            Namespace: 'shop',
            Group: 'nobody',
            Offset: 0,
            Limit: 10,
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Group');
    expect(
      (
        await sdkError(
          tdmq.DescribeRocketMQTopicsByGroup({
            ClusterId: c,
            NamespaceId: 'shop',
            GroupId: 'nobody',
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Group');
  });
});

describe('ModifyRocketMQGroup', () => {
  it('changes the remark, consumption, broadcasting and retry limit', async () => {
    const c = await setup('prod');
    await createGroup(c, 'prod', 'mutable');
    await tdmq.ModifyRocketMQGroup({
      ClusterId: c,
      NamespaceId: 'prod',
      GroupId: 'mutable',
      Remark: 'changed',
      ReadEnable: false,
      BroadcastEnable: true,
      RetryMaxTimes: 3,
    });
    expect((await groups(c, 'prod')).Groups![0]).toMatchObject({
      Remark: 'changed',
      ReadEnabled: false,
      BroadcastEnabled: true,
      ConsumptionMode: 1,
      RetryMaxTimes: 3,
    });
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQGroup({
            ClusterId: c,
            NamespaceId: 'prod',
            GroupId: 'mutable',
            RetryMaxTimes: 5000,
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue');
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQGroup({
            ClusterId: c,
            NamespaceId: 'prod',
            GroupId: 'ghost',
            Remark: 'x',
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Group');
  });
});

describe('DeleteRocketMQGroup and the system topics', () => {
  it('lists a group’s Retry and DeadLetter topics, outside the topic quota, and removes them with the group', async () => {
    const c = await setup('prod');
    await createGroup(c, 'prod', 'workers');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['prod'],
      Topic: 'jobs',
      Type: 'Normal',
    });
    await subscribe(c, 'prod', 'workers', 'jobs');
    const topics = t.app.get(TopicsService);
    await topics.ensureSystemTopic(c, 'prod', 'workers', 'Retry');
    await topics.ensureSystemTopic(c, 'prod', 'workers', 'DeadLetter');
    await topics.ensureSystemTopic(c, 'prod', 'workers', 'Retry'); // idempotent

    const listed = await tdmq.DescribeRocketMQTopics({
      ClusterId: c,
      NamespaceId: 'prod',
      Offset: 0,
      Limit: 10,
    });
    expect(listed.Topics!.map((x) => [x.Name, x.Type]).sort()).toEqual([
      ['%DLQ%workers', 'DeadLetter'],
      ['%RETRY%workers', 'Retry'],
      ['jobs', 'Normal'],
    ]);
    const system = await tdmq.DescribeRocketMQTopics({
      ClusterId: c,
      NamespaceId: 'prod',
      Offset: 0,
      Limit: 10,
      FilterType: ['Retry', 'DeadLetter'],
    });
    expect(system.TotalCount).toBe(2);
    expect((await tdmq.DescribeRocketMQCluster({ ClusterId: c })).ClusterConfig!.UsedTopicNum).toBe(
      1,
    );

    const scope = makeScope(t.config.root.uin, 'ap-guangzhou');
    await t.app
      .get(DataSource)
      .transaction((em) =>
        t.app
          .get(TagsService)
          .addTags(em, scope, cam.group(c, 'prod', 'workers'), [{ TagKey: 'k', TagValue: 'v' }]),
      );

    expect(
      (await sdkError(tdmq.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'prod' }))).code,
    ).toBe('FailedOperation');
    await tdmq.DeleteRocketMQGroup({ ClusterId: c, NamespaceId: 'prod', GroupId: 'workers' });
    const after = await tdmq.DescribeRocketMQTopics({
      ClusterId: c,
      NamespaceId: 'prod',
      Offset: 0,
      Limit: 10,
    });
    expect(after.Topics!.map((x) => x.Name)).toEqual(['jobs']);
    expect(after.Topics![0].GroupNum).toBe(0);
    expect(
      (
        await t.app
          .get(DataSource)
          .query(`SELECT count(*)::int AS n FROM resource_tags WHERE resource_id = $1`, [
            `${c}/prod/workers`,
          ])
      )[0].n,
    ).toBe(0);
    expect((await tdmq.DescribeRocketMQCluster({ ClusterId: c })).ClusterConfig!.UsedGroupNum).toBe(
      0,
    );
    expect(
      (
        await sdkError(
          tdmq.DeleteRocketMQGroup({ ClusterId: c, NamespaceId: 'prod', GroupId: 'workers' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Group');
  });

  it('guards namespace and cluster deletion until topics and groups are gone', async () => {
    const c = await setup('prod');
    await createGroup(c, 'prod', 'last-group');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['prod'],
      Topic: 'last-topic',
      Type: 'Normal',
    });
    const e = await sdkError(tdmq.DeleteRocketMQCluster({ ClusterId: c }));
    expect(e.code).toBe('FailedOperation.DeleteCluster');
    expect(e.message).toMatch(/1 namespace, 1 topic, 1 group/);
    expect(
      (await sdkError(tdmq.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'prod' }))).code,
    ).toBe('FailedOperation');
    await tdmq.DeleteRocketMQTopic({ ClusterId: c, NamespaceId: 'prod', Topic: 'last-topic' });
    expect(
      (await sdkError(tdmq.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'prod' }))).code,
    ).toBe('FailedOperation');
    await tdmq.DeleteRocketMQGroup({ ClusterId: c, NamespaceId: 'prod', GroupId: 'last-group' });
    await tdmq.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'prod' });
    await tdmq.DeleteRocketMQCluster({ ClusterId: c });
  });
});
