import { DataSource } from 'typeorm';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import { sdkError, tdmqClient, type TdmqClient } from '../support/sdk.js';

const DAY_MS = 86_400_000;

let t: TestApp;
let tdmq: TdmqClient;
let db: DataSource;
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
  db = t.app.get(DataSource);
});
afterAll(() => t.close());

async function createCluster(
  name = uniqueName('c'),
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { ClusterId } = await tdmq.CreateRocketMQCluster({ Name: name, ...extra });
  return ClusterId!;
}

describe('CreateRocketMQCluster / DescribeRocketMQCluster', () => {
  it('creates a cluster and describes it with this deployment’s real endpoints and the default quotas', async () => {
    const name = uniqueName('full');
    const before = Date.now();
    const id = await createCluster(name, {
      Remark: 'first one',
      TagList: [{ TagKey: 'env', TagValue: 'dev' }],
    });
    expect(id).toMatch(/^rocketmq-[a-z0-9]{12}$/);

    const d = await tdmq.DescribeRocketMQCluster({ ClusterId: id });
    const info = d.ClusterInfo!;
    expect(info).toMatchObject({
      ClusterId: id,
      ClusterName: name,
      Region: 'ap-guangzhou',
      Remark: 'first one',
      IsVip: false,
      Status: 1,
      AclEnabled: true,
    });
    expect(info.CreateTime).toBeGreaterThanOrEqual(before - 2000);
    expect(info.CreateTime).toBeLessThanOrEqual(Date.now() + 2000);
    expect(info.HttpPublicEndpoint).toBe(`${t.url}/rocketmq/${id}`);
    expect(info.HttpInternalEndpoint).toBe(`${t.url}/rocketmq/${id}`);
    expect(info.HttpVpcEndpoint).toBe(`${t.url}/rocketmq/${id}`);
    expect(info.PublicEndPoint).toBe(t.config.tcpPublicEndpoint);
    expect(info.InternalEndpoint).toBe(t.config.tcpInternalEndpoint);
    expect(JSON.stringify(info)).not.toMatch(/example\.com|placeholder|xxx/i);

    expect(d.ClusterConfig).toMatchObject({
      MaxNamespaceNum: 10,
      UsedNamespaceNum: 0,
      MaxTopicNum: 1000,
      UsedTopicNum: 0,
      MaxGroupNum: 10000,
      UsedGroupNum: 0,
      MaxRetentionTime: 3 * DAY_MS,
      MaxQueuesPerTopic: 16,
    });
    expect(d.ClusterStats).toEqual({
      TopicNum: 0,
      ProducedMsgNum: 0,
      ConsumedMsgNum: 0,
      AccumulativeMsgNum: 0,
    });
  });

  it('reports live namespace usage', async () => {
    const id = await createCluster();
    await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'ns_a' });
    await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'ns_b' });
    expect(
      (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterConfig!.UsedNamespaceNum,
    ).toBe(2);
    await tdmq.DeleteRocketMQNamespace({ ClusterId: id, NamespaceId: 'ns_a' });
    expect(
      (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterConfig!.UsedNamespaceNum,
    ).toBe(1);
  });

  it.each([
    ['3 characters', () => `z${Math.random().toString(36).slice(2, 4).padEnd(2, '0')}`],
    ['64 characters', () => uniqueName('long').padEnd(64, 'a')],
    ['letters, digits, - and _', () => `Dev-cluster_09-${Date.now()}`],
  ])('accepts a name of %s', async (_what, make) => {
    const name = make();
    const id = await createCluster(name);
    expect((await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterInfo!.ClusterName).toBe(
      name,
    );
  });

  it.each([
    ['too short', { Name: 'ab' }, 'InvalidParameterValue'],
    ['too long', { Name: 'a'.repeat(65) }, 'InvalidParameterValue'],
    ['with a dot', { Name: 'dev.cluster' }, 'InvalidParameterValue'],
    ['with a space', { Name: 'dev cluster' }, 'InvalidParameterValue'],
    ['with non-ASCII letters', { Name: '集群集群' }, 'InvalidParameterValue'],
    ['missing', {}, 'MissingParameter'],
    ['not a string', { Name: 42 }, 'InvalidParameter'],
    [
      'a remark over 128 characters',
      { Name: 'okname', Remark: 'r'.repeat(129) },
      'InvalidParameterValue',
    ],
  ])('refuses a name %s', async (_what, params, code) => {
    expect((await sdkError(tdmq.request('CreateRocketMQCluster', params))).code).toBe(code);
  });

  it('accepts a remark of exactly 128 characters', async () => {
    const id = await createCluster(uniqueName('remark'), { Remark: 'r'.repeat(128) });
    expect(
      (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterInfo!.Remark,
    ).toHaveLength(128);
  });

  it('refuses a duplicate name in the same region with ClusterNameDuplication', async () => {
    const name = uniqueName('dup');
    await createCluster(name);
    expect((await sdkError(tdmq.CreateRocketMQCluster({ Name: name }))).code).toBe(
      'InvalidParameterValue.ClusterNameDuplication',
    );
  });

  it('lets exactly one of 10 parallel creates of one name succeed', async () => {
    const name = uniqueName('race');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => tdmq.CreateRocketMQCluster({ Name: name })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => (r.reason as { code: string }).code);
    expect(new Set(codes)).toEqual(new Set(['InvalidParameterValue.ClusterNameDuplication']));
    expect(
      (await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 100, NameKeyword: name }))
        .TotalCount,
    ).toBe(1);
  });

  describe('tags', () => {
    const tags = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ TagKey: `k${i}`, TagValue: `v${i}` }));

    it('stores up to 50 tags, with empty values and the allowed symbols', async () => {
      const id = await createCluster(uniqueName('tags'), {
        TagList: [
          ...tags(48),
          { TagKey: 'owner@team.a', TagValue: '' },
          { TagKey: 'a+b=c-d', TagValue: 'x.y@z' },
        ],
      });
      const { count } = (
        await db.query('SELECT count(*)::int AS count FROM resource_tags WHERE resource_id = $1', [
          id,
        ])
      )[0];
      expect(count).toBe(50);
    });

    it.each([
      ['51 tags', tags(51)],
      ['a reserved qcloud key', [{ TagKey: 'qcloudOwner', TagValue: 'x' }]],
      ['a reserved tencent key', [{ TagKey: 'Tencent-x', TagValue: 'x' }]],
      ['a reserved project key', [{ TagKey: 'project', TagValue: 'x' }]],
      ['a key with a space', [{ TagKey: 'my key', TagValue: 'x' }]],
      ['an empty key', [{ TagKey: '', TagValue: 'x' }]],
      ['a key over 255 characters', [{ TagKey: 'k'.repeat(256), TagValue: 'x' }]],
      ['a value over 127 characters', [{ TagKey: 'k', TagValue: 'v'.repeat(128) }]],
      ['a value with a slash', [{ TagKey: 'k', TagValue: 'a/b' }]],
      [
        'the same key twice',
        [
          { TagKey: 'k', TagValue: '1' },
          { TagKey: 'k', TagValue: '2' },
        ],
      ],
    ])('refuses %s and writes nothing', async (_what, list) => {
      const name = uniqueName('badtag');
      expect((await sdkError(tdmq.CreateRocketMQCluster({ Name: name, TagList: list }))).code).toBe(
        'InvalidParameterValue',
      );
      expect(
        (await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 10, NameKeyword: name }))
          .TotalCount,
      ).toBe(0);
    });

    it('refuses a tag missing its value field', async () => {
      expect(
        (
          await sdkError(
            tdmq.request('CreateRocketMQCluster', {
              Name: uniqueName('t'),
              TagList: [{ TagKey: 'k' }],
            }),
          )
        ).code,
      ).toBe('MissingParameter');
    });
  });
});

