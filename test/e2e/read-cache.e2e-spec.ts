import { DataSource } from 'typeorm';
import { ChangeFeed } from '../../src/database/change-feed.js';
import { ReadCache } from '../../src/database/read-cache.js';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import { tdmqClient } from '../support/sdk.js';
import { until } from '../support/until.js';

/** Notifications travel fast: a replica sees a change within 3 s (or the given time). */
const soon = (what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 3_000) =>
  until(what, ok, { timeoutMs, everyMs: 20 });

// Two service processes (replicas) on one database. Their cache TTL is an hour, so only the
// change notifications can make B see A's writes.
describe('list reads served from the cache stay correct across replicas', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ READ_CACHE_TTL_MS: '3600000' });
    b = await startTestApp({ READ_CACHE_TTL_MS: '3600000' });
    await soon(
      'both caches listening',
      () => a.app.get(ReadCache).enabled && b.app.get(ReadCache).enabled,
    );
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const listed = async (t: TestApp, keyword: string) =>
    (
      await tdmqClient(t).DescribeRocketMQClusters({ Offset: 0, Limit: 100, NameKeyword: keyword })
    ).ClusterList!.map((c) => c.Info.ClusterName);

  it('B sees clusters A creates, renames and deletes', async () => {
    const tag = uniqueName('replica');
    expect(await listed(b, tag)).toEqual([]); // now cached on B
    const { ClusterId } = await tdmqClient(a).CreateRocketMQCluster({ Name: `${tag}_one` });
    await soon('B to see the create', async () => (await listed(b, tag)).length === 1);
    await tdmqClient(a).ModifyRocketMQCluster({ ClusterId: ClusterId!, ClusterName: `${tag}_two` });
    await soon('B to see the rename', async () => (await listed(b, tag))[0] === `${tag}_two`);
    await tdmqClient(a).DeleteRocketMQCluster({ ClusterId: ClusterId! });
    await soon('B to see the delete', async () => (await listed(b, tag)).length === 0);
  });

  it('B sees namespace changes and usage made through A', async () => {
    const { ClusterId } = await tdmqClient(a).CreateRocketMQCluster({
      Name: uniqueName('nsreplica'),
    });
    const list = () =>
      tdmqClient(b).DescribeRocketMQNamespaces({ ClusterId: ClusterId!, Offset: 0, Limit: 10 });
    expect((await list()).TotalCount).toBe(0);
    await tdmqClient(a).CreateRocketMQNamespace({
      ClusterId: ClusterId!,
      NamespaceId: 'seen',
      Remark: 'v1',
    });
    await soon('B to see the namespace', async () => (await list()).TotalCount === 1);
    await tdmqClient(a).ModifyRocketMQNamespace({
      ClusterId: ClusterId!,
      NamespaceId: 'seen',
      Remark: 'v2',
    });
    await soon('B to see the remark', async () => (await list()).Namespaces![0].Remark === 'v2');
  });

  it('B sees a change made directly in the database (triggers, not application code, notify)', async () => {
    const tag = uniqueName('sqlchange');
    const { ClusterId } = await tdmqClient(a).CreateRocketMQCluster({ Name: tag });
    await soon('B to list it', async () => (await listed(b, tag)).length === 1);
    await a.app
      .get(DataSource)
      .query(`UPDATE clusters SET remark = 'edited by hand' WHERE id = $1`, [ClusterId]);
    await soon('B to see the edit', async () => {
      const r = await tdmqClient(b).DescribeRocketMQClusters({
        Offset: 0,
        Limit: 1,
        ClusterIdList: [ClusterId!],
      });
      return r.ClusterList![0].Info.Remark === 'edited by hand';
    });
  });

  it('bypasses the cache while its notification connection is down, then recovers', async () => {
    const cache = b.app.get(ReadCache);
    const tag = uniqueName('outage');
    expect(await listed(b, tag)).toEqual([]);
    const pid = b.app.get(ChangeFeed).backendPid;
    expect(pid).toEqual(expect.any(Number));
    await a.app.get(DataSource).query('SELECT pg_terminate_backend($1)', [pid]);
    await soon('B to notice', () => !cache.enabled);
    await tdmqClient(a).CreateRocketMQCluster({ Name: `${tag}_x` });
    expect(await listed(b, tag)).toEqual([`${tag}_x`]); // read from the database, not memory
    await soon('B to listen again', () => cache.enabled, 10_000);
    expect(b.app.get(ChangeFeed).backendPid).not.toBe(pid);
  });
});

describe('writes drop their own process’s cached lists before answering', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ READ_CACHE_TTL_MS: '3600000' });
  });
  afterAll(() => app.close());

  it('for every write that changes what a cached cluster or namespace list shows', async () => {
    const { jest } = await import('@jest/globals');
    const cache = app.app.get(ReadCache);
    const spy = jest.spyOn(cache, 'invalidate');
    const client = tdmqClient(app);
    const invalidatedBy = async (write: () => Promise<unknown>) => {
      spy.mockClear();
      await write();
      return spy.mock.calls.some(
        ([scope]) => typeof scope === 'object' && scope.region === 'ap-guangzhou',
      );
    };
    const { ClusterId } = await client.CreateRocketMQCluster({ Name: uniqueName('sync') });
    const c = ClusterId!;
    expect(
      await invalidatedBy(() => client.ModifyRocketMQCluster({ ClusterId: c, Remark: 'x' })),
    ).toBe(true);
    expect(
      await invalidatedBy(() =>
        client.CreateRocketMQNamespace({ ClusterId: c, NamespaceId: 'syncns' }),
      ),
    ).toBe(true);
    expect(
      await invalidatedBy(() =>
        client.ModifyRocketMQNamespace({ ClusterId: c, NamespaceId: 'syncns', Remark: 'y' }),
      ),
    ).toBe(true);
    expect(
      await invalidatedBy(() =>
        client.CreateRocketMQTopic({
          ClusterId: c,
          Namespaces: ['syncns'],
          Topic: 'synct',
          Type: 'Normal',
        }),
      ),
    ).toBe(true);
    expect(
      await invalidatedBy(() =>
        client.DeleteRocketMQTopic({ ClusterId: c, NamespaceId: 'syncns', Topic: 'synct' }),
      ),
    ).toBe(true);
    expect(
      await invalidatedBy(() =>
        client.CreateRocketMQGroup({
          ClusterId: c,
          Namespaces: ['syncns'],
          GroupId: 'syncg',
          ReadEnable: true,
          BroadcastEnable: false,
        }),
      ),
    ).toBe(true);
    expect(
      await invalidatedBy(() =>
        client.DeleteRocketMQGroup({ ClusterId: c, NamespaceId: 'syncns', GroupId: 'syncg' }),
      ),
    ).toBe(true);
    expect(
      await invalidatedBy(() =>
        client.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'syncns' }),
      ),
    ).toBe(true);
    expect(await invalidatedBy(() => client.DeleteRocketMQCluster({ ClusterId: c }))).toBe(true);
    spy.mockRestore();
  });
});
