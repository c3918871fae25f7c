import { DataSource } from 'typeorm';
import { TopicsService } from '../../src/rocketmq/topics/topics.service.js';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import {
  sdkError,
  tagClient,
  tdmqClient,
  type TagClient,
  type TdmqClient,
} from '../support/sdk.js';

let t: TestApp;
let tag: TagClient;
let tdmq: TdmqClient;
let db: DataSource;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  tag = tagClient(t);
  tdmq = tdmqClient(t);
  db = t.app.get(DataSource);
  owner = t.config.root.uin;
});
afterAll(() => t.close());

const REGION = 'ap-guangzhou';

let keyCounter = 0;
/** A tag key no other test uses (tag keys allow letters, digits and `+ = . @ -` only). */
function uniqueKey(prefix = 'k'): string {
  keyCounter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${keyCounter}`;
}

const qcs = (type: string, ...path: string[]) =>
  `qcs::tdmq:${REGION}:uin/${owner}:${type}/${path.join('/')}`;

interface Fixture {
  clusterId: string;
  cluster: string;
  namespace: string;
  topic: string;
  group: string;
}

/** A cluster with namespace `prod`, topic `orders` and group `billing`, and their resource names. */
async function setup(): Promise<Fixture> {
  const { ClusterId } = await tdmq.CreateRocketMQCluster({ Name: uniqueName('tags') });
  const c = ClusterId!;
  await tdmq.CreateRocketMQNamespace({ ClusterId: c, NamespaceId: 'prod' });
  await tdmq.CreateRocketMQTopic({
    ClusterId: c,
    Namespaces: ['prod'],
    Topic: 'orders',
    Type: 'Normal',
  });
  await tdmq.CreateRocketMQGroup({
    ClusterId: c,
    Namespaces: ['prod'],
    GroupId: 'billing',
    ReadEnable: true,
    BroadcastEnable: false,
  });
  return {
    clusterId: c,
    cluster: qcs('cluster', c),
    namespace: qcs('namespace', c, 'prod'),
    topic: qcs('topic', c, 'prod', 'orders'),
    group: qcs('group', c, 'prod', 'billing'),
  };
}

async function newCluster(): Promise<{ id: string; resource: string }> {
  const { ClusterId } = await tdmq.CreateRocketMQCluster({ Name: uniqueName('tagc') });
  return { id: ClusterId!, resource: qcs('cluster', ClusterId!) };
}

/** The tags of one resource, as GetResources reports them. */
async function tagsOf(resource: string): Promise<Record<string, string>> {
  const { ResourceTagMappingList } = await tag.GetResources({ ResourceList: [resource] });
  return Object.fromEntries(
    (ResourceTagMappingList?.[0]?.Tags ?? []).map((x) => [x.TagKey, x.TagValue]),
  );
}

const tagCount = async (resource: string) =>
  (
    await db.query('SELECT count(*)::int AS n FROM resource_tags WHERE resource = $1', [resource])
  )[0].n as number;

const many = (n: number, prefix = 'k') =>
  Array.from({ length: n }, (_, i) => ({ TagKey: `${prefix}${i}`, TagValue: `v${i}` }));

describe('TagResources', () => {
  it('tags a cluster, a namespace, a topic and a group, and every read finds them', async () => {
    const f = await setup();
    const key = uniqueKey('team');
    const res = await tag.TagResources({
      ResourceList: [f.cluster, f.namespace, f.topic, f.group],
      Tags: [
        { TagKey: key, TagValue: 'payments' },
        { TagKey: 'env', TagValue: 'prod' },
      ],
    });
    expect(res.FailedResources).toEqual([]);

    const { ResourceTagMappingList, PaginationToken } = await tag.GetResources({
      TagFilters: [{ TagKey: key }],
    });
    expect(PaginationToken).toBe('');
    const expectedTags = [
      { TagKey: 'env', TagValue: 'prod', Category: 'Custom' },
      { TagKey: key, TagValue: 'payments', Category: 'Custom' },
    ].sort((a, b) => (a.TagKey < b.TagKey ? -1 : 1));
    expect(ResourceTagMappingList).toEqual(
      [f.cluster, f.group, f.namespace, f.topic].map((Resource) => ({
        Resource,
        Tags: expectedTags,
      })),
    );

    const byTags = await tag.DescribeResourcesByTags({
      TagFilters: [{ TagKey: key, TagValue: ['payments'] }],
    });
    expect(byTags).toMatchObject({ TotalCount: 4, Offset: 0, Limit: 15 });
    expect(byTags.Rows!.map((r) => [r.ResourcePrefix, r.ResourceId])).toEqual([
      ['cluster', f.clusterId],
      ['group', `${f.clusterId}/prod/billing`],
      ['namespace', `${f.clusterId}/prod`],
      ['topic', `${f.clusterId}/prod/orders`],
    ]);
    expect(byTags.Rows![0]).toEqual({
      ResourceRegion: REGION,
      ServiceType: 'tdmq',
      ResourcePrefix: 'cluster',
      ResourceId: f.clusterId,
      Tags: expectedTags,
    });

    for (const [prefix, id] of [
      ['cluster', f.clusterId],
      ['namespace', `${f.clusterId}/prod`],
      ['topic', `${f.clusterId}/prod/orders`],
      ['group', `${f.clusterId}/prod/billing`],
    ]) {
      const r = await tag.DescribeResourceTagsByResourceIds({
        ServiceType: 'tdmq',
        ResourcePrefix: prefix,
        ResourceIds: [id],
        ResourceRegion: REGION,
      });
      expect(r).toMatchObject({ TotalCount: 2, Offset: 0, Limit: 15 });
      expect(r.Tags!.find((x) => x.TagKey === key)).toEqual({
        TagKey: key,
        TagValue: 'payments',
        ResourceId: id,
        TagKeyMd5: expect.stringMatching(/^[0-9a-f]{32}$/),
        TagValueMd5: '84d5eaf713c96eecb3d2c4a83e64dc9a',
        ServiceType: 'tdmq',
        Category: 'Custom',
      });
    }

    // The tdmq lists show the same tags.
    const topics = await tdmq.DescribeRocketMQTopics({
      ClusterId: f.clusterId,
      NamespaceId: 'prod',
      Offset: 0,
      Limit: 10,
      TagFilters: [{ TagKey: key, TagValues: ['payments'] }],
    });
    expect(topics.Topics!.map((x) => x.Name)).toEqual(['orders']);
    const groups = await tdmq.DescribeRocketMQGroups({
      ClusterId: f.clusterId,
      NamespaceId: 'prod',
      Offset: 0,
      Limit: 10,
    });
    expect(groups.Groups![0].TagList).toEqual(
      expect.arrayContaining([{ TagKey: key, TagValue: 'payments' }]),
    );
  });

  it('updates the value of a key the resource already carries and keeps its other tags', async () => {
    const { resource } = await newCluster();
    await tag.TagResources({
      ResourceList: [resource],
      Tags: [
        { TagKey: 'env', TagValue: 'dev' },
        { TagKey: 'owner', TagValue: 'alice' },
      ],
    });
    const res = await tag.TagResources({
      ResourceList: [resource, resource],
      Tags: [
        { TagKey: 'env', TagValue: 'prod' },
        { TagKey: 'tier', TagValue: '' },
      ],
    });
    expect(res.FailedResources).toEqual([]);
    expect(await tagsOf(resource)).toEqual({ env: 'prod', owner: 'alice', tier: '' });
  });

  it('accepts the longest keys and values, every allowed symbol and empty values', async () => {
    const { resource } = await newCluster();
    const tags = [
      { TagKey: 'k'.repeat(255), TagValue: 'v'.repeat(127) },
      { TagKey: 'a+b=c.d@e-f', TagValue: 'x.y@z+1=2-3' },
      { TagKey: '部门', TagValue: '研发' },
      { TagKey: 'empty', TagValue: '' },
      { TagKey: 'myproject', TagValue: 'x', Category: 'Custom' },
    ];
    await tag.TagResources({ ResourceList: [resource], Tags: tags });
    expect(await tagsOf(resource)).toEqual(
      Object.fromEntries(tags.map((x) => [x.TagKey, x.TagValue])),
    );
  });

  it('holds a resource to 50 tags: the call that would pass it fails for that resource and writes nothing', async () => {
    const { resource } = await newCluster();
    const other = await newCluster();
    await tag.TagResources({ ResourceList: [resource], Tags: many(45) });
    const over = await tag.TagResources({
      ResourceList: [resource, other.resource],
      Tags: many(6, 'new'),
    });
    expect(over.FailedResources).toEqual([
      {
        Resource: resource,
        Code: 'LimitExceeded.ResourceAttachedTags',
        Message: expect.stringContaining('at most 50'),
      },
    ]);
    expect(await tagCount(resource)).toBe(45);
    expect(await tagCount(other.resource)).toBe(6);

    // Exactly 50 is fine, and changing values at 50 is not adding tags.
    expect(
      (await tag.TagResources({ ResourceList: [resource], Tags: many(5, 'new') })).FailedResources,
    ).toEqual([]);
    expect(
      (
        await tag.TagResources({
          ResourceList: [resource],
          Tags: [...many(3, 'k'), { TagKey: 'new0', TagValue: 'changed' }],
        })
      ).FailedResources,
    ).toEqual([]);
    expect(await tagCount(resource)).toBe(50);
    expect((await tagsOf(resource)).new0).toBe('changed');
    expect(
      (
        await tag.TagResources({
          ResourceList: [resource],
          Tags: [{ TagKey: 'one-more', TagValue: '' }],
        })
      ).FailedResources![0].Code,
    ).toBe('LimitExceeded.ResourceAttachedTags');
  });

  it('never passes 50 tags under parallel calls on one resource', async () => {
    const { resource } = await newCluster();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        tag.TagResources({ ResourceList: [resource], Tags: many(10, `p${i}-`) }),
      ),
    );
    const succeeded = results.filter((r) => r.FailedResources!.length === 0).length;
    expect(succeeded).toBe(5);
    for (const r of results.filter((x) => x.FailedResources!.length))
      expect(r.FailedResources![0].Code).toBe('LimitExceeded.ResourceAttachedTags');
    expect(await tagCount(resource)).toBe(50);
  });

  it('refuses more than 20 resources and writes nothing', async () => {
    const { resource } = await newCluster();
    const list = [
      resource,
      ...Array.from({ length: 20 }, (_, i) => qcs('cluster', `rocketmq-none${i}`)),
    ];
    const err = await sdkError(
      tag.TagResources({ ResourceList: list, Tags: [{ TagKey: 'env', TagValue: 'x' }] }),
    );
    expect(err.code).toBe('LimitExceeded.ResourceNumPerRequest');
    expect(err.message).toMatch(/at most 20/);
    expect(await tagCount(resource)).toBe(0);
    // 20 is allowed.
    const ok = await tag.TagResources({
      ResourceList: list.slice(0, 20),
      Tags: [{ TagKey: 'env', TagValue: 'x' }],
    });
    expect(ok.FailedResources).toHaveLength(19);
    expect(await tagCount(resource)).toBe(1);
  });

  it('refuses more than 50 tags in one call', async () => {
    const { resource } = await newCluster();
    expect(
      (await sdkError(tag.TagResources({ ResourceList: [resource], Tags: many(51) }))).code,
    ).toBe('LimitExceeded.TagNumPerRequest');
    expect(await tagCount(resource)).toBe(0);
  });

  it.each([
    ['an empty key', { TagKey: '', TagValue: 'x' }, 'InvalidParameterValue.TagKeyEmpty'],
    [
      'a key of 256 characters',
      { TagKey: 'k'.repeat(256), TagValue: 'x' },
      'InvalidParameterValue.TagKeyLengthExceeded',
    ],
    [
      'a key with a space',
      { TagKey: 'my key', TagValue: 'x' },
      'InvalidParameterValue.TagKeyCharacterIllegal',
    ],
    [
      'a key with an underscore',
      { TagKey: 'my_key', TagValue: 'x' },
      'InvalidParameterValue.TagKeyCharacterIllegal',
    ],
    [
      'a key with a colon',
      { TagKey: 'a:b', TagValue: 'x' },
      'InvalidParameterValue.TagKeyCharacterIllegal',
    ],
    [
      'a qcloud key',
      { TagKey: 'qcloud:x', TagValue: 'x' },
      'InvalidParameterValue.TagKeyCharacterIllegal',
    ],
    [
      'a reserved qcloud key',
      { TagKey: 'qcloudOwner', TagValue: 'x' },
      'InvalidParameterValue.ReservedTagKey',
    ],
    [
      'a reserved QCLOUD key',
      { TagKey: 'QCLOUD', TagValue: 'x' },
      'InvalidParameterValue.ReservedTagKey',
    ],
    [
      'a reserved tencent key',
      { TagKey: 'Tencent-x', TagValue: 'x' },
      'InvalidParameterValue.ReservedTagKey',
    ],
    [
      'a reserved project key',
      { TagKey: 'project', TagValue: 'x' },
      'InvalidParameterValue.ReservedTagKey',
    ],
    [
      'a value of 128 characters',
      { TagKey: 'k', TagValue: 'v'.repeat(128) },
      'InvalidParameterValue.TagValueLengthExceeded',
    ],
    [
      'a value with a slash',
      { TagKey: 'k', TagValue: 'a/b' },
      'InvalidParameterValue.TagValueCharacterIllegal',
    ],
    [
      'a value with a space',
      { TagKey: 'k', TagValue: 'a b' },
      'InvalidParameterValue.TagValueCharacterIllegal',
    ],
    ['a System tag', { TagKey: 'k', TagValue: 'x', Category: 'System' }, 'InvalidParameter.Tag'],
  ])('refuses %s with its documented code and writes nothing', async (_what, bad, code) => {
    const { resource } = await newCluster();
    const err = await sdkError(
      tag.TagResources({
        ResourceList: [resource],
        Tags: [{ TagKey: 'good', TagValue: 'ok' }, bad],
      }),
    );
    expect(err.code).toBe(code);
    expect(await tagCount(resource)).toBe(0);
  });

  it('refuses the same key twice in one call', async () => {
    const { resource } = await newCluster();
    expect(
      (
        await sdkError(
          tag.TagResources({
            ResourceList: [resource],
            Tags: [
              { TagKey: 'k', TagValue: '1' },
              { TagKey: 'k', TagValue: '2' },
            ],
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue.TagKeyDuplicate');
  });

  it('reports resources that are missing, foreign, of another service or not taggable, and tags the others', async () => {
    const f = await setup();
    await t.app.get(TopicsService).ensureSystemTopic(f.clusterId, 'prod', 'billing', 'Retry');
    // A cluster of another account, really in the database.
    const foreignOwner = '200000000002';
    const foreignId = `rocketmq-f${Date.now().toString(36)}`.slice(0, 21);
    await db.query(
      `INSERT INTO clusters (id, owner_uin, region, name, max_namespaces, max_topics, max_groups, max_roles, max_retention_ms,
         max_delay_ms, max_queues_per_topic, max_tps_per_namespace, max_tps)
       SELECT $1, $2, region, name, max_namespaces, max_topics, max_groups, max_roles, max_retention_ms, max_delay_ms,
         max_queues_per_topic, max_tps_per_namespace, max_tps FROM clusters WHERE id = $3`,
      [foreignId, foreignOwner, f.clusterId],
    );
    const foreign = `qcs::tdmq:${REGION}:uin/${foreignOwner}:cluster/${foreignId}`;
    const missing = [
      qcs('cluster', 'rocketmq-doesnotexist'),
      qcs('namespace', f.clusterId, 'nope'),
      qcs('topic', f.clusterId, 'prod', 'nope'),
      qcs('group', f.clusterId, 'prod', 'nope'),
      `qcs::tdmq:ap-shanghai:uin/${owner}:cluster/${f.clusterId}`, // another region
      `qcs::tdmq:${REGION}:uin/100000000999:cluster/${f.clusterId}`, // another account's uin
      foreign,
      `qcs::cvm:${REGION}:uin/${owner}:instance/ins-12345678`, // another service
      qcs('role', f.clusterId, 'r1'), // not taggable
      qcs('topic', f.clusterId, 'prod'), // wrong id arity
    ];
    const system = qcs('topic', f.clusterId, 'prod', '%RETRY%billing');
    const res = await tag.TagResources({
      ResourceList: [f.cluster, ...missing, system, f.topic],
      Tags: [{ TagKey: 'env', TagValue: 'prod' }],
    });
    const failed = Object.fromEntries(res.FailedResources!.map((x) => [x.Resource, x]));
    expect(Object.keys(failed).sort()).toEqual([...missing, system].sort());
    for (const m of missing) expect(failed[m].Code).toBe('ResourceNotFound');
    expect(failed[system].Code).toBe('UnsupportedOperation');
    expect(failed[missing[7]].Message).toMatch(/tdmq resources only/);
    expect(await tagsOf(f.cluster)).toEqual({ env: 'prod' });
    expect(await tagsOf(f.topic)).toEqual({ env: 'prod' });
    expect(await tagCount(foreign)).toBe(0);
    expect(await tagCount(system)).toBe(0);
  });

  it('refuses a malformed resource name and writes nothing', async () => {
    const { resource } = await newCluster();
    for (const bad of [
      'rocketmq-abc',
      `qcs:tdmq:${REGION}:uin/${owner}:cluster/x`,
      `qcs::tdmq:${REGION}:${owner}:cluster/x`,
      `qcs::tdmq:${REGION}:uin/${owner}:cluster`,
      `qcs:proj:tdmq:${REGION}:uin/${owner}:cluster/x`,
    ]) {
      const err = await sdkError(
        tag.TagResources({
          ResourceList: [resource, bad],
          Tags: [{ TagKey: 'env', TagValue: 'x' }],
        }),
      );
      expect([bad, err.code]).toEqual([bad, 'InvalidParameterValue.ResourceDescriptionError']);
    }
    expect(await tagCount(resource)).toBe(0);
  });

  it('validates the request shape', async () => {
    const { resource } = await newCluster();
    expect((await sdkError(tag.request('TagResources', { ResourceList: [resource] }))).code).toBe(
      'MissingParameter',
    );
    expect(
      (
        await sdkError(
          tag.TagResources({ ResourceList: [], Tags: [{ TagKey: 'a', TagValue: '' }] }),
        )
      ).code,
    ).toBe('InvalidParameterValue');
    expect(
      (
        await sdkError(
          tag.request('TagResources', { ResourceList: [resource], Tags: [{ TagKey: 'a' }] }),
        )
      ).code,
    ).toBe('MissingParameter');
    expect(
      (
        await sdkError(
          tag.request('TagResources', {
            ResourceList: [resource],
            Tags: [{ TagKey: 'a', TagValue: 'b', Colour: 'red' }],
          }),
        )
      ).code,
    ).toBe('UnknownParameter');
  });
});

describe('UnTagResources', () => {
  it('detaches keys, ignores keys a resource lacks, and reports missing resources', async () => {
    const a = await newCluster();
    const b = await newCluster();
    await tag.TagResources({
      ResourceList: [a.resource, b.resource],
      Tags: [
        { TagKey: 'env', TagValue: 'prod' },
        { TagKey: 'owner', TagValue: 'bob' },
      ],
    });
    const missing = qcs('cluster', 'rocketmq-missing0000');
    const res = await tag.UnTagResources({
      ResourceList: [a.resource, b.resource, missing],
      TagKeys: ['env', 'never-there'],
    });
    expect(res.FailedResources).toEqual([
      { Resource: missing, Code: 'ResourceNotFound', Message: expect.any(String) },
    ]);
    expect(await tagsOf(a.resource)).toEqual({ owner: 'bob' });
    expect(await tagsOf(b.resource)).toEqual({ owner: 'bob' });
  });

  it('refuses more than 20 resources, reserved or illegal keys, malformed names', async () => {
    const a = await newCluster();
    await tag.TagResources({
      ResourceList: [a.resource],
      Tags: [{ TagKey: 'env', TagValue: 'x' }],
    });
    const list = Array.from({ length: 21 }, () => a.resource);
    expect(
      (await sdkError(tag.UnTagResources({ ResourceList: list, TagKeys: ['env'] }))).code,
    ).toBe('LimitExceeded.ResourceNumPerRequest');
    expect(
      (await sdkError(tag.UnTagResources({ ResourceList: [a.resource], TagKeys: ['tencent1'] })))
        .code,
    ).toBe('InvalidParameterValue.ReservedTagKey');
    expect(
      (await sdkError(tag.UnTagResources({ ResourceList: [a.resource], TagKeys: ['a b'] }))).code,
    ).toBe('InvalidParameterValue.TagKeyCharacterIllegal');
    expect(
      (await sdkError(tag.UnTagResources({ ResourceList: ['nope'], TagKeys: ['env'] }))).code,
    ).toBe('InvalidParameterValue.ResourceDescriptionError');
    expect(await tagsOf(a.resource)).toEqual({ env: 'x' });
  });
});

describe('AddResourceTag', () => {
  it('attaches one tag; the same tag again is a no-op; another value of the key is refused', async () => {
    const f = await setup();
    await tag.AddResourceTag({ Resource: f.group, TagKey: 'env', TagValue: 'prod' });
    await tag.AddResourceTag({ Resource: f.group, TagKey: 'env', TagValue: 'prod' });
    expect(await tagsOf(f.group)).toEqual({ env: 'prod' });
    expect(
      (await sdkError(tag.AddResourceTag({ Resource: f.group, TagKey: 'env', TagValue: 'dev' })))
        .code,
    ).toBe('ResourceInUse.TagKeyAttached');
    expect(await tagsOf(f.group)).toEqual({ env: 'prod' });
  });

  it('refuses a 51st tag', async () => {
    const { resource } = await newCluster();
    await tag.TagResources({ ResourceList: [resource], Tags: many(50) });
    expect(
      (await sdkError(tag.AddResourceTag({ Resource: resource, TagKey: 'x', TagValue: 'y' }))).code,
    ).toBe('LimitExceeded.ResourceAttachedTags');
    expect(await tagCount(resource)).toBe(50);
  });

  it.each([
    ['a missing cluster', () => qcs('cluster', 'rocketmq-missing0000'), 'ResourceNotFound'],
    [
      'another account',
      () => `qcs::tdmq:${REGION}:uin/100000000999:cluster/rocketmq-x`,
      'ResourceNotFound',
    ],
    ['another service', () => `qcs::cvm:${REGION}:uin/${owner}:instance/ins-1`, 'ResourceNotFound'],
    [
      'a malformed name',
      () => 'cluster/rocketmq-x',
      'InvalidParameterValue.ResourceDescriptionError',
    ],
  ])('refuses %s', async (_what, resource, code) => {
    expect(
      (await sdkError(tag.AddResourceTag({ Resource: resource(), TagKey: 'env', TagValue: 'x' })))
        .code,
    ).toBe(code);
  });

  it('checks the key and value', async () => {
    const { resource } = await newCluster();
    for (const [TagKey, TagValue, code] of [
      ['projectX', 'v', 'InvalidParameterValue.ReservedTagKey'],
      ['', 'v', 'InvalidParameterValue.TagKeyEmpty'],
      ['k', 'a,b', 'InvalidParameterValue.TagValueCharacterIllegal'],
    ])
      expect(
        (await sdkError(tag.AddResourceTag({ Resource: resource, TagKey, TagValue }))).code,
      ).toBe(code);
    expect(await tagCount(resource)).toBe(0);
  });
});

describe('DeleteResourceTag', () => {
  it('detaches a key; a key the resource lacks or a missing resource is refused', async () => {
    const f = await setup();
    await tag.TagResources({
      ResourceList: [f.namespace],
      Tags: [
        { TagKey: 'env', TagValue: 'prod' },
        { TagKey: 'owner', TagValue: 'x' },
      ],
    });
    await tag.DeleteResourceTag({ Resource: f.namespace, TagKey: 'env' });
    expect(await tagsOf(f.namespace)).toEqual({ owner: 'x' });
    expect(
      (await sdkError(tag.DeleteResourceTag({ Resource: f.namespace, TagKey: 'env' }))).code,
    ).toBe('ResourceNotFound.AttachedTagKeyNotFound');
    expect(
      (
        await sdkError(
          tag.DeleteResourceTag({
            Resource: qcs('namespace', f.clusterId, 'gone'),
            TagKey: 'owner',
          }),
        )
      ).code,
    ).toBe('ResourceNotFound');
    expect(
      (await sdkError(tag.DeleteResourceTag({ Resource: 'qcs::tdmq', TagKey: 'owner' }))).code,
    ).toBe('InvalidParameterValue.ResourceDescriptionError');
  });
});

describe('ModifyResourceTags', () => {
  it('replaces and deletes in one step', async () => {
    const f = await setup();
    await tag.TagResources({
      ResourceList: [f.topic],
      Tags: [
        { TagKey: 'env', TagValue: 'dev' },
        { TagKey: 'owner', TagValue: 'alice' },
        { TagKey: 'temp', TagValue: '1' },
      ],
    });
    await tag.ModifyResourceTags({
      Resource: f.topic,
      ReplaceTags: [
        { TagKey: 'env', TagValue: 'prod' },
        { TagKey: 'tier', TagValue: 'gold' },
      ],
      DeleteTags: [{ TagKey: 'temp' }, { TagKey: 'absent' }],
    });
    expect(await tagsOf(f.topic)).toEqual({ env: 'prod', owner: 'alice', tier: 'gold' });
    await tag.ModifyResourceTags({ Resource: f.topic, DeleteTags: [{ TagKey: 'owner' }] });
    await tag.ModifyResourceTags({
      Resource: f.topic,
      ReplaceTags: [{ TagKey: 'a', TagValue: '' }],
    });
    expect(await tagsOf(f.topic)).toEqual({ env: 'prod', tier: 'gold', a: '' });
  });

  it('refuses bad requests and writes nothing', async () => {
    const { resource } = await newCluster();
    await tag.TagResources({ ResourceList: [resource], Tags: many(48) });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'MissingParameter'],
      [{ ReplaceTags: [] }, 'InvalidParameterValue'],
      [{ DeleteTags: [] }, 'InvalidParameterValue'],
      [
        { ReplaceTags: [{ TagKey: 'k0', TagValue: 'x' }], DeleteTags: [{ TagKey: 'k0' }] },
        'InvalidParameterValue.DeleteTagsParamError',
      ],
      [{ ReplaceTags: many(3, 'more') }, 'LimitExceeded.ResourceAttachedTags'],
      [
        { ReplaceTags: [{ TagKey: 'tencentX', TagValue: '' }] },
        'InvalidParameterValue.ReservedTagKey',
      ],
      [{ DeleteTags: [{ TagKey: 'bad key' }] }, 'InvalidParameterValue.TagKeyCharacterIllegal'],
    ];
    for (const [extra, code] of cases)
      expect([
        extra,
        (await sdkError(tag.request('ModifyResourceTags', { Resource: resource, ...extra }))).code,
      ]).toEqual([extra, code]);
    expect(await tagCount(resource)).toBe(48);
    // Deleting makes room in the same call.
    await tag.ModifyResourceTags({
      Resource: resource,
      ReplaceTags: many(3, 'more'),
      DeleteTags: [{ TagKey: 'k0' }],
    });
    expect(await tagCount(resource)).toBe(50);
    expect(
      (
        await sdkError(
          tag.ModifyResourceTags({
            Resource: qcs('group', 'rocketmq-none', 'ns', 'g'),
            ReplaceTags: [{ TagKey: 'a', TagValue: 'b' }],
          }),
        )
      ).code,
    ).toBe('ResourceNotFound');
  });
});

describe('the tag catalog: CreateTag, DeleteTag, GetTagKeys, GetTagValues, GetTags', () => {
  it('creates a tag without a resource, lists it, and deletes it', async () => {
    const key = uniqueKey('cat');
    await tag.CreateTag({ TagKey: key, TagValue: 'v1' });
    await tag.CreateTag({ TagKey: key, TagValue: '' });
    expect((await sdkError(tag.CreateTag({ TagKey: key, TagValue: 'v1' }))).code).toBe(
      'ResourceInUse.TagDuplicate',
    );
    expect((await tag.GetTagValues({ TagKeys: [key] })).Tags).toEqual([
      { TagKey: key, TagValue: '', Category: 'Custom' },
      { TagKey: key, TagValue: 'v1', Category: 'Custom' },
    ]);
    expect((await tag.GetTags({ TagKeys: [key] })).Tags!.map((x) => x.TagValue)).toEqual([
      '',
      'v1',
    ]);
    expect(await allKeys()).toContain(key);

    await tag.DeleteTag({ TagKey: key, TagValue: 'v1' });
    expect((await sdkError(tag.DeleteTag({ TagKey: key, TagValue: 'v1' }))).code).toBe(
      'ResourceNotFound.TagNonExist',
    );
    await tag.DeleteTag({ TagKey: key, TagValue: '' });
    expect((await tag.GetTagValues({ TagKeys: [key] })).Tags).toEqual([]);
    expect(await allKeys()).not.toContain(key);
  });

  it('lists attached tags too; refuses to create or delete a tag attached to a resource', async () => {
    const { resource } = await newCluster();
    const key = uniqueKey('att');
    await tag.CreateTag({ TagKey: key, TagValue: 'a' });
    await tag.TagResources({
      ResourceList: [resource],
      Tags: [{ TagKey: key, TagValue: 'a' }],
    });
    await tag.AddResourceTag({ Resource: resource, TagKey: `${key}-2`, TagValue: 'b' });
    expect((await tag.GetTags({ TagKeys: [key, `${key}-2`] })).Tags).toEqual([
      { TagKey: key, TagValue: 'a', Category: 'Custom' },
      { TagKey: `${key}-2`, TagValue: 'b', Category: 'Custom' },
    ]);
    expect((await sdkError(tag.CreateTag({ TagKey: `${key}-2`, TagValue: 'b' }))).code).toBe(
      'ResourceInUse.TagDuplicate',
    );
    for (const [k, v] of [
      [key, 'a'],
      [`${key}-2`, 'b'],
    ])
      expect((await sdkError(tag.DeleteTag({ TagKey: k, TagValue: v }))).code).toBe(
        'FailedOperation.TagAttachedResource',
      );

    // Detached: the created tag remains until DeleteTag; the attach-only tag is gone.
    await tag.UnTagResources({ ResourceList: [resource], TagKeys: [key, `${key}-2`] });
    expect((await tag.GetTags({ TagKeys: [key, `${key}-2`] })).Tags!.map((x) => x.TagKey)).toEqual([
      key,
    ]);
    await tag.DeleteTag({ TagKey: key, TagValue: 'a' });
    expect((await tag.GetTags({ TagKeys: [key, `${key}-2`] })).Tags).toEqual([]);
  });

  it('checks keys and values', async () => {
    for (const [TagKey, TagValue, code] of [
      ['qcloud-x', 'v', 'InvalidParameterValue.ReservedTagKey'],
      ['', 'v', 'InvalidParameterValue.TagKeyEmpty'],
      ['k'.repeat(256), 'v', 'InvalidParameterValue.TagKeyLengthExceeded'],
      ['a b', 'v', 'InvalidParameterValue.TagKeyCharacterIllegal'],
      ['k', 'v'.repeat(128), 'InvalidParameterValue.TagValueLengthExceeded'],
      ['k', 'a/b', 'InvalidParameterValue.TagValueCharacterIllegal'],
    ]) {
      expect([TagKey, (await sdkError(tag.CreateTag({ TagKey, TagValue }))).code]).toEqual([
        TagKey,
        code,
      ]);
      expect([TagKey, (await sdkError(tag.DeleteTag({ TagKey, TagValue }))).code]).toEqual([
        TagKey,
        code,
      ]);
    }
    expect((await sdkError(tag.GetTagValues({ TagKeys: [''] }))).code).toBe(
      'InvalidParameterValue.TagKeyEmpty',
    );
    expect((await sdkError(tag.GetTagValues({ TagKeys: [] }))).code).toBe('InvalidParameterValue');
    expect(
      (await sdkError(tag.GetTags({ TagKeys: Array.from({ length: 21 }, (_, i) => `k${i}`) })))
        .code,
    ).toBe('InvalidParameterValue');
    expect((await sdkError(tag.GetTagKeys({ Category: 'Mine' }))).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('Category System lists nothing: every tag is a Custom tag', async () => {
    const key = uniqueKey('sys');
    await tag.CreateTag({ TagKey: key, TagValue: 'v' });
    expect(await tag.GetTagKeys({ Category: 'System' })).toMatchObject({
      TagKeys: [],
      PaginationToken: '',
    });
    expect((await tag.GetTagValues({ TagKeys: [key], Category: 'System' })).Tags).toEqual([]);
    expect((await tag.GetTags({ TagKeys: [key], Category: 'Custom' })).Tags).toHaveLength(1);
    expect((await tag.GetTagValues({ TagKeys: [key], Category: 'All' })).Tags).toHaveLength(1);
  });
});

/** Every tag key of the account, walking GetTagKeys' pages. */
async function allKeys(pageSize = 1000): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  for (let i = 0; i < 1000; i += 1) {
    const page = await tag.GetTagKeys({ MaxResults: pageSize, PaginationToken: token });
    out.push(...page.TagKeys!);
    if (!page.PaginationToken) return out;
    token = page.PaginationToken;
  }
  throw new Error('GetTagKeys does not end');
}

describe('paging', () => {
  it('GetTagKeys pages with PaginationToken until an empty one', async () => {
    const prefix = uniqueKey('page');
    for (let i = 0; i < 7; i += 1) await tag.CreateTag({ TagKey: `${prefix}-${i}`, TagValue: 'v' });
    const keys = await allKeys(5);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.startsWith(`${prefix}-`))).toEqual(
      Array.from({ length: 7 }, (_, i) => `${prefix}-${i}`),
    );
    const first = await tag.GetTagKeys({});
    expect(first.TagKeys!.length).toBeLessThanOrEqual(50);
  });

  it('GetTagValues and GetTags page by key and value', async () => {
    const key = uniqueKey('vals');
    for (let i = 0; i < 7; i += 1) await tag.CreateTag({ TagKey: key, TagValue: `v${i}` });
    const seen: string[][] = [];
    let token: string | undefined;
    do {
      const page = await tag.GetTagValues({
        TagKeys: [key],
        MaxResults: 3,
        PaginationToken: token,
      });
      seen.push(page.Tags!.map((x) => x.TagValue));
      token = page.PaginationToken || undefined;
    } while (token);
    expect(seen).toEqual([['v0', 'v1', 'v2'], ['v3', 'v4', 'v5'], ['v6']]);
    const p1 = await tag.GetTags({ TagKeys: [key], MaxResults: 4 });
    expect(p1.Tags).toHaveLength(4);
    const p2 = await tag.GetTags({
      TagKeys: [key],
      MaxResults: 4,
      PaginationToken: p1.PaginationToken,
    });
    expect(p2.Tags!.map((x) => x.TagValue)).toEqual(['v4', 'v5', 'v6']);
    expect(p2.PaginationToken).toBe('');
    // A token is bound to its action and its shape.
    expect(
      (await sdkError(tag.GetTagValues({ TagKeys: [key], PaginationToken: p1.PaginationToken })))
        .code,
    ).toBe('InvalidParameter.PaginationTokenInvalid');
    expect((await sdkError(tag.GetTagKeys({ PaginationToken: 'garbage!' }))).code).toBe(
      'InvalidParameter.PaginationTokenInvalid',
    );
    expect((await sdkError(tag.GetTagKeys({ MaxResults: 1001 }))).code).toBe(
      'InvalidParameterValue',
    );
    expect((await sdkError(tag.GetTags({ MaxResults: 0 }))).code).toBe('InvalidParameterValue');
  });

  it('GetResources pages through tagged resources (default 50, at most 200)', async () => {
    const key = uniqueKey('res');
    const resources: string[] = [];
    for (let i = 0; i < 5; i += 1) resources.push((await newCluster()).resource);
    await tag.TagResources({ ResourceList: resources, Tags: [{ TagKey: key, TagValue: 'x' }] });
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await tag.GetResources({
        TagFilters: [{ TagKey: key }],
        MaxResults: 2,
        PaginationToken: token,
      });
      pages.push(page.ResourceTagMappingList!.map((m) => m.Resource!));
      token = page.PaginationToken || undefined;
    } while (token);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...resources].sort());
    expect((await sdkError(tag.GetResources({ MaxResults: 201 }))).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      (await sdkError(tag.GetResources({ PaginationToken: encodeURIComponent('x') + 'zz%' }))).code,
    ).toBe('InvalidParameter.PaginationTokenInvalid');
    // With ResourceList every match comes at once.
    const all = await tag.GetResources({ ResourceList: resources, MaxResults: 1 });
    expect(all.ResourceTagMappingList).toHaveLength(5);
    expect(all.PaginationToken).toBe('');
  });
});

describe('finding resources by tags', () => {
  it('GetResources: filters AND together, a filter’s values are any-of, no values is any value', async () => {
    const key = uniqueKey('env');
    const tier = uniqueKey('tier');
    const [a, b, c, d] = await Promise.all([
      newCluster(),
      newCluster(),
      newCluster(),
      newCluster(),
    ]);
    await tag.TagResources({
      ResourceList: [a.resource],
      Tags: [
        { TagKey: key, TagValue: 'prod' },
        { TagKey: tier, TagValue: 'gold' },
      ],
    });
    await tag.TagResources({
      ResourceList: [b.resource],
      Tags: [
        { TagKey: key, TagValue: 'staging' },
        { TagKey: tier, TagValue: 'silver' },
      ],
    });
    await tag.TagResources({
      ResourceList: [c.resource],
      Tags: [{ TagKey: key, TagValue: 'dev' }],
    });
    await tag.TagResources({
      ResourceList: [d.resource],
      Tags: [{ TagKey: tier, TagValue: 'gold' }],
    });
    const find = async (
      TagFilters: Array<{ TagKey: string; TagValue?: string[] }>,
      ResourceList?: string[],
    ) =>
      (await tag.GetResources({ TagFilters, ResourceList }))
        .ResourceTagMappingList!.map((m) => m.Resource)
        .sort();
    expect(await find([{ TagKey: key }])).toEqual([a.resource, b.resource, c.resource].sort());
    expect(await find([{ TagKey: key, TagValue: [] }])).toEqual(
      [a.resource, b.resource, c.resource].sort(),
    );
    expect(await find([{ TagKey: key, TagValue: ['prod', 'staging'] }])).toEqual(
      [a.resource, b.resource].sort(),
    );
    expect(await find([{ TagKey: key }, { TagKey: tier, TagValue: ['gold'] }])).toEqual([
      a.resource,
    ]);
    expect(await find([{ TagKey: key, TagValue: ['dev'] }, { TagKey: tier }])).toEqual([]);
    expect(
      await find([{ TagKey: key }], [a.resource, d.resource, qcs('cluster', 'rocketmq-none')]),
    ).toEqual([a.resource]);
    // ResourceList alone: the listed resources that carry tags.
    expect(await find([], [c.resource, d.resource])).toEqual([c.resource, d.resource].sort());

    expect(
      (
        await sdkError(
          tag.GetResources({
            TagFilters: Array.from({ length: 7 }, (_, i) => ({ TagKey: `k${i}` })),
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue.TagFiltersLengthExceeded');
    expect(
      (
        await sdkError(
          tag.GetResources({
            TagFilters: [{ TagKey: key, TagValue: Array.from({ length: 11 }, (_, i) => `v${i}`) }],
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue.TagFiltersLengthExceeded');
    expect(
      (
        await sdkError(
          tag.GetResources({ ResourceList: Array.from({ length: 21 }, () => a.resource) }),
        )
      ).code,
    ).toBe('LimitExceeded.ResourceNumPerRequest');
    expect((await sdkError(tag.GetResources({ ResourceList: ['qcs::'] }))).code).toBe(
      'InvalidParameterValue.ResourceDescriptionError',
    );
  });

  it('DescribeResourcesByTags: filters by prefix, ID, region, service and creator; pages with Offset and Limit', async () => {
    const key = uniqueKey('dr');
    const f = await setup();
    const others = [await newCluster(), await newCluster()];
    await tag.TagResources({
      ResourceList: [f.cluster, f.namespace, f.topic, f.group, ...others.map((o) => o.resource)],
      Tags: [{ TagKey: key, TagValue: 'x' }],
    });
    const ids = async (extra: Record<string, unknown>) =>
      (await tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: key }], ...extra })).Rows!.map(
        (r) => `${r.ResourcePrefix}/${r.ResourceId}`,
      );
    expect(await ids({ ResourcePrefix: 'topic' })).toEqual([`topic/${f.clusterId}/prod/orders`]);
    expect(await ids({ ResourcePrefix: 'cluster', ResourceId: f.clusterId })).toEqual([
      `cluster/${f.clusterId}`,
    ]);
    expect(await ids({ ResourceRegion: REGION, ServiceType: 'tdmq' })).toHaveLength(6);
    expect(await ids({ ResourceRegion: 'ap-shanghai' })).toEqual([]);
    expect(await ids({ ServiceType: 'cvm' })).toEqual([]);
    expect(await ids({ CreateUin: Number(owner) })).toHaveLength(6);
    expect(await ids({ CreateUin: 100000000999 })).toEqual([]);

    const p1 = await tag.DescribeResourcesByTags({
      TagFilters: [{ TagKey: key }],
      Offset: 0,
      Limit: 4,
    });
    const p2 = await tag.DescribeResourcesByTags({
      TagFilters: [{ TagKey: key }],
      Offset: 4,
      Limit: 4,
    });
    expect([p1.TotalCount, p1.Rows!.length, p2.TotalCount, p2.Rows!.length]).toEqual([6, 4, 6, 2]);
    expect((await tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: key }] })).Limit).toBe(15);
    expect(
      (
        await sdkError(
          tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: key }], Offset: 1, Limit: 4 }),
        )
      ).code,
    ).toBe('InvalidParameterValue.OffsetInvalid');
    expect((await sdkError(tag.DescribeResourcesByTags({ TagFilters: [] }))).code).toBe(
      'InvalidParameterValue.TagFilters',
    );
    expect(
      (
        await sdkError(
          tag.DescribeResourcesByTags({
            TagFilters: Array.from({ length: 7 }, () => ({ TagKey: key })),
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue.TagFiltersLengthExceeded');
    expect((await sdkError(tag.request('DescribeResourcesByTags', {}))).code).toBe(
      'MissingParameter',
    );
  });

  it('DescribeResourceTagsByResourceIds: one item per (resource, tag), paged; checks service, prefix, IDs and region', async () => {
    const a = await newCluster();
    const b = await newCluster();
    await tag.TagResources({ ResourceList: [a.resource], Tags: many(3) });
    await tag.TagResources({ ResourceList: [b.resource], Tags: many(2) });
    const req = {
      ServiceType: 'tdmq',
      ResourcePrefix: 'cluster',
      ResourceIds: [a.id, b.id, 'rocketmq-missing0000'],
      ResourceRegion: REGION,
    };
    const all = await tag.DescribeResourceTagsByResourceIds(req);
    expect(all.TotalCount).toBe(5);
    expect(all.Tags!.map((x) => `${x.ResourceId}:${x.TagKey}`)).toEqual(
      [...[a.id, a.id, a.id].map((id, i) => `${id}:k${i}`), `${b.id}:k0`, `${b.id}:k1`].sort(),
    );
    const page = await tag.DescribeResourceTagsByResourceIds({ ...req, Offset: 2, Limit: 2 });
    expect(page).toMatchObject({ TotalCount: 5, Offset: 2, Limit: 2 });
    expect(page.Tags).toEqual(all.Tags!.slice(2, 4));
    expect(
      (await tag.DescribeResourceTagsByResourceIds({ ...req, Category: 'System' })).TotalCount,
    ).toBe(0);

    for (const [extra, code] of [
      [{ ServiceType: 'cvm' }, 'InvalidParameterValue.ServiceTypeInvalid'],
      [{ ResourcePrefix: 'role' }, 'InvalidParameterValue.ResourcePrefixInvalid'],
      [{ ResourceIds: [`${a.id}/prod`] }, 'InvalidParameterValue.ResourceIdInvalid'],
      [{ ResourceRegion: '' }, 'InvalidParameterValue.RegionInvalid'],
      [{ ResourceRegion: 'mars-1' }, 'InvalidParameterValue.RegionInvalid'],
      [
        { ResourceIds: Array.from({ length: 51 }, (_, i) => `rocketmq-${i}`) },
        'LimitExceeded.ResourceNumPerRequest',
      ],
      [{ Offset: 3, Limit: 2 }, 'InvalidParameterValue.OffsetInvalid'],
      [{ Limit: 101 }, 'InvalidParameterValue'],
      [{ ResourceIds: [] }, 'InvalidParameterValue'],
    ] as Array<[Record<string, unknown>, string]>)
      expect([
        extra,
        (await sdkError(tag.DescribeResourceTagsByResourceIds({ ...req, ...extra }))).code,
      ]).toEqual([extra, code]);
  });
});

describe('tags and the tdmq resources', () => {
  it('deleting a topic, a group, a namespace or a cluster removes its tags', async () => {
    const f = await setup();
    const key = uniqueKey('del');
    await tag.TagResources({
      ResourceList: [f.cluster, f.namespace, f.topic, f.group],
      Tags: [{ TagKey: key, TagValue: 'x' }],
    });
    const tagged = async () =>
      (await tag.GetResources({ TagFilters: [{ TagKey: key }] })).ResourceTagMappingList!.map(
        (m) => m.Resource,
      );
    expect(await tagged()).toHaveLength(4);
    await tdmq.DeleteRocketMQTopic({
      ClusterId: f.clusterId,
      NamespaceId: 'prod',
      Topic: 'orders',
    });
    expect(await tagged()).not.toContain(f.topic);
    expect(
      (
        await tag.DescribeResourceTagsByResourceIds({
          ServiceType: 'tdmq',
          ResourcePrefix: 'topic',
          ResourceIds: [`${f.clusterId}/prod/orders`],
          ResourceRegion: REGION,
        })
      ).TotalCount,
    ).toBe(0);
    await tdmq.DeleteRocketMQGroup({
      ClusterId: f.clusterId,
      NamespaceId: 'prod',
      GroupId: 'billing',
    });
    await tdmq.DeleteRocketMQNamespace({ ClusterId: f.clusterId, NamespaceId: 'prod' });
    expect(await tagged()).toEqual([f.cluster]);
    await tdmq.DeleteRocketMQCluster({ ClusterId: f.clusterId });
    expect(await tagged()).toEqual([]);
    expect(await tagCount(f.topic)).toBe(0);
  });

  it('DescribeRocketMQClusters’ tag Filters see tags set through the tag API at once', async () => {
    const key = uniqueKey('flt');
    const a = await newCluster();
    const list = (values: string[]) =>
      tdmq
        .DescribeRocketMQClusters({
          Offset: 0,
          Limit: 100,
          Filters: [{ Name: `tag:${key}`, Values: values }],
        })
        .then((r) => r.ClusterList!.map((c) => c.Info.ClusterId));
    expect(await list(['on'])).toEqual([]); // cached as empty
    await tag.TagResources({ ResourceList: [a.resource], Tags: [{ TagKey: key, TagValue: 'on' }] });
    expect(await list(['on'])).toEqual([a.id]);
    await tag.ModifyResourceTags({
      Resource: a.resource,
      ReplaceTags: [{ TagKey: key, TagValue: 'off' }],
    });
    expect(await list(['on'])).toEqual([]);
    expect(await list(['off'])).toEqual([a.id]);
    await tag.DeleteResourceTag({ Resource: a.resource, TagKey: key });
    expect(await list([])).toEqual([]);
    await tag.AddResourceTag({ Resource: a.resource, TagKey: key, TagValue: 'on' });
    expect(await list(['on'])).toEqual([a.id]);
    await tag.UnTagResources({ ResourceList: [a.resource], TagKeys: [key] });
    expect(await list(['on'])).toEqual([]);
    const info = (
      await tdmq.DescribeRocketMQClusters({ Offset: 0, Limit: 1, ClusterIdList: [a.id] })
    ).ClusterList![0];
    expect(info.Info.ClusterId).toBe(a.id);
  });

  it('tags a resource of another region by its name; the cluster list of that region sees it', async () => {
    const shanghai = tdmqClient(t, { region: 'ap-shanghai' });
    const { ClusterId } = await shanghai.CreateRocketMQCluster({ Name: uniqueName('sh') });
    const key = uniqueKey('sh');
    const res = await tag.TagResources({
      ResourceList: [
        `qcs::tdmq:ap-shanghai:uin/${owner}:cluster/${ClusterId}`,
        qcs('cluster', ClusterId!), // not in Guangzhou
      ],
      Tags: [{ TagKey: key, TagValue: 'x' }],
    });
    expect(res.FailedResources!.map((x) => x.Resource)).toEqual([qcs('cluster', ClusterId!)]);
    const listed = await shanghai.DescribeRocketMQClusters({
      Offset: 0,
      Limit: 10,
      Filters: [{ Name: `tag:${key}`, Values: ['x'] }],
    });
    expect(listed.ClusterList!.map((c) => c.Info.ClusterId)).toEqual([ClusterId]);
    expect(
      (
        await tdmq.DescribeRocketMQClusters({
          Offset: 0,
          Limit: 10,
          Filters: [{ Name: `tag:${key}`, Values: ['x'] }],
        })
      ).TotalCount,
    ).toBe(0);
    const rows = (await tag.DescribeResourcesByTags({ TagFilters: [{ TagKey: key }] })).Rows!;
    expect(rows.map((r) => r.ResourceRegion)).toEqual(['ap-shanghai']);
  });

  it('a tag request racing a topic delete leaves no orphan tags', async () => {
    const f = await setup();
    const key = uniqueKey('race');
    const [tagged] = await Promise.all([
      tag.TagResources({ ResourceList: [f.topic], Tags: [{ TagKey: key, TagValue: 'x' }] }),
      tdmq.DeleteRocketMQTopic({ ClusterId: f.clusterId, NamespaceId: 'prod', Topic: 'orders' }),
    ]);
    expect(tagged.FailedResources!.length).toBeLessThanOrEqual(1);
    expect(await tagCount(f.topic)).toBe(0);
  });
});
