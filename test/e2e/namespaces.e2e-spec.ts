import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import { sdkError, tdmqClient, type TdmqClient } from '../support/sdk.js';

const DAY_MS = 86_400_000;

let t: TestApp;
let tdmq: TdmqClient;
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
});
afterAll(() => t.close());

async function newCluster(): Promise<string> {
  return (await tdmq.CreateRocketMQCluster({ Name: uniqueName('ns') })).ClusterId!;
}

async function namespaces(clusterId: string) {
  return tdmq.DescribeRocketMQNamespaces({ ClusterId: clusterId, Offset: 0, Limit: 100 });
}

describe('CreateRocketMQNamespace', () => {
  it('creates with a 3-day retention by default and reports this deployment’s TCP access points', async () => {
    const id = await newCluster();
    await tdmq.CreateRocketMQNamespace({
      ClusterId: id,
      NamespaceId: 'orders',
      Remark: 'order events',
    });
    const { Namespaces, TotalCount } = await namespaces(id);
    expect(TotalCount).toBe(1);
    expect(Namespaces![0]).toEqual({
      NamespaceId: 'orders',
      Ttl: 3 * DAY_MS,
      RetentionTime: 3 * DAY_MS,
      Remark: 'order events',
      PublicEndpoint: t.config.tcpPublicEndpoint,
      VpcEndpoint: t.config.tcpInternalEndpoint,
      InternalEndpoint: t.config.tcpInternalEndpoint,
    });
  });

  it('takes Ttl and RetentionTime (ms) within bounds', async () => {
    const id = await newCluster();
    await tdmq.CreateRocketMQNamespace({
      ClusterId: id,
      NamespaceId: 'short_lived',
      Ttl: 60_000,
      RetentionTime: DAY_MS,
    });
    expect((await namespaces(id)).Namespaces![0]).toMatchObject({
      Ttl: 60_000,
      RetentionTime: DAY_MS,
    });
  });

  it.each([
    ['3 characters', 'abc'],
    ['32 characters', 'n'.repeat(32)],
    ['letters, digits and _', 'Prod_Env_01'],
  ])('accepts a name of %s', async (_what, name) => {
    const id = await newCluster();
    await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: name });
    expect((await namespaces(id)).Namespaces![0].NamespaceId).toBe(name);
  });

  it.each([
    ['a 2-character name', { NamespaceId: 'ab' }, 'InvalidParameterValue'],
    ['a 33-character name', { NamespaceId: 'n'.repeat(33) }, 'InvalidParameterValue'],
    [
      'a name with "-" (the SDK allows it; the product does not)',
      { NamespaceId: 'prod-env' },
      'InvalidParameterValue',
    ],
    ['a name with a dot', { NamespaceId: 'prod.env' }, 'InvalidParameterValue'],
    ['a missing name', { NamespaceId: undefined }, 'MissingParameter'],
    [
      'a remark over 128 characters',
      { NamespaceId: 'okname', Remark: 'r'.repeat(129) },
      'InvalidParameterValue',
    ],
    [
      'a retention under 60 s',
      { NamespaceId: 'okname', RetentionTime: 59_999 },
      'InvalidParameterValue',
    ],
    [
      'a retention over the cluster’s 3 days',
      { NamespaceId: 'okname', RetentionTime: 3 * DAY_MS + 1 },
      'InvalidParameterValue',
    ],
    [
      'a TTL over 15 days',
      { NamespaceId: 'okname', Ttl: 15 * DAY_MS + 1 },
      'InvalidParameterValue',
    ],
    ['a TTL that is not an integer', { NamespaceId: 'okname', Ttl: 'soon' }, 'InvalidParameter'],
  ])('refuses %s and writes nothing', async (_what, params, code) => {
    const id = await newCluster();
    expect(
      (await sdkError(tdmq.request('CreateRocketMQNamespace', { ClusterId: id, ...params }))).code,
    ).toBe(code);
    expect((await namespaces(id)).TotalCount).toBe(0);
    expect(
      (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterConfig!.UsedNamespaceNum,
    ).toBe(0);
  });

  it('refuses an unknown cluster and a cluster of another region', async () => {
    expect(
      (
        await sdkError(
          tdmq.CreateRocketMQNamespace({ ClusterId: 'rocketmq-000000000000', NamespaceId: 'abc' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Cluster');
    const id = await newCluster();
    const e = await sdkError(
      tdmqClient(t, { region: 'ap-beijing' }).CreateRocketMQNamespace({
        ClusterId: id,
        NamespaceId: 'abc',
      }),
    );
    expect(e.code).toBe('ResourceNotFound.Cluster');
  });

  it('refuses a duplicate name in the cluster but allows it in another cluster', async () => {
    const a = await newCluster();
    const b = await newCluster();
    await tdmq.CreateRocketMQNamespace({ ClusterId: a, NamespaceId: 'shared' });
    expect(
      (await sdkError(tdmq.CreateRocketMQNamespace({ ClusterId: a, NamespaceId: 'shared' }))).code,
    ).toBe('ResourceInUse.Namespace');
    await tdmq.CreateRocketMQNamespace({ ClusterId: b, NamespaceId: 'shared' });
  });

  it('holds the quota of 10: the 11th is LimitExceeded', async () => {
    const id = await newCluster();
    for (let i = 0; i < 10; i++)
      await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: `ns_${i}` });
    const e = await sdkError(tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'ns_10' }));
    expect(e.code).toBe('LimitExceeded');
    expect(e.message).toMatch(/10 namespaces/);
    // Freeing one makes room again.
    await tdmq.DeleteRocketMQNamespace({ ClusterId: id, NamespaceId: 'ns_3' });
    await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'ns_10' });
  });

  it('lets exactly 10 of 20 parallel creates succeed', async () => {
    const id = await newCluster();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: `par_${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as { code: string }).code).toBe('LimitExceeded');
    expect((await namespaces(id)).TotalCount).toBe(10);
    expect(
      (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterConfig!.UsedNamespaceNum,
    ).toBe(10);
  });

  it('lets exactly one of 10 parallel creates of one name succeed', async () => {
    const id = await newCluster();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'only_one' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as { code: string }).code).toBe('ResourceInUse.Namespace');
    expect(
      (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterConfig!.UsedNamespaceNum,
    ).toBe(1);
  });
});

describe('DescribeRocketMQNamespaces', () => {
  it('pages with a TotalCount of all matches and filters by NameKeyword', async () => {
    const id = await newCluster();
    for (const name of ['alpha_one', 'alpha_two', 'beta_one', 'gamma'])
      await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: name });
    const page = await tdmq.DescribeRocketMQNamespaces({ ClusterId: id, Offset: 1, Limit: 2 });
    expect(page.TotalCount).toBe(4);
    expect(page.Namespaces!.map((n) => n.NamespaceId)).toEqual(['beta_one', 'alpha_two']);
    const alpha = await tdmq.DescribeRocketMQNamespaces({
      ClusterId: id,
      Offset: 0,
      Limit: 10,
      NameKeyword: 'ALPHA',
    });
    expect(alpha.Namespaces!.map((n) => n.NamespaceId).sort()).toEqual(['alpha_one', 'alpha_two']);
    expect(
      (
        await tdmq.DescribeRocketMQNamespaces({
          ClusterId: id,
          Offset: 0,
          Limit: 10,
          NameKeyword: '_one',
        })
      ).TotalCount,
    ).toBe(2);
    expect(
      await tdmq.DescribeRocketMQNamespaces({ ClusterId: id, Offset: 0, Limit: 0 }),
    ).toMatchObject({ Namespaces: [], TotalCount: 4 });
  });

  it('refuses an unknown cluster, and Offset/Limit out of range', async () => {
    expect(
      (
        await sdkError(
          tdmq.DescribeRocketMQNamespaces({
            ClusterId: 'rocketmq-000000000000',
            Offset: 0,
            Limit: 10,
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Cluster');
    const id = await newCluster();
    expect(
      (await sdkError(tdmq.DescribeRocketMQNamespaces({ ClusterId: id, Offset: 0, Limit: 101 })))
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      (await sdkError(tdmq.request('DescribeRocketMQNamespaces', { ClusterId: id, Limit: 10 })))
        .code,
    ).toBe('MissingParameter');
  });
});

describe('ModifyRocketMQNamespace', () => {
  it('changes retention, TTL, remark and public access', async () => {
    const id = await newCluster();
    await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'mutable', Remark: 'before' });
    await tdmq.ModifyRocketMQNamespace({
      ClusterId: id,
      NamespaceId: 'mutable',
      RetentionTime: 2 * DAY_MS,
      Ttl: DAY_MS,
      Remark: 'after',
      PublicAccessEnabled: false,
    });
    expect((await namespaces(id)).Namespaces![0]).toMatchObject({
      RetentionTime: 2 * DAY_MS,
      Ttl: DAY_MS,
      Remark: 'after',
      PublicEndpoint: null,
    });
    await tdmq.ModifyRocketMQNamespace({
      ClusterId: id,
      NamespaceId: 'mutable',
      PublicAccessEnabled: true,
    });
    expect((await namespaces(id)).Namespaces![0]).toMatchObject({
      Remark: 'after',
      PublicEndpoint: t.config.tcpPublicEndpoint,
    });
  });

  it('refuses a retention over the cluster maximum, an unknown namespace and an unknown cluster', async () => {
    const id = await newCluster();
    await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'fixed' });
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQNamespace({
            ClusterId: id,
            NamespaceId: 'fixed',
            RetentionTime: 4 * DAY_MS,
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue');
    expect((await namespaces(id)).Namespaces![0].RetentionTime).toBe(3 * DAY_MS);
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQNamespace({ ClusterId: id, NamespaceId: 'missing', Remark: 'x' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Namespace');
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQNamespace({
            ClusterId: 'rocketmq-000000000000',
            NamespaceId: 'fixed',
            Remark: 'x',
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Cluster');
  });
});

describe('DeleteRocketMQNamespace', () => {
  it('deletes, frees the quota, and answers ResourceNotFound.Namespace afterwards', async () => {
    const id = await newCluster();
    await tdmq.CreateRocketMQNamespace({ ClusterId: id, NamespaceId: 'temp' });
    await tdmq.DeleteRocketMQNamespace({ ClusterId: id, NamespaceId: 'temp' });
    expect((await namespaces(id)).TotalCount).toBe(0);
    expect(
      (await tdmq.DescribeRocketMQCluster({ ClusterId: id })).ClusterConfig!.UsedNamespaceNum,
    ).toBe(0);
    expect(
      (await sdkError(tdmq.DeleteRocketMQNamespace({ ClusterId: id, NamespaceId: 'temp' }))).code,
    ).toBe('ResourceNotFound.Namespace');
  });

  // Deletion guards for topics, groups and role bindings: groups.e2e-spec.ts and roles.e2e-spec.ts.
});
