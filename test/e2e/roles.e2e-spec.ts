import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SqlReader } from '../../src/database/sql-reader.js';
import { RoleAcl, type AclRequest } from '../../src/rocketmq/roles/role-acl.js';
import { RoleTokenRekeying } from '../../src/rocketmq/roles/role-token-rekeying.js';
import { RoleTokens } from '../../src/rocketmq/roles/role-tokens.js';
import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import { sdkError, tdmqClient, type TdmqClient } from '../support/sdk.js';

let t: TestApp;
let tdmq: TdmqClient;
let acl: RoleAcl;
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
  acl = t.app.get(RoleAcl);
});
afterAll(() => t.close());

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

async function cluster(...namespaces: string[]): Promise<string> {
  const { ClusterId } = await tdmq.CreateRocketMQCluster({ Name: uniqueName('roles') });
  for (const ns of namespaces)
    await tdmq.CreateRocketMQNamespace({ ClusterId: ClusterId!, NamespaceId: ns });
  return ClusterId!;
}

const roles = (clusterId: string, extra: Record<string, unknown> = {}) =>
  tdmq.DescribeRocketMQRoles({ ClusterId: clusterId, Offset: 0, Limit: 20, ...extra });
const grants = (clusterId: string, extra: Record<string, unknown> = {}) =>
  tdmq.DescribeRocketMQEnvironmentRoles({ ClusterId: clusterId, Offset: 0, Limit: 20, ...extra });