describe('DescribeRocketMQClusters', () => {
  const prefix = uniqueName('list');
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      ids.push(
        await createCluster(`${prefix}_${i}`, {
          TagList: i % 2 === 0 ? [{ TagKey: 'tier', TagValue: i === 0 ? 'gold' : 'silver' }] : [],
        }),
      );
    }
  });

  it('pages newest first with a TotalCount of all matches', async () => {
    const page1 = await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 2, NameKeyword: prefix });
    const page3 = await tdmq.DescribeRocketMQClusters({ Offset: 4, Limit: 2, NameKeyword: prefix });
    expect(page1.TotalCount).toBe(5);
    expect(page1.ClusterList!.map((c) => c.Info.ClusterId)).toEqual([ids[4], ids[3]]);
    expect(page3.ClusterList!.map((c) => c.Info.ClusterId)).toEqual([ids[0]]);
    expect(page1.ClusterList![0].Config).toMatchObject({
      MaxNamespaceNum: 10,
      UsedNamespaceNum: 0,
    });
    expect(page1.ClusterList![0].Status).toBe(1);
  });

  it('answers Limit 0 with the count alone, and an offset past the end with an empty page', async () => {
    expect(
      await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 0, NameKeyword: prefix }),
    ).toMatchObject({ ClusterList: [], TotalCount: 5 });
    expect(
      await tdmq.DescribeRocketMQClusters({ Offset: 50, Limit: 10, NameKeyword: prefix }),
    ).toMatchObject({ ClusterList: [], TotalCount: 5 });
  });

  it('matches NameKeyword case-insensitively and literally (no wildcards)', async () => {
    expect(
      (
        await tdmq.DescribeRocketMQClusters({
          Offset: 0,
          Limit: 10,
          NameKeyword: prefix.toUpperCase(),
        })
      ).TotalCount,
    ).toBe(5);
    expect(
      (await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 10, NameKeyword: `${prefix}%` }))
        .TotalCount,
    ).toBe(0);
    expect(
      (await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 10, NameKeyword: `${prefix}_3` }))
        .TotalCount,
    ).toBe(1);
  });

  it('filters by IdKeyword and ClusterIdList', async () => {
    const byId = await tdmq.DescribeRocketMQClusters({
      Offset: 0,
      Limit: 10,
      IdKeyword: ids[2].slice(-8),
    });
    expect(byId.ClusterList!.map((c) => c.Info.ClusterId)).toEqual([ids[2]]);
    const byList = await tdmq.DescribeRocketMQClusters({
      Offset: 0,
      Limit: 10,
      ClusterIdList: [ids[1], ids[3], 'rocketmq-nonexistent0'],
    });
    expect(byList.ClusterList!.map((c) => c.Info.ClusterId).sort()).toEqual(
      [ids[1], ids[3]].sort(),
    );
    expect(byList.TotalCount).toBe(2);
  });

  it('filters by tags (tag:<key>, any of the values; several filters all apply)', async () => {
    const tagged = await tdmq.DescribeRocketMQClusters({
      Offset: 0,
      Limit: 10,
      NameKeyword: prefix,
      IsTagFilter: true,
      Filters: [{ Name: 'tag:tier', Values: ['gold', 'silver'] }],
    });
    expect(tagged.ClusterList!.map((c) => c.Info.ClusterId).sort()).toEqual(
      [ids[0], ids[2], ids[4]].sort(),
    );
    const gold = await tdmq.DescribeRocketMQClusters({
      Offset: 0,
      Limit: 10,
      NameKeyword: prefix,
      Filters: [{ Name: 'tag:tier', Values: ['gold'] }],
    });
    expect(gold.ClusterList!.map((c) => c.Info.ClusterId)).toEqual([ids[0]]);
    const anyValue = await tdmq.DescribeRocketMQClusters({
      Offset: 0,
      Limit: 10,
      NameKeyword: prefix,
      Filters: [{ Name: 'tag:tier', Values: [] }],
    });
    expect(anyValue.TotalCount).toBe(3);
    const both = await tdmq.DescribeRocketMQClusters({
      Offset: 0,
      Limit: 10,
      NameKeyword: prefix,
      Filters: [
        { Name: 'tag:tier', Values: ['gold'] },
        { Name: 'tag:tier', Values: ['silver'] },
      ],
    });
    expect(both.TotalCount).toBe(0);
  });

  it('refuses an unsupported filter', async () => {
    expect(
      (
        await sdkError(
          tdmq.DescribeRocketMQClusters({
            Offset: 0,
            Limit: 10,
            Filters: [{ Name: 'colour', Values: ['red'] }],
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('ModifyRocketMQCluster', () => {
  it('renames, changes the remark and turns public access off and on', async () => {
    const id = await createCluster();
    const newName = uniqueName('renamed');
    await tdmq.ModifyRocketMQCluster({
      ClusterId: id,
      ClusterName: newName,
      Remark: 'changed',
      PublicAccessEnabled: false,
    });
    let info = (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterInfo!;
    expect(info).toMatchObject({
      ClusterName: newName,
      Remark: 'changed',
      HttpPublicEndpoint: null,
      PublicEndPoint: '',
    });
    expect(info.HttpInternalEndpoint).toBe(`${t.url}/rocketmq/${id}`);
    await tdmq.ModifyRocketMQCluster({ ClusterId: id, PublicAccessEnabled: true });
    info = (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterInfo!;
    expect(info).toMatchObject({
      ClusterName: newName,
      Remark: 'changed',
      HttpPublicEndpoint: `${t.url}/rocketmq/${id}`,
    });
  });

  it('refuses a name taken by another cluster, an invalid name, and an unknown cluster', async () => {
    const taken = uniqueName('taken');
    await createCluster(taken);
    const id = await createCluster();
    expect(
      (await sdkError(tdmq.ModifyRocketMQCluster({ ClusterId: id, ClusterName: taken }))).code,
    ).toBe('InvalidParameterValue.ClusterNameDuplication');
    expect(
      (await sdkError(tdmq.ModifyRocketMQCluster({ ClusterId: id, ClusterName: 'no' }))).code,
    ).toBe('InvalidParameterValue');
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQCluster({ ClusterId: 'rocketmq-000000000000', Remark: 'x' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Cluster');
    expect((await sdkError(tdmq.request('ModifyRocketMQCluster', { Remark: 'x' }))).code).toBe(
      'MissingParameter',
    );
  });
});

describe('DeleteRocketMQCluster', () => {
  it('refuses while namespaces remain, then deletes the cluster and its tags', async () => {
    const id = await createCluster(uniqueName('del'), {
      TagList: [{ TagKey: 'gone', TagValue: 'soon' }],
    });
    await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'keepme' });
    const e = await sdkError(tdmq.DeleteRocketMQCluster({ ClusterId: id }));
    expect(e.code).toBe('FailedOperation.DeleteCluster');
    expect(e.message).toMatch(/1 namespace/);
    expect((await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterInfo!.ClusterId).toBe(id);

    await tdmq.DeleteRocketMQNamespace({ ClusterId: id, NamespaceId: 'keepme' });
    await tdmq.DeleteRocketMQCluster({ ClusterId: id });
    expect((await sdkError(tdmq.DescribeRocketMQCluster({ ClusterId: id }))).code).toBe(
      'ResourceNotFound.Cluster',
    );
    expect((await sdkError(tdmq.DeleteRocketMQCluster({ ClusterId: id }))).code).toBe(
      'ResourceNotFound.Cluster',
    );
    expect(
      (
        await db.query('SELECT count(*)::int AS n FROM resource_tags WHERE resource_id = $1', [id])
      )[0].n,
    ).toBe(0);
  });

  // Deletion guards for topics, groups and roles: groups.e2e-spec.ts and roles.e2e-spec.ts.

  it('never loses a namespace created while the cluster is being deleted', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await createCluster();
      const [del, create] = await Promise.allSettled([
        tdmq.DeleteRocketMQCluster({ ClusterId: id }),
        tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'racer' }),
      ]);
      // Either the namespace landed first (delete refused) or the cluster was gone first (create refused).
      expect([del.status, create.status].sort()).toEqual(['fulfilled', 'rejected']);
      const orphans = await db.query(
        'SELECT count(*)::int AS n FROM namespaces n LEFT JOIN clusters c ON c.id = n.cluster_id WHERE c.id IS NULL',
      );
      expect(orphans[0].n).toBe(0);
    }
  });
});

describe('cluster quota per account and region', () => {
  // ap-tokyo is used by this test alone.
  it('lets exactly the quota of parallel creates succeed', async () => {
    const small = await startTestApp({ ACCOUNT_MAX_CLUSTERS_PER_REGION: '3' });
    try {
      const tokyo = tdmqClient(small, { region: 'ap-tokyo' });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => tokyo.CreateRocketMQCluster({ Name: uniqueName('quota') })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      for (const r of results)
        if (r.status === 'rejected')
          expect((r.reason as { code: string }).code).toBe('LimitExceeded.Clusters');
      expect((await tokyo.DescribeRocketMQClusters({ Offset: 0, Limit: 100 })).TotalCount).toBe(3);
    } finally {
      await small.close();
    }
  });
});
