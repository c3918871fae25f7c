import { makeScope } from '../../src/gateway/request-context.js';
import { cam } from '../../src/gateway/cam-resource.js';
import { SubscriptionsService } from '../../src/rocketmq/subscriptions/subscriptions.service.js';
import { TopicsService } from '../../src/rocketmq/topics/topics.service.js';
import { TagsService } from '../../src/tags/tags.service.js';
import { DataSource } from 'typeorm';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import { sdkError, tdmqClient, type TdmqClient } from '../support/sdk.js';

let t: TestApp;
let tdmq: TdmqClient;
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
});
afterAll(() => t.close());

/** A cluster with the given namespaces. */
async function setup(...namespaces: string[]): Promise<string> {
  const { ClusterId } = await tdmq.CreateRocketMQCluster({ Name: uniqueName('topics') });
  for (const ns of namespaces)
    await tdmq.CreateRocketMQNamespace({ ClusterId: ClusterId!, NamespaceId: ns });
  return ClusterId!;
}

const list = (clusterId: string, namespace: string, extra: Record<string, unknown> = {}) =>
  tdmq.DescribeRocketMQTopics({
    ClusterId: clusterId,
    NamespaceId: namespace,
    Offset: 0,
    Limit: 100,
    ...extra,
  });

describe('CreateRocketMQTopic', () => {
  it('creates a Normal topic with 3 partitions by default and describes it', async () => {
    const c = await setup('prod');
    const before = Date.now();
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['prod'],
      Topic: 'orders',
      Type: 'Normal',
      Remark: 'order events',
    });
    const { Topic } = await tdmq.DescribeRocketMQTopic({
      ClusterId: c,
      NamespaceId: 'prod',
      TopicName: 'orders',
    });
    expect(Topic).toMatchObject({
      Name: 'orders',
      Type: 'Normal',
      PartitionNum: 3,
      Remark: 'order events',
      GroupNum: 0,
      SubscriptionCount: 0,
      SubscriptionData: [],
      InstanceId: c,
      Namespace: 'prod',
      LastUpdateTime: null,
      TagList: [],
    });
    expect(Topic!.CreateTime).toBeGreaterThanOrEqual(before - 2000);
    expect(Topic!.UpdateTime).toBeGreaterThanOrEqual(Topic!.CreateTime);
  });

  it.each(['Normal', 'PartitionedOrder', 'Transaction', 'DelayScheduled'])(
    'creates %s topics with the partitions asked for',
    async (type) => {
      const c = await setup('nsx');
      await tdmq.CreateRocketMQTopic({
        ClusterId: c,
        Namespaces: ['nsx'],
        Topic: `t_${type}`,
        Type: type,
        PartitionNum: 16,
      });
      expect((await list(c, 'nsx')).Topics![0]).toMatchObject({ Type: type, PartitionNum: 16 });
    },
  );

  it('gives a GlobalOrder topic exactly 1 partition', async () => {
    const c = await setup('nsx');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['nsx'],
      Topic: 'global',
      Type: 'GlobalOrder',
    });
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['nsx'],
      Topic: 'global1',
      Type: 'GlobalOrder',
      PartitionNum: 1,
    });
    expect((await list(c, 'nsx')).Topics!.map((x) => x.PartitionNum)).toEqual([1, 1]);
    const e = await sdkError(
      tdmq.CreateRocketMQTopic({
        ClusterId: c,
        Namespaces: ['nsx'],
        Topic: 'global4',
        Type: 'GlobalOrder',
        PartitionNum: 4,
      }),
    );
    expect(e.code).toBe('InvalidParameter.Partition');
  });

  it.each([
    ['a 2-character name', { Topic: 'ab' }, 'InvalidParameterValue'],
    ['a 65-character name', { Topic: 't'.repeat(65) }, 'InvalidParameterValue'],
    ['a name with %', { Topic: '%RETRY%x' }, 'InvalidParameterValue'],
    ['a name with a dot', { Topic: 'a.b' }, 'InvalidParameterValue'],
    ['a reserved rmq_sys_ name', { Topic: 'RMQ_SYS_TRACE_TOPIC' }, 'InvalidParameterValue'],
    ['the reserved TBW102', { Topic: 'TBW102' }, 'InvalidParameterValue'],
    ['a system type', { Type: 'Retry' }, 'InvalidParameterValue'],
    ['an unknown type', { Type: 'Fancy' }, 'InvalidParameterValue'],
    ['no type', { Type: undefined }, 'MissingParameter'],
    ['0 partitions', { PartitionNum: 0 }, 'InvalidParameter.Partition'],
    ['17 partitions', { PartitionNum: 17 }, 'InvalidParameter.Partition'],
    ['a remark over 128 characters', { Remark: 'r'.repeat(129) }, 'InvalidParameterValue'],
    ['no namespaces', { Namespaces: [] }, 'InvalidParameterValue'],
    ['a namespace listed twice', { Namespaces: ['nsx', 'nsx'] }, 'InvalidParameterValue'],
    ['an unknown namespace', { Namespaces: ['nope'] }, 'ResourceNotFound.Namespace'],
    ['an unknown cluster', { ClusterId: 'rocketmq-000000000000' }, 'ResourceNotFound.Cluster'],
  ])('refuses %s and writes nothing', async (_what, params, code) => {
    const c = await setup('nsx');
    const e = await sdkError(
      tdmq.request('CreateRocketMQTopic', {
        ClusterId: c,
        Namespaces: ['nsx'],
        Topic: 'okname',
        Type: 'Normal',
        ...params,
      }),
    );
    expect(e.code).toBe(code);
    expect((await list(c, 'nsx')).TotalCount).toBe(0);
  });

  it('creates in several namespaces all-or-nothing', async () => {
    const c = await setup('a_ns', 'b_ns', 'c_ns');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['a_ns', 'b_ns'],
      Topic: 'shared',
      Type: 'Normal',
    });
    expect((await list(c, 'a_ns')).TotalCount).toBe(1);
    expect((await list(c, 'b_ns')).TotalCount).toBe(1);
    // c_ns is free but b_ns already has it: nothing is created in c_ns.
    const e = await sdkError(
      tdmq.CreateRocketMQTopic({
        ClusterId: c,
        Namespaces: ['c_ns', 'b_ns'],
        Topic: 'shared',
        Type: 'Normal',
      }),
    );
    expect(e.code).toBe('ResourceInUse.Topic');
    expect(e.message).toContain('b_ns');
    expect((await list(c, 'c_ns')).TotalCount).toBe(0);
    // a missing namespace among existing ones: nothing is created.
    expect(
      (
        await sdkError(
          tdmq.CreateRocketMQTopic({
            ClusterId: c,
            Namespaces: ['c_ns', 'missing_ns'],
            Topic: 'other',
            Type: 'Normal',
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Namespace');
    expect((await list(c, 'c_ns')).TotalCount).toBe(0);
    expect((await tdmq.DescribeRocketMQCluster({ ClusterId: c })).ClusterConfig!.UsedTopicNum).toBe(
      2,
    );
  });

  it('lets exactly one of 10 parallel creates of one name succeed', async () => {
    const c = await setup('nsx');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        tdmq.CreateRocketMQTopic({
          ClusterId: c,
          Namespaces: ['nsx'],
          Topic: 'race',
          Type: 'Normal',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as { code: string }).code).toBe('ResourceInUse.Topic');
  });

  it('holds the cluster topic quota under parallel creates, also across namespaces', async () => {
    const small = await startTestApp({ CLUSTER_MAX_TOPICS: '5' });
    try {
      const client = tdmqClient(small);
      const { ClusterId } = await client.CreateRocketMQCluster({ Name: uniqueName('quota') });
      await client.CreateRocketMQNamespace({ ClusterId: ClusterId!, NamespaceId: 'one' });
      await client.CreateRocketMQNamespace({ ClusterId: ClusterId!, NamespaceId: 'two' });
      const attempts = Array.from({ length: 12 }, (_, i) => ({
        ns: i % 2 ? 'one' : 'two',
        name: `q${i}x`,
      }));
      const results = await Promise.allSettled(
        attempts.map((a) =>
          client.CreateRocketMQTopic({
            ClusterId: ClusterId!,
            Namespaces: [a.ns],
            Topic: a.name,
            Type: 'Normal',
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      for (const r of results)
        if (r.status === 'rejected')
          expect((r.reason as { code: string }).code).toBe('LimitExceeded');
      expect(
        (await client.DescribeRocketMQCluster({ ClusterId: ClusterId! })).ClusterConfig!,
      ).toMatchObject({ MaxTopicNum: 5, UsedTopicNum: 5 });
      // With one slot free, a create in two namespaces would overshoot: it writes nothing.
      const created = attempts[results.findIndex((r) => r.status === 'fulfilled')];
      await client.DeleteRocketMQTopic({
        ClusterId: ClusterId!,
        NamespaceId: created.ns,
        Topic: created.name,
      });
      expect(
        (
          await sdkError(
            client.CreateRocketMQTopic({
              ClusterId: ClusterId!,
              Namespaces: ['one', 'two'],
              Topic: 'both',
              Type: 'Normal',
            }),
          )
        ).code,
      ).toBe('LimitExceeded');
      expect(
        (await client.DescribeRocketMQCluster({ ClusterId: ClusterId! })).ClusterConfig!
          .UsedTopicNum,
      ).toBe(4);
    } finally {
      await small.close();
    }
  });
});
describe('DescribeRocketMQTopics', () => {
  let c: string;
  beforeAll(async () => {
    c = await setup('shop', 'other');
    for (const [name, type] of [
      ['order-created', 'Normal'],
      ['order_paid', 'PartitionedOrder'],
      ['ORDER-SHIPPED', 'Normal'],
      ['payments', 'Transaction'],
      ['reminders', 'DelayScheduled'],
      ['ledger', 'GlobalOrder'],
    ]) {
      await tdmq.CreateRocketMQTopic({
        ClusterId: c,
        Namespaces: ['shop'],
        Topic: name,
        Type: type,
      });
    }
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['other'],
      Topic: 'order-elsewhere',
      Type: 'Normal',
    });
  });

  it('pages newest first, TotalCount counting all matches', async () => {
    const p1 = await list(c, 'shop', { Offset: 0, Limit: 2 });
    const p3 = await list(c, 'shop', { Offset: 4, Limit: 2 });
    expect(p1.TotalCount).toBe(6);
    expect(p1.Topics!.map((x) => x.Name)).toEqual(['ledger', 'reminders']);
    expect(p3.Topics!.map((x) => x.Name)).toEqual(['order_paid', 'order-created']);
    expect(await list(c, 'shop', { Limit: 0 })).toMatchObject({ Topics: [], TotalCount: 6 });
    expect(await list(c, 'shop', { Offset: 60 })).toMatchObject({ Topics: [], TotalCount: 6 });
  });

  it('filters by type (counters) and by name (fuzzy, case-insensitive, literal)', async () => {
    expect(
      (await list(c, 'shop', { FilterType: ['Normal'] })).Topics!.map((x) => x.Name).sort(),
    ).toEqual(['ORDER-SHIPPED', 'order-created']);
    expect((await list(c, 'shop', { FilterType: ['Normal', 'GlobalOrder'] })).TotalCount).toBe(3);
    expect((await list(c, 'shop', { FilterName: 'order' })).TotalCount).toBe(3);
    expect(
      (await list(c, 'shop', { FilterName: 'ORDER-' })).Topics!.map((x) => x.Name).sort(),
    ).toEqual(['ORDER-SHIPPED', 'order-created']);
    expect((await list(c, 'shop', { FilterName: 'order_' })).Topics!.map((x) => x.Name)).toEqual([
      'order_paid',
    ]);
    expect((await list(c, 'shop', { FilterName: 'order%' })).TotalCount).toBe(0);
    expect(
      (await list(c, 'shop', { FilterName: 'order', FilterType: ['PartitionedOrder'] })).TotalCount,
    ).toBe(1);
  });

  it('filters by subscribing group and by tags, and reports both on each topic', async () => {
    await tdmq.CreateRocketMQGroup({
      ClusterId: c,
      Namespaces: ['shop'],
      GroupId: 'billing',
      ReadEnable: true,
      BroadcastEnable: false,
    });
    const subs = t.app.get(SubscriptionsService);
    await subs.record(
      { clusterId: c, namespace: 'shop', group: 'billing', topic: 'payments' },
      'TAG',
      'paid || refunded',
    );
    await subs.record(
      { clusterId: c, namespace: 'shop', group: 'billing', topic: 'order_paid' },
      'TAG',
      '*',
    );
    const byGroup = await list(c, 'shop', { FilterGroup: 'billing' });
    expect(byGroup.Topics!.map((x) => x.Name).sort()).toEqual(['order_paid', 'payments']);
    expect(byGroup.Topics!.every((x) => x.GroupNum === 1 && x.SubscriptionCount === 1)).toBe(true);

    const scope = makeScope(t.config.root.uin, 'ap-guangzhou');
    const db = t.app.get(DataSource);
    await db.transaction((em) =>
      t.app
        .get(TagsService)
        .addTags(em, scope, cam.topic(c, 'shop', 'ledger'), [
          { TagKey: 'team', TagValue: 'finance' },
        ]),
    );
    const tagged = await list(c, 'shop', {
      TagFilters: [{ TagKey: 'team', TagValues: ['finance'] }],
    });
    expect(tagged.Topics!.map((x) => x.Name)).toEqual(['ledger']);
    expect(tagged.Topics![0].TagList).toEqual([{ TagKey: 'team', TagValue: 'finance' }]);
    expect(
      (await list(c, 'shop', { TagFilters: [{ TagKey: 'team', TagValues: ['other'] }] }))
        .TotalCount,
    ).toBe(0);
  });

  it('refuses an unknown namespace or cluster and a Limit over 100', async () => {
    expect((await sdkError(list(c, 'nope'))).code).toBe('ResourceNotFound.Namespace');
    expect(
      (
        await sdkError(
          tdmq.DescribeRocketMQTopics({
            ClusterId: 'rocketmq-000000000000',
            NamespaceId: 'shop',
            Offset: 0,
            Limit: 10,
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Cluster');
    expect((await sdkError(list(c, 'shop', { Limit: 101 }))).code).toBe('InvalidParameterValue');
    expect((await sdkError(list(c, 'shop', { FilterType: ['Sideways'] }))).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('counts topics per type in the cluster’s TopicDistribution', async () => {
    const config = (await tdmq.DescribeRocketMQCluster({ ClusterId: c })).ClusterConfig!;
    expect(config.UsedTopicNum).toBe(7);
    expect(
      Object.fromEntries(config.TopicDistribution!.map((d) => [d.TopicType, d.Count])),
    ).toEqual({
      Normal: 3,
      GlobalOrder: 1,
      PartitionedOrder: 1,
      Transaction: 1,
      DelayScheduled: 1,
    });
    const listed = await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 1, ClusterIdList: [c] });
    expect(
      listed.ClusterList![0].Config.TopicDistribution!.find((d) => d.TopicType === 'Normal')!.Count,
    ).toBe(3);
  });
});

describe('DescribeRocketMQTopic', () => {
  it('pages the subscriptions and filters them by group', async () => {
    const c = await setup('nsx');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['nsx'],
      Topic: 'events',
      Type: 'Normal',
    });
    const subs = t.app.get(SubscriptionsService);
    for (const g of ['g-a', 'g-b', 'g-c']) {
      await tdmq.CreateRocketMQGroup({
        ClusterId: c,
        Namespaces: ['nsx'],
        GroupId: g,
        ReadEnable: true,
        BroadcastEnable: g === 'g-c',
      });
      await subs.record(
        { clusterId: c, namespace: 'nsx', group: g, topic: 'events' },
        'TAG',
        `tag-${g}`,
      );
    }
    const page = await tdmq.DescribeRocketMQTopic({
      ClusterId: c,
      NamespaceId: 'nsx',
      TopicName: 'events',
      Offset: 1,
      Limit: 1,
    });
    expect(page.Topic).toMatchObject({ GroupNum: 3, SubscriptionCount: 3 });
    expect(page.Topic!.SubscriptionData!.map((s) => s.ConsumerGroup)).toEqual(['g-b']);
    const one = await tdmq.DescribeRocketMQTopic({
      ClusterId: c,
      NamespaceId: 'nsx',
      TopicName: 'events',
      ConsumerGroup: 'g-c',
    });
    expect(one.Topic!.SubscriptionData).toEqual([
      expect.objectContaining({
        Topic: 'events',
        Type: 'Normal',
        ConsumerGroup: 'g-c',
        SubString: 'tag-g-c',
        ExpressionType: 'TAG',
        ConsumeType: 0,
        MaxRetryTimes: 16,
        IsOnline: false,
      }),
    ]);
    expect(
      (
        await sdkError(
          tdmq.DescribeRocketMQTopic({ ClusterId: c, NamespaceId: 'nsx', TopicName: 'nope' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Topic');
  });
});

describe('ModifyRocketMQTopic', () => {
  it('changes the remark and adds partitions, never removes them', async () => {
    const c = await setup('nsx');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['nsx'],
      Topic: 'grow',
      Type: 'PartitionedOrder',
      PartitionNum: 4,
    });
    await tdmq.ModifyRocketMQTopic({
      ClusterId: c,
      NamespaceId: 'nsx',
      Topic: 'grow',
      Remark: 'bigger',
      PartitionNum: 8,
    });
    expect((await list(c, 'nsx')).Topics![0]).toMatchObject({ Remark: 'bigger', PartitionNum: 8 });
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQTopic({
            ClusterId: c,
            NamespaceId: 'nsx',
            Topic: 'grow',
            Remark: 'x',
            PartitionNum: 2,
          }),
        )
      ).code,
    ).toBe('InvalidParameter.Partition');
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQTopic({
            ClusterId: c,
            NamespaceId: 'nsx',
            Topic: 'grow',
            Remark: 'x',
            PartitionNum: 17,
          }),
        )
      ).code,
    ).toBe('InvalidParameter.Partition');
    expect((await list(c, 'nsx')).Topics![0]).toMatchObject({ Remark: 'bigger', PartitionNum: 8 });
  });

  it('keeps a GlobalOrder topic at 1 partition and requires the remark', async () => {
    const c = await setup('nsx');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['nsx'],
      Topic: 'global',
      Type: 'GlobalOrder',
    });
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQTopic({
            ClusterId: c,
            NamespaceId: 'nsx',
            Topic: 'global',
            Remark: 'x',
            PartitionNum: 2,
          }),
        )
      ).code,
    ).toBe('InvalidParameter.Partition');
    await tdmq.ModifyRocketMQTopic({
      ClusterId: c,
      NamespaceId: 'nsx',
      Topic: 'global',
      Remark: 'same',
      PartitionNum: 1,
    });
    expect(
      (
        await sdkError(
          tdmq.request('ModifyRocketMQTopic', {
            ClusterId: c,
            NamespaceId: 'nsx',
            Topic: 'global',
          }),
        )
      ).code,
    ).toBe('MissingParameter');
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQTopic({
            ClusterId: c,
            NamespaceId: 'nsx',
            Topic: 'nope',
            Remark: 'x',
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Topic');
  });
});

describe('DeleteRocketMQTopic', () => {
  it('deletes the topic with its subscriptions and tags; the namespace can then go', async () => {
    const c = await setup('nsx');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['nsx'],
      Topic: 'doomed',
      Type: 'Normal',
    });
    await tdmq.CreateRocketMQGroup({
      ClusterId: c,
      Namespaces: ['nsx'],
      GroupId: 'readers',
      ReadEnable: true,
      BroadcastEnable: false,
    });
    await t.app
      .get(SubscriptionsService)
      .record({ clusterId: c, namespace: 'nsx', group: 'readers', topic: 'doomed' }, 'TAG', '*');
    const scope = makeScope(t.config.root.uin, 'ap-guangzhou');
    await t.app
      .get(DataSource)
      .transaction((em) =>
        t.app
          .get(TagsService)
          .addTags(em, scope, cam.topic(c, 'nsx', 'doomed'), [{ TagKey: 'k', TagValue: 'v' }]),
      );

    expect(
      (await sdkError(tdmq.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'nsx' }))).code,
    ).toBe('FailedOperation');
    await tdmq.DeleteRocketMQTopic({ ClusterId: c, NamespaceId: 'nsx', Topic: 'doomed' });
    expect((await list(c, 'nsx')).TotalCount).toBe(0);
    expect(
      (
        await sdkError(
          tdmq.DescribeRocketMQTopic({ ClusterId: c, NamespaceId: 'nsx', TopicName: 'doomed' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Topic');
    expect(
      (
        await tdmq.DescribeRocketMQSubscriptions({
          ClusterId: c,
          Namespace: 'nsx',
          Group: 'readers',
          Offset: 0,
          Limit: 10,
        })
      ).TotalCount,
    ).toBe(0);
    const groups = await tdmq.DescribeRocketMQGroups({
      ClusterId: c,
      NamespaceId: 'nsx',
      Offset: 0,
      Limit: 10,
    });
    expect(groups.Groups![0].SubscribeTopicNum).toBe(0);
    expect(
      (
        await t.app
          .get(DataSource)
          .query(`SELECT count(*)::int AS n FROM resource_tags WHERE resource_id = $1`, [
            `${c}/nsx/doomed`,
          ])
      )[0].n,
    ).toBe(0);
    expect(
      (
        await sdkError(
          tdmq.DeleteRocketMQTopic({ ClusterId: c, NamespaceId: 'nsx', Topic: 'doomed' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Topic');
    const config = (await tdmq.DescribeRocketMQCluster({ ClusterId: c })).ClusterConfig!;
    expect(config.UsedTopicNum).toBe(0);
    await tdmq.DeleteRocketMQGroup({ ClusterId: c, NamespaceId: 'nsx', GroupId: 'readers' });
    await tdmq.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'nsx' });
  });

  it('refuses to modify or delete a group’s system topics directly', async () => {
    const c = await setup('nsx');
    await tdmq.CreateRocketMQGroup({
      ClusterId: c,
      Namespaces: ['nsx'],
      GroupId: 'workers',
      ReadEnable: true,
      BroadcastEnable: false,
    });
    const retry = await t.app.get(TopicsService).ensureSystemTopic(c, 'nsx', 'workers', 'Retry');
    expect(retry).toBe('%RETRY%workers');
    expect(
      (await sdkError(tdmq.DeleteRocketMQTopic({ ClusterId: c, NamespaceId: 'nsx', Topic: retry })))
        .code,
    ).toBe('UnsupportedOperation');
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQTopic({ ClusterId: c, NamespaceId: 'nsx', Topic: retry, Remark: 'x' }),
        )
      ).code,
    ).toBe('UnsupportedOperation');
  });
});

describe('DescribeRocketMQTopicStats', () => {
  it('has one row per partition, empty until messages are stored', async () => {
    const c = await setup('nsx');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['nsx'],
      Topic: 'stats',
      Type: 'Normal',
      PartitionNum: 4,
    });
    const { TopicStatsList } = await tdmq.DescribeRocketMQTopicStats({
      ClusterId: c,
      NamespaceId: 'nsx',
      TopicName: 'stats',
    });
    expect(TopicStatsList!.map((s) => s.QueueId)).toEqual([0, 1, 2, 3]);
    expect(
      TopicStatsList!.every(
        (s) =>
          s.MinOffset === 0 &&
          s.MaxOffset === 0 &&
          s.MessageCount === 0 &&
          s.LastUpdateTimestamp === null,
      ),
    ).toBe(true);
    expect(
      (
        await sdkError(
          tdmq.DescribeRocketMQTopicStats({ ClusterId: c, NamespaceId: 'nsx', TopicName: 'none' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Topic');
  });
});