async function until(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

describe('CreateRocketMQRole / DescribeRocketMQRoles', () => {
  it('creates a role with a token shown again only by the actions that return it, never stored in clear', async () => {
    const c = await cluster();
    const created = await tdmq.CreateRocketMQRole({
      ClusterId: c,
      RoleName: 'order-producer',
      Remark: 'orders',
    });
    expect(created).toMatchObject({ RoleName: 'order-producer', Remark: 'orders' });
    expect(created.Token!.split('.')).toHaveLength(3);
    const listed = await roles(c);
    expect(listed.TotalCount).toBe(1);
    expect(listed.RoleSets![0]).toMatchObject({
      RoleName: 'order-producer',
      Token: created.Token,
      Remark: 'orders',
      PermType: 'Cluster',
      TokenType: 'Permanent',
    });
    expect(listed.RoleSets![0].CreateTime).toMatch(TIME);
    expect(listed.RoleSets![0].UpdateTime).toMatch(TIME);
    const [row] = await t.app
      .get(DataSource)
      .query(
        `SELECT row_to_json(r)::text AS text, length(token_hash) AS hash_bytes FROM roles r WHERE cluster_id = $1`,
        [c],
      );
    expect(row.text).not.toContain(created.Token!.split('.')[2]);
    expect(row.text).not.toContain(created.Token!.split('.')[1]);
    expect(row.hash_bytes).toBe(32);
  });

  it.each([
    ['a 33-character name', { RoleName: 'r'.repeat(33) }, 'InvalidParameterValue.InvalidParams'],
    ['a name with a dot', { RoleName: 'a.b' }, 'InvalidParameterValue.InvalidParams'],
    ['no name', { RoleName: undefined }, 'MissingParameter.NeedMoreParams'],
    [
      'a remark over 100 characters',
      { Remark: 'r'.repeat(101) },
      'InvalidParameterValue.InvalidParams',
    ],
    ['an unknown PermType', { PermType: 'Everything' }, 'InvalidParameterValue.InvalidParams'],
    [
      'an AccessKey without MANUAL',
      { AccessKey: 'manualAccessKey0000001' },
      'InvalidParameterValue.InvalidParams',
    ],
    [
      'MANUAL without an AccessKey',
      { RoleGenerateMode: 'MANUAL' },
      'MissingParameter.NeedMoreParams',
    ],
    [
      'a short manual AccessKey',
      { RoleGenerateMode: 'MANUAL', AccessKey: 'short' },
      'InvalidParameterValue.InvalidParams',
    ],
    ['an unknown cluster', { ClusterId: 'rocketmq-000000000000' }, 'ResourceNotFound.Cluster'],
    ['a name of the wrong type', { RoleName: 7 }, 'InvalidParameter'],
  ])('refuses %s', async (_what, params, code) => {
    const c = await cluster();
    expect(
      (
        await sdkError(
          tdmq.request('CreateRocketMQRole', { ClusterId: c, RoleName: 'okrole', ...params }),
        )
      ).code,
    ).toBe(code);
    expect((await roles(c)).TotalCount).toBe(0);
  });

  it('accepts a 32-character name, refuses a taken one, and lets one of 10 parallel creates win', async () => {
    const c = await cluster();
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'r'.repeat(32) });
    expect(
      (await sdkError(tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'r'.repeat(32) }))).code,
    ).toBe('ResourceInUse.Role');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'racer' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('keeps manual keys: the AccessKey is the token, the SecretKey what clients sign with', async () => {
    const c = await cluster();
    const r = await tdmq.CreateRocketMQRole({
      ClusterId: c,
      RoleName: 'migrated',
      RoleGenerateMode: 'MANUAL',
      AccessKey: `ak-${uniqueName('m')}`,
      SecretKey: 'their-old-secret',
    });
    expect(r.Token).toMatch(/^ak-/);
    const resolved = await acl.resolve(r.Token!);
    expect(resolved).toMatchObject({ clusterId: c, name: 'migrated', secret: 'their-old-secret' });
    expect(
      (
        await sdkError(
          tdmq.CreateRocketMQRole({
            ClusterId: c,
            RoleName: 'copycat',
            RoleGenerateMode: 'MANUAL',
            AccessKey: r.Token!,
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue.InvalidParams');
  });

  it('stores a manual AccessKey only as a keyed hash, and re-keys rows hashed the old way', async () => {
    const c = await cluster();
    const weak = `weak-${uniqueName('k')}`;
    await tdmq.CreateRocketMQRole({
      ClusterId: c,
      RoleName: 'weak',
      RoleGenerateMode: 'MANUAL',
      AccessKey: weak,
    });
    const db = t.app.get(DataSource);
    const stored = async () =>
      (
        await db.query(
          `SELECT token_hash, token_hash_keyed FROM roles WHERE cluster_id = $1 AND name = 'weak'`,
          [c],
        )
      )[0] as { token_hash: Buffer; token_hash_keyed: boolean };
    // A dump holds nothing a guess of the key can be checked against without the master key.
    expect((await stored()).token_hash.equals(RoleTokens.legacyHash(weak))).toBe(false);
    expect((await stored()).token_hash_keyed).toBe(true);
    expect(await acl.resolve(weak)).toMatchObject({ clusterId: c, name: 'weak' });

    // A row as an earlier version stored it: found again once re-keyed at start.
    await db.query(
      `UPDATE roles SET token_hash = $2, token_hash_keyed = false WHERE cluster_id = $1 AND name = 'weak'`,
      [c, RoleTokens.legacyHash(weak)],
    );
    // The next start re-keys it before answering.
    const fresh = await startTestApp();
    try {
      expect((await stored()).token_hash.equals(RoleTokens.legacyHash(weak))).toBe(false);
      expect((await stored()).token_hash_keyed).toBe(true);
      expect(await fresh.app.get(RoleAcl).resolve(weak)).toMatchObject({ clusterId: c });
      expect(await fresh.app.get(RoleTokenRekeying).rekey()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('starts even when an old row cannot be re-keyed (its token sealed under another key)', async () => {
    const c = await cluster();
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'orphan' });
    const db = t.app.get(DataSource);
    await db.query(
      `UPDATE roles SET token_hash_keyed = false, token_sealed = 'v1.AAAA.AAAA.AAAA' WHERE cluster_id = $1 AND name = 'orphan'`,
      [c],
    );
    const rekeying = t.app.get(RoleTokenRekeying);
    await expect(rekeying.rekey()).resolves.toEqual(expect.any(Number));
    const [row] = await db.query(
      `SELECT token_hash_keyed FROM roles WHERE cluster_id = $1 AND name = 'orphan'`,
      [c],
    );
    expect(row.token_hash_keyed).toBe(false);
    await db.query(`DELETE FROM roles WHERE cluster_id = $1 AND name = 'orphan'`, [c]);
  });

  it('holds the cluster role quota under parallel creates', async () => {
    const small = await startTestApp({ CLUSTER_MAX_ROLES: '3' });
    try {
      const client = tdmqClient(small);
      const { ClusterId } = await client.CreateRocketMQCluster({ Name: uniqueName('rquota') });
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          client.CreateRocketMQRole({ ClusterId: ClusterId!, RoleName: `role${i}` }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      for (const r of results)
        if (r.status === 'rejected')
          expect((r.reason as { code: string }).code).toBe('LimitExceeded');
    } finally {
      await small.close();
    }
  });

  it('pages with Offset 0 / Limit 10 by default, at most 20, and filters by name', async () => {
    const c = await cluster();
    for (let i = 0; i < 12; i++)
      await tdmq.CreateRocketMQRole({
        ClusterId: c,
        RoleName: `role-${String(i).padStart(2, '0')}`,
      });
    const defaults = await tdmq.request('DescribeRocketMQRoles', { ClusterId: c });
    expect(defaults.TotalCount).toBe(12);
    expect(defaults.RoleSets).toHaveLength(10);
    expect(defaults.RoleSets[0].RoleName).toBe('role-11');
    expect((await sdkError(roles(c, { Limit: 21 }))).code).toBe(
      'InvalidParameterValue.InvalidParams',
    );
    expect((await roles(c, { RoleName: 'role-0' })).TotalCount).toBe(10);
    expect(
      (await roles(c, { Filters: [{ Name: 'RoleName', Values: ['role-03', 'role-07'] }] }))
        .RoleSets!.map((r) => r.RoleName)
        .sort(),
    ).toEqual(['role-03', 'role-07']);
    expect((await sdkError(roles(c, { Filters: [{ Name: 'Colour', Values: ['x'] }] }))).code).toBe(
      'InvalidParameterValue.InvalidParams',
    );
  });
});

describe('ModifyRocketMQRole / DeleteRocketMQRoles / the guards', () => {
  it('modifies the remark and permission type', async () => {
    const c = await cluster();
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'mutable' });
    expect(
      await tdmq.ModifyRocketMQRole({
        ClusterId: c,
        RoleName: 'mutable',
        Remark: 'new',
        PermType: 'TopicAndGroup',
      }),
    ).toMatchObject({ RoleName: 'mutable', Remark: 'new' });
    expect((await roles(c)).RoleSets![0]).toMatchObject({
      Remark: 'new',
      PermType: 'TopicAndGroup',
    });
    expect(
      (await sdkError(tdmq.ModifyRocketMQRole({ ClusterId: c, RoleName: 'ghost', Remark: 'x' })))
        .code,
    ).toBe('ResourceNotFound.Role');
  });

  it('refuses to delete a bound role (nothing in the batch is deleted), then deletes it once unbound', async () => {
    const c = await cluster('prod');
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'bound' });
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'free' });
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'bound',
      Permissions: ['produce'],
    });
    const e = await sdkError(
      tdmq.DeleteRocketMQRoles({ ClusterId: c, RoleNames: ['free', 'bound'] }),
    );
    expect(e.code).toBe('ResourceInUse.EnvironmentRole');
    expect(e.message).toContain('prod');
    expect((await roles(c)).TotalCount).toBe(2);
    expect(
      (await sdkError(tdmq.DeleteRocketMQRoles({ ClusterId: c, RoleNames: ['free', 'ghost'] })))
        .code,
    ).toBe('ResourceNotFound.Role');
    expect((await roles(c)).TotalCount).toBe(2);

    // The guards in the other direction: the namespace and the cluster.
    expect(
      (await sdkError(tdmq.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'prod' }))).code,
    ).toBe('FailedOperation.RoleInUse');
    expect((await sdkError(tdmq.DeleteRocketMQCluster({ ClusterId: c }))).message).toMatch(
      /2 roles/,
    );

    await tdmq.DeleteRocketMQEnvironmentRoles({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleNames: ['bound'],
    });
    expect(
      await tdmq.DeleteRocketMQRoles({ ClusterId: c, RoleNames: ['free', 'bound'] }),
    ).toMatchObject({ RoleNames: ['free', 'bound'] });
    expect((await roles(c)).TotalCount).toBe(0);
    await tdmq.DeleteRocketMQNamespace({ ClusterId: c, NamespaceId: 'prod' });
    await tdmq.DeleteRocketMQCluster({ ClusterId: c });
  });
});

describe('namespace permissions (environment roles)', () => {
  it('grants, lists, modifies and revokes', async () => {
    const c = await cluster('prod', 'test');
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'svc', Remark: 'the service' });
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'svc',
      Permissions: ['produce'],
    });
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'test',
      RoleName: 'svc',
      Permissions: ['produce', 'consume'],
    });
    const all = await grants(c);
    expect(all.TotalCount).toBe(2);
    const prod = await grants(c, { EnvironmentId: 'prod' });
    expect(prod.EnvironmentRoleSets).toEqual([
      expect.objectContaining({
        EnvironmentId: 'prod',
        RoleName: 'svc',
        Permissions: ['produce'],
        RoleDescribe: 'the service',
        DetailedPerms: [],
      }),
    ]);
    expect(prod.EnvironmentRoleSets![0].CreateTime).toMatch(TIME);
    await tdmq.ModifyRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'svc',
      Permissions: ['consume'],
    });
    expect(
      (await grants(c, { EnvironmentId: 'prod' })).EnvironmentRoleSets![0].Permissions,
    ).toEqual(['consume']);
    expect((await grants(c, { Filters: [{ Name: 'RoleName', Values: ['svc'] }] })).TotalCount).toBe(
      2,
    );
    expect((await grants(c, { RoleName: 'nobody' })).TotalCount).toBe(0);
    await tdmq.DeleteRocketMQEnvironmentRoles({
      ClusterId: c,
      EnvironmentId: 'test',
      RoleNames: ['svc'],
    });
    expect((await grants(c)).TotalCount).toBe(1);
  });

  it.each([
    ['an existing grant', {}, 'ResourceInUse.EnvironmentRole'],
    ['no permissions', { Permissions: [] }, 'InvalidParameterValue.InvalidParams'],
    [
      'a permission twice',
      { Permissions: ['produce', 'produce'] },
      'InvalidParameterValue.InvalidParams',
    ],
    ['an unknown permission', { Permissions: ['admin'] }, 'InvalidParameterValue.InvalidParams'],
    ['an unknown namespace', { EnvironmentId: 'nowhere' }, 'ResourceNotFound.Environment'],
    ['an unknown role', { RoleName: 'ghost' }, 'ResourceNotFound.Role'],
    [
      'DetailedPerms on a Cluster role',
      {
        DetailedPerms: [
          { Resource: 'orders', ResourceType: 'Topic', PermWrite: true, PermRead: false },
        ],
      },
      'InvalidParameterValue.InvalidParams',
    ],
    ['no Permissions at all', { Permissions: undefined }, 'MissingParameter.NeedMoreParams'],
  ])('refuses %s', async (_what, params, code) => {
    const c = await cluster('prod');
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'svc' });
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'svc',
      Permissions: ['produce'],
    });
    const e = await sdkError(
      tdmq.request('CreateRocketMQEnvironmentRole', {
        ClusterId: c,
        EnvironmentId: 'prod',
        RoleName: 'svc',
        Permissions: ['consume'],
        ...params,
      }),
    );
    expect(e.code).toBe(code);
    expect((await grants(c)).EnvironmentRoleSets!.map((g) => g.Permissions)).toEqual([['produce']]);
  });

  it('checks DetailedPerms against the namespace’s topics and groups', async () => {
    const c = await cluster('prod');
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'fine', PermType: 'TopicAndGroup' });
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['prod'],
      Topic: 'orders',
      Type: 'Normal',
    });
    const missingTopic = [
      { Resource: 'nope', ResourceType: 'Topic', PermWrite: true, PermRead: false },
    ];
    expect(
      (
        await sdkError(
          tdmq.CreateRocketMQEnvironmentRole({
            ClusterId: c,
            EnvironmentId: 'prod',
            RoleName: 'fine',
            Permissions: ['produce'],
            DetailedPerms: missingTopic,
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.Topic');
    const twice = [
      { Resource: 'orders', ResourceType: 'Topic', PermWrite: true, PermRead: false },
      { Resource: 'orders', ResourceType: 'Topic', PermWrite: false, PermRead: true },
    ];
    expect(
      (
        await sdkError(
          tdmq.CreateRocketMQEnvironmentRole({
            ClusterId: c,
            EnvironmentId: 'prod',
            RoleName: 'fine',
            Permissions: ['produce'],
            DetailedPerms: twice,
          }),
        )
      ).code,
    ).toBe('InvalidParameterValue.InvalidParams');
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'fine',
      Permissions: ['produce'],
      DetailedPerms: [twice[0]],
    });
    expect((await grants(c)).EnvironmentRoleSets![0].DetailedPerms).toEqual([
      { Resource: 'orders', ResourceType: 'Topic', PermWrite: true, PermRead: false, Remark: null },
    ]);
  });

  it('answers ResourceNotFound.EnvironmentRole for grants that do not exist (all or none)', async () => {
    const c = await cluster('prod');
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'svc' });
    await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'other' });
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'svc',
      Permissions: ['produce'],
    });
    expect(
      (
        await sdkError(
          tdmq.ModifyRocketMQEnvironmentRole({
            ClusterId: c,
            EnvironmentId: 'prod',
            RoleName: 'other',
            Permissions: ['produce'],
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.EnvironmentRole');
    expect(
      (
        await sdkError(
          tdmq.DeleteRocketMQEnvironmentRoles({
            ClusterId: c,
            EnvironmentId: 'prod',
            RoleNames: ['svc', 'other'],
          }),
        )
      ).code,
    ).toBe('ResourceNotFound.EnvironmentRole');
    expect((await grants(c)).TotalCount).toBe(1);
    expect((await sdkError(grants(c, { EnvironmentId: 'nowhere' }))).code).toBe(
      'ResourceNotFound.Environment',
    );
  });
});

describe('the data-plane ACL', () => {
  let c: string;
  let producer: string;
  let fine: string;
  const ask = (over: Partial<AclRequest>) =>
    acl.authorize({
      accessKey: producer,
      clusterId: c,
      namespace: 'prod',
      resource: { type: 'topic', name: 'orders' },
      action: 'produce',
      ...over,
    });

  beforeAll(async () => {
    c = await cluster('prod', 'test');
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['prod'],
      Topic: 'orders',
      Type: 'Normal',
    });
    await tdmq.CreateRocketMQTopic({
      ClusterId: c,
      Namespaces: ['prod'],
      Topic: 'audit',
      Type: 'Normal',
    });
    await tdmq.CreateRocketMQGroup({
      ClusterId: c,
      Namespaces: ['prod'],
      GroupId: 'readers',
      ReadEnable: true,
      BroadcastEnable: false,
    });
    producer = (await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'producer' })).Token!;
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'producer',
      Permissions: ['produce'],
    });
    fine = (
      await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'fine', PermType: 'TopicAndGroup' })
    ).Token!;
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'fine',
      Permissions: ['produce', 'consume'],
      DetailedPerms: [
        { Resource: 'orders', ResourceType: 'Topic', PermWrite: true, PermRead: true },
        { Resource: 'readers', ResourceType: 'Group', PermWrite: false, PermRead: true },
      ],
    });
  });

  it('allows what a Cluster-type role was granted in the namespace, and nothing else', async () => {
    expect(await ask({})).toMatchObject({ allowed: true, role: 'producer' });
    expect(await ask({ resource: { type: 'topic', name: 'audit' } })).toMatchObject({
      allowed: true,
    });
    expect(await ask({ action: 'consume' })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('may not consume'),
    });
    expect(await ask({ namespace: 'test' })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('no permission in namespace test'),
    });
    expect(await ask({ clusterId: 'rocketmq-000000000000' })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('another cluster'),
    });
    expect(await ask({ roleName: 'someone-else' })).toMatchObject({ allowed: false });
    expect(await ask({ roleName: 'producer' })).toMatchObject({ allowed: true });
    expect(await ask({ accessKey: 'not-a-token' })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('Unknown AccessKey'),
    });
    const [h, p] = producer.split('.');
    expect(await ask({ accessKey: `${h}.${p}.forgedsignature` })).toMatchObject({ allowed: false });
  });

  it('applies per-topic and per-group permissions for TopicAndGroup roles', async () => {
    const fineAsk = (over: Partial<AclRequest>) => ask({ accessKey: fine, ...over });
    expect(await fineAsk({})).toMatchObject({ allowed: true });
    expect(await fineAsk({ resource: { type: 'topic', name: 'audit' } })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('topic audit'),
    });
    expect(await fineAsk({ action: 'consume' })).toMatchObject({ allowed: true });
    expect(
      await fineAsk({ action: 'consume', resource: { type: 'group', name: 'readers' } }),
    ).toMatchObject({ allowed: true });
    expect(
      await fineAsk({ action: 'consume', resource: { type: 'group', name: 'others' } }),
    ).toMatchObject({ allowed: false });
    expect(
      await fineAsk({ action: 'produce', resource: { type: 'group', name: 'readers' } }),
    ).toMatchObject({ allowed: false });
  });

  it('answers repeated questions from memory, without the database', async () => {
    await ask({});
    const spy = jest.spyOn(t.app.get(SqlReader), 'rows');
    for (let i = 0; i < 100; i++) await ask({});
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('revocation reaches every process within 1 s', () => {
  let other: TestApp;
  beforeAll(async () => {
    other = await startTestApp();
  });
  afterAll(() => other.close());

  it('a rotated token, a revoked grant and a deleted role stop working on another process', async () => {
    const c = await cluster('prod');
    const { Token } = await tdmq.CreateRocketMQRole({ ClusterId: c, RoleName: 'rotating' });
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleName: 'rotating',
      Permissions: ['produce'],
    });
    const remote = other.app.get(RoleAcl);
    const req = (accessKey: string): AclRequest => ({
      accessKey,
      clusterId: c,
      namespace: 'prod',
      resource: { type: 'topic', name: 'x' },
      action: 'produce',
    });
    expect(await remote.authorize(req(Token!))).toMatchObject({ allowed: true }); // now cached there

    const rotated = await tdmq.request('RotateRocketMQRoleToken', {
      ClusterId: c,
      RoleName: 'rotating',
    });
    expect(rotated.Token).not.toBe(Token);
    const tookRotate = await until(
      'the old token to be refused',
      async () => !(await remote.authorize(req(Token!))).allowed,
      1000,
    );
    expect(tookRotate).toBeLessThan(1000);
    expect(await remote.authorize(req(rotated.Token))).toMatchObject({ allowed: true });
    expect((await roles(c)).RoleSets![0].Token).toBe(rotated.Token);

    await tdmq.DeleteRocketMQEnvironmentRoles({
      ClusterId: c,
      EnvironmentId: 'prod',
      RoleNames: ['rotating'],
    });
    expect(
      await until(
        'the revoked grant to be refused',
        async () => !(await remote.authorize(req(rotated.Token))).allowed,
        1000,
      ),
    ).toBeLessThan(1000);

    await tdmq.DeleteRocketMQRoles({ ClusterId: c, RoleNames: ['rotating'] });
    expect(await remote.resolve(rotated.Token)).toBeUndefined();
    expect(
      (
        await sdkError(
          tdmq.request('RotateRocketMQRoleToken', { ClusterId: c, RoleName: 'rotating' }),
        )
      ).code,
    ).toBe('ResourceNotFound.Role');
  });
});
