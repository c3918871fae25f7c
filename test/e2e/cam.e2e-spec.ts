import { DataSource } from 'typeorm';
import { ROOT_SECRET_ID, startTestApp, uniqueName, type TestApp } from '../support/app.js';
import { camClient, sdkError, type CamClient } from '../support/sdk.js';

/**
 * The CAM API (cam 2019-01-16) through the official SDK: sub-users, groups, policies, their
 * attachments and API keys. This file runs its own root account (ROOT_UIN), so the account
 * counts it reads are not moved by other test files running at the same time.
 */

let t: TestApp;
let cam: CamClient;
let db: DataSource;
let root: string;
beforeAll(async () => {
  t = await startTestApp({
    ROOT_UIN: String(100_000_100_000 + process.pid),
    ROOT_APP_ID: '1300000777',
  });
  cam = camClient(t);
  db = t.app.get(DataSource);
  root = t.config.root.uin;
});
afterAll(() => t.close());

type AddUserRequest = Parameters<CamClient['AddUser']>[0];
type Call = () => Promise<unknown>;

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const UNKNOWN_ID = 99_999_999;
const UNKNOWN_UIN = 999_999_999_999;
const PRESETS = [
  [1, 'AdministratorAccess'],
  [2, 'ReadOnlyAccess'],
  [3, 'QcloudTDMQFullAccess'],
  [4, 'QcloudTDMQReadOnlyAccess'],
] as const;

const doc = (statement: object) => JSON.stringify({ version: '2.0', statement: [statement] });
const DOC = doc({ effect: 'allow', action: ['tdmq:Describe*'], resource: ['*'] });

/** The error code of a call that must fail. */
const codeOf = async (p: Promise<unknown>) => (await sdkError(p)).code;

/** Each call, made in turn, fails with `code`. */
async function expectCode(code: string, ...calls: Call[]): Promise<void> {
  for (const call of calls) expect(await codeOf(call())).toBe(code);
}

/** How many calls succeeded, and the error codes of the others. */
function outcome(results: PromiseSettledResult<unknown>[]) {
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    codes: results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => (r.reason as { code?: string }).code ?? String(r.reason)),
  };
}

async function newUser(req: Partial<AddUserRequest> = {}) {
  const res = await cam.AddUser({ Name: uniqueName('u'), ...req });
  return { uin: res.Uin!, uid: res.Uid!, name: res.Name!, res };
}

/** A sub-user with an API key and a policy (ReadOnlyAccess unless told), and its own client. */
async function userWithKey(policyId = 2) {
  const u = await newUser({ UseApi: 1 });
  await cam.AttachUserPolicy({ PolicyId: policyId, AttachUin: u.uin });
  const client = camClient(t, { secretId: u.res.SecretId!, secretKey: u.res.SecretKey! });
  return { ...u, secretId: u.res.SecretId!, client };
}

const newGroup = async (name = uniqueName('g')) =>
  (await cam.CreateGroup({ GroupName: name })).GroupId!;

async function newPolicy(document = DOC, name = uniqueName('p'), description?: string) {
  const { PolicyId } = await cam.CreatePolicy({
    PolicyName: name,
    PolicyDocument: document,
    Description: description,
  });
  return { id: PolicyId!, name };
}

/** ListAttachedUserAllPolicies, first page. */
const allPolicies = (TargetUin: number, AttachType: number, StrategyType?: number) =>
  cam.ListAttachedUserAllPolicies({ TargetUin, Rp: 20, Page: 1, AttachType, StrategyType });

/** The uin a client is authenticated as. */
const whoAmI = async (client: CamClient) => (await client.GetUserAppId()).Uin;

describe('sub-users', () => {
  it('AddUser creates a user that GetUser and ListUsers show', async () => {
    const name = `+=,.@_-${uniqueName('u')}`.padEnd(64, 'x').slice(0, 64); // the longest name, every symbol
    const res = await cam.AddUser({ Name: name, Remark: 'deploys', Email: 'ci@example.com' });
    expect(res).toMatchObject({ Name: name, Password: '', SecretId: '', SecretKey: '' });
    expect(Number.isInteger(res.Uin) && res.Uin! > Number(root)).toBe(true);
    expect(Number.isInteger(res.Uid) && res.Uid! > 0).toBe(true);

    const profile = { Uin: res.Uin, Name: name, Uid: res.Uid, Remark: 'deploys', ConsoleLogin: 0 };
    const contact = { PhoneNum: '', CountryCode: '', Email: 'ci@example.com' };
    expect(await cam.GetUser({ Name: name })).toEqual({
      ...{ ...profile, ...contact, RecentlyLoginIP: '', RecentlyLoginTime: '' },
      RequestId: expect.any(String),
    });
    expect((await cam.ListUsers()).Data!.filter((u) => u.Name === name)).toEqual([
      { ...profile, ...contact, CreateTime: expect.stringMatching(TIME), NickName: name },
    ]);
  });

  it('UseApi 1 returns a key that authenticates as the new user, sealed at rest', async () => {
    const appId = { OwnerUin: root, AppId: t.config.root.appId };
    expect(appId.AppId).toBe(1300000777); // this file's ROOT_APP_ID
    expect(await cam.GetUserAppId()).toMatchObject({ Uin: root, ...appId });
    const u = await userWithKey();
    expect(u.res.SecretId).toMatch(/^AKID[A-Za-z0-9]{32}$/);
    expect(u.res.SecretKey).toHaveLength(32);
    expect(await u.client.GetUserAppId()).toMatchObject({ Uin: String(u.uin), ...appId });
    const [row] = await db.query(
      'SELECT uin, secret_key_enc FROM access_keys WHERE secret_id = $1',
      [u.secretId],
    );
    expect(row.uin).toBe(String(u.uin));
    expect(row.secret_key_enc).not.toContain(u.res.SecretKey);
  });

  it('ConsoleLogin 1 without Password generates a 32-character password; passwords are hashed', async () => {
    const u = await newUser({ ConsoleLogin: 1 });
    const password = u.res.Password!;
    expect(password).toHaveLength(32);
    for (const kind of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(password).toMatch(kind);
    expect((await cam.GetUser({ Name: u.name })).ConsoleLogin).toBe(1);

    const given = await newUser({ ConsoleLogin: 1, Password: 'Str0ng#Passw0rd' });
    expect(given.res.Password).toBe('');
    const rows = await db.query('SELECT password_hash FROM cam_users WHERE uin = ANY($1)', [
      [String(u.uin), String(given.uin)],
    ]);
    expect(rows).toHaveLength(2);
    for (const { password_hash } of rows) {
      expect(password_hash).toMatch(/^scrypt\$/);
      expect(password_hash).not.toContain(password);
      expect(password_hash).not.toContain('Str0ng#Passw0rd');
    }
  });

  it.each([
    'Sh0rt!a',
    'alllowercase1!',
    'NoDigitsHere!!',
    'NoSymbol11aaBB',
    `${'x'.repeat(33)}A1!`,
  ])('a weak console password %j is InvalidParameter.PasswordViolatedRules', async (password) => {
    const name = uniqueName('u');
    await expectCode('InvalidParameter.PasswordViolatedRules', () =>
      cam.AddUser({ Name: name, ConsoleLogin: 1, Password: password }),
    );
    await expectCode('ResourceNotFound.UserNotExist', () => cam.GetUser({ Name: name }));
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'a'.repeat(65)],
    ['a space', 'has space'],
    ['a slash', 'a/b'],
  ])('a name that is %s is InvalidParameter.UserNameIllegal', async (_what, name) => {
    await expectCode('InvalidParameter.UserNameIllegal', () => cam.AddUser({ Name: name }));
  });

  it('a taken name is InvalidParameter.SubUserNameInUse; of 10 parallel adds exactly 1 wins', async () => {
    const { name } = await newUser();
    await expectCode('InvalidParameter.SubUserNameInUse', () => cam.AddUser({ Name: name }));

    const contested = uniqueName('race');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => cam.AddUser({ Name: contested })),
    );
    expect(outcome(results)).toEqual({
      ok: 1,
      codes: Array(9).fill('InvalidParameter.SubUserNameInUse'),
    });
    expect((await cam.ListUsers()).Data!.filter((u) => u.Name === contested)).toHaveLength(1);
  });

  it('UpdateUser changes the remark and keeps the rest', async () => {
    const u = await newUser({ Remark: 'before', Email: 'a@example.com', ConsoleLogin: 1 });
    const hash = async () =>
      (await db.query('SELECT password_hash FROM cam_users WHERE uin = $1', [String(u.uin)]))[0]
        .password_hash as string;
    const hashBefore = await hash();
    await cam.UpdateUser({ Name: u.name, Remark: 'after' });
    expect(await cam.GetUser({ Name: u.name })).toMatchObject({
      Uin: u.uin,
      Uid: u.uid,
      Remark: 'after',
      Email: 'a@example.com',
      ConsoleLogin: 1,
    });
    expect(await hash()).toBe(hashBefore);
  });

  it('a Password without console login is refused, not silently dropped', async () => {
    await expectCode(
      'InvalidParameter.ParamError',
      () => cam.AddUser({ Name: uniqueName('nopw'), Password: 'Str0ng#Passw0rd' }),
      async () => {
        const u = await newUser();
        return cam.UpdateUser({ Name: u.name, Password: 'Str0ng#Passw0rd' });
      },
    );
    const u = await newUser();
    await cam.UpdateUser({ Name: u.name, ConsoleLogin: 1, Password: 'Str0ng#Passw0rd' });
    expect((await cam.GetUser({ Name: u.name })).ConsoleLogin).toBe(1);
  });

  it('DeleteUser keeps a user with keys (OperationDenied.HaveKeys); Force 1 kills its key at once', async () => {
    const u = await userWithKey();
    await expectCode('OperationDenied.HaveKeys', () => cam.DeleteUser({ Name: u.name }));
    expect(await whoAmI(u.client)).toBe(String(u.uin));

    await cam.DeleteUser({ Name: u.name, Force: 1 });
    await expectCode('AuthFailure.SecretIdNotFound', () => u.client.GetUserAppId());
    await expectCode('ResourceNotFound.UserNotExist', () => cam.GetUser({ Name: u.name }));
    const keys = await db.query('SELECT 1 FROM access_keys WHERE uin = $1', [String(u.uin)]);
    expect(keys).toEqual([]);

    const plain = await newUser();
    await cam.DeleteUser({ Name: plain.name }); // no keys: no Force needed
    expect((await cam.ListUsers()).Data!.some((x) => x.Uin === plain.uin)).toBe(false);
  });
});

describe('user groups', () => {
  it('CreateGroup, GetGroup, UpdateGroup and DeleteGroup', async () => {
    const name = uniqueName('g');
    const GroupId = (await cam.CreateGroup({ GroupName: name, Remark: 'devs' })).GroupId!;
    expect(await cam.GetGroup({ GroupId })).toEqual({
      RequestId: expect.any(String),
      GroupId,
      GroupName: name,
      GroupNum: 0,
      Remark: 'devs',
      CreateTime: expect.stringMatching(TIME),
      UserInfo: [],
    });

    const renamed = uniqueName('g2');
    await cam.UpdateGroup({ GroupId, GroupName: renamed });
    expect(await cam.GetGroup({ GroupId })).toMatchObject({ GroupName: renamed, Remark: 'devs' });
    await cam.UpdateGroup({ GroupId, Remark: 'backend' });
    expect(await cam.GetGroup({ GroupId })).toMatchObject({
      GroupName: renamed,
      Remark: 'backend',
    });

    await cam.DeleteGroup({ GroupId });
    await expectCode('ResourceNotFound.GroupNotExist', () => cam.GetGroup({ GroupId }));
  });

  it('ListGroups filters by Keyword and pages with Page/Rp, counting TotalNum', async () => {
    const kw = uniqueName('kw');
    const ids: number[] = [];
    for (const suffix of ['a', 'b', 'c']) ids.push(await newGroup(`${kw}-${suffix}`));
    const page = (Page: number) => cam.ListGroups({ Keyword: kw, Page, Rp: 2 });

    const first = await page(1);
    expect(first.TotalNum).toBe(3);
    expect(first.GroupInfo!.map((g) => g.GroupId)).toEqual(ids.slice(0, 2));
    expect(first.GroupInfo![0]).toEqual({
      GroupId: ids[0],
      GroupName: `${kw}-a`,
      CreateTime: expect.stringMatching(TIME),
      Remark: '',
    });
    expect(await page(2)).toMatchObject({ TotalNum: 3, GroupInfo: [{ GroupId: ids[2] }] });
    expect(await page(3)).toMatchObject({ TotalNum: 3, GroupInfo: [] });
    expect(await cam.ListGroups({ Keyword: `${kw}-b` })).toMatchObject({
      TotalNum: 1,
      GroupInfo: [{ GroupId: ids[1] }],
    });
  });

  it('AddUserToGroup by Uid and by Uin; ListUsersForGroup and ListGroupsForUser agree', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const g = await newGroup();
    await cam.AddUserToGroup({ Info: [{ GroupId: g, Uid: a.uid }] });
    await cam.AddUserToGroup({ Info: [{ GroupId: g, Uin: b.uin }] });
    await cam.AddUserToGroup({ Info: [{ GroupId: g, Uin: a.uin }] }); // again: no change

    const members = await cam.ListUsersForGroup({ GroupId: g });
    expect(members.TotalNum).toBe(2);
    expect(members.UserInfo!.map((m) => [m.Uin, m.Uid, m.Name])).toEqual([
      [a.uin, a.uid, a.name],
      [b.uin, b.uid, b.name],
    ]);
    expect(members.UserInfo![0].CreateTime).toMatch(TIME);
    expect(await cam.GetGroup({ GroupId: g })).toMatchObject({ GroupNum: 2 });
    for (const req of [{ SubUin: b.uin }, { Uid: b.uid }])
      expect(await cam.ListGroupsForUser(req)).toMatchObject({
        TotalNum: 1,
        GroupInfo: [{ GroupId: g }],
      });

    await cam.RemoveUserFromGroup({ Info: [{ GroupId: g, Uid: a.uid }] });
    expect((await cam.ListUsersForGroup({ GroupId: g })).UserInfo!.map((m) => m.Uin)).toEqual([
      b.uin,
    ]);
    expect(await cam.ListGroupsForUser({ SubUin: a.uin })).toMatchObject({
      TotalNum: 0,
      GroupInfo: [],
    });
  });

  it('AddUserToGroup is all-or-nothing: one unknown user or group adds nobody', async () => {
    const u = await newUser();
    const [g, h] = [await newGroup(), await newGroup()];
    const add =
      (...Info: Array<{ GroupId: number; Uid?: number; Uin?: number }>) =>
      () =>
        cam.AddUserToGroup({ Info });
    await expectCode(
      'ResourceNotFound.UserNotExist',
      add({ GroupId: g, Uid: u.uid }, { GroupId: g, Uin: UNKNOWN_UIN }),
    );
    await expectCode(
      'ResourceNotFound.GroupNotExist',
      add({ GroupId: h, Uid: u.uid }, { GroupId: UNKNOWN_ID, Uid: u.uid }),
    );
    expect((await cam.ListUsersForGroup({ GroupId: g })).TotalNum).toBe(0);
    expect((await cam.ListGroupsForUser({ SubUin: u.uin })).TotalNum).toBe(0);
  });

  it('a user is in at most 10 groups (InvalidParameter.UserGroupFull)', async () => {
    const u = await newUser();
    const groups = await Promise.all(Array.from({ length: 11 }, () => newGroup()));
    const Info = groups.slice(0, 10).map((GroupId) => ({ GroupId, Uid: u.uid }));
    await cam.AddUserToGroup({ Info });
    await expectCode('InvalidParameter.UserGroupFull', () =>
      cam.AddUserToGroup({ Info: [{ GroupId: groups[10], Uin: u.uin }] }),
    );
    await cam.AddUserToGroup({ Info: [{ GroupId: groups[0], Uin: u.uin }] }); // already in: fine
    expect((await cam.ListGroupsForUser({ Uid: u.uid, Rp: 50 })).TotalNum).toBe(10);
  });

  it('12 parallel adds of one user leave exactly 10 memberships', async () => {
    const u = await newUser();
    const groups = await Promise.all(Array.from({ length: 12 }, () => newGroup()));
    const results = await Promise.allSettled(
      groups.map((GroupId) => cam.AddUserToGroup({ Info: [{ GroupId, Uin: u.uin }] })),
    );
    expect(outcome(results)).toEqual({
      ok: 10,
      codes: Array(2).fill('InvalidParameter.UserGroupFull'),
    });
    expect((await cam.ListGroupsForUser({ SubUin: u.uin, Rp: 50 })).GroupInfo).toHaveLength(10);
  });
});

describe('policies', () => {
  it('lists the four presets (Scope QCS); GetPolicy returns a parsable preset document', async () => {
    const qcs = await cam.ListPolicies({ Scope: 'QCS', Rp: 200 });
    expect(qcs.TotalNum).toBe(4);
    expect(qcs.List!.map((p) => [p.PolicyId, p.PolicyName, p.Type, p.CreateMode])).toEqual(
      PRESETS.map(([id, name]) => [id, name, 2, 2]),
    );
    expect(qcs.ServiceTypeList).toEqual(['tdmq']);
    expect((await cam.ListPolicies({ Rp: 4 })).List!.map((p) => p.PolicyId)).toEqual([1, 2, 3, 4]);

    const preset = await cam.GetPolicy({ PolicyId: 3 });
    expect(preset).toMatchObject({
      PolicyName: 'QcloudTDMQFullAccess',
      Type: 2,
      PresetAlias: 'QcloudTDMQFullAccess',
    });
    expect(JSON.parse(preset.PolicyDocument!)).toMatchObject({
      version: '2.0',
      statement: [{ effect: 'allow', action: ['tdmq:*'], resource: ['*'] }],
    });
  });

  it('CreatePolicy and GetPolicy round-trip the document', async () => {
    const document = JSON.stringify({
      version: '2.0',
      statement: [
        {
          effect: 'allow',
          action: ['tdmq:DescribeRocketMQClusters'],
          resource: [`qcs::tdmq:ap-guangzhou:uin/${root}:cluster/*`],
          condition: { ip_equal: { 'qcs:ip': ['10.0.0.0/8'] } },
        },
        { effect: 'deny', action: 'tdmq:Delete*', resource: '*' },
      ],
    });
    const name = uniqueName('p');
    const { PolicyId = 0 } = await cam.CreatePolicy({
      PolicyName: name,
      PolicyDocument: document,
      Description: 'read clusters',
      Tags: [{ Key: 'team', Value: 'payments' }],
    });
    expect(PolicyId).toBeGreaterThanOrEqual(100001);
    expect(await cam.GetPolicy({ PolicyId })).toEqual({
      RequestId: expect.any(String),
      PolicyName: name,
      Description: 'read clusters',
      Type: 1,
      AddTime: expect.stringMatching(TIME),
      UpdateTime: expect.stringMatching(TIME),
      PolicyDocument: document,
      PresetAlias: '',
      IsServiceLinkedRolePolicy: 0,
      Tags: [{ Key: 'team', Value: 'payments' }],
    });
  });

  it('ListPolicies with Scope Local and a Keyword (matching name or description)', async () => {
    const kw = uniqueName('kw');
    const a = await newPolicy(DOC, `${kw}-a`);
    const b = await newPolicy(DOC, uniqueName('p'), `mentions ${kw}`);
    const local = await cam.ListPolicies({ Scope: 'Local', Keyword: kw });
    expect(local.TotalNum).toBe(2);
    expect(local.List!.map((p) => [p.PolicyId, p.Type, p.CreateMode])).toEqual([
      [a.id, 1, 1],
      [b.id, 1, 1],
    ]);
    expect(local.List![0]).toMatchObject({
      PolicyName: a.name,
      AddTime: expect.stringMatching(TIME),
      Attachments: 0,
      IsAttached: 0,
      PermissionLevel: 'Custom',
    });
    expect((await cam.ListPolicies({ Scope: 'QCS', Keyword: kw })).TotalNum).toBe(0);
  });

  it('UpdatePolicy by id renames and replaces the document; by name it finds the policy', async () => {
    const p = await newPolicy();
    const renamed = uniqueName('p2');
    const denyAll = doc({ effect: 'deny', action: ['tdmq:*'], resource: ['*'] });
    expect(
      await cam.UpdatePolicy({ PolicyId: p.id, PolicyName: renamed, PolicyDocument: denyAll }),
    ).toMatchObject({ PolicyId: p.id });
    expect(await cam.GetPolicy({ PolicyId: p.id })).toMatchObject({
      PolicyName: renamed,
      PolicyDocument: denyAll,
    });

    const byName = await cam.UpdatePolicy({ PolicyName: renamed, Description: 'by name' });
    expect(byName.PolicyId).toBe(p.id);
    expect(await cam.GetPolicy({ PolicyId: p.id })).toMatchObject({
      PolicyName: renamed,
      Description: 'by name',
      PolicyDocument: denyAll,
    });
  });

  it('DeletePolicy deletes every listed policy, or none when one is unknown or preset', async () => {
    const [a, b, c] = [await newPolicy(), await newPolicy(), await newPolicy()];
    await cam.DeletePolicy({ PolicyId: [a.id, b.id] });
    await expectCode(
      'ResourceNotFound.PolicyIdNotFound',
      () => cam.GetPolicy({ PolicyId: a.id }),
      () => cam.GetPolicy({ PolicyId: b.id }),
      () => cam.DeletePolicy({ PolicyId: [c.id, UNKNOWN_ID] }),
    );
    await expectCode('InvalidParameter.PolicyIdError', () =>
      cam.DeletePolicy({ PolicyId: [c.id, 4] }),
    );
    expect((await cam.GetPolicy({ PolicyId: c.id })).PolicyName).toBe(c.name);
  });

  const statement = { effect: 'allow', action: ['tdmq:*'], resource: ['*'] };
  it.each([
    ['a bad effect', doc({ ...statement, effect: 'permit' }), 'statement[0].effect'],
    [
      'an unknown condition operator',
      doc({ ...statement, condition: { bogus_op: { 'qcs:ip': '10.0.0.1' } } }),
      'statement[0].condition.bogus_op',
    ],
    [
      'a lowercase API name',
      doc({ ...statement, action: ['tdmq:describe*'] }),
      'statement[0].action[0]',
    ],
    [
      'a malformed resource',
      doc({ ...statement, resource: ['*', 'qcs:tdmq:cluster'] }),
      'statement[0].resource[1]',
    ],
    ['version 1.0', JSON.stringify({ version: '1.0', statement: [statement] }), 'version'],
    ['no statement', JSON.stringify({ version: '2.0' }), 'statement'],
    ['text that is not JSON', '{"version": "2.0", statement', 'not valid JSON'],
  ])('a document with %s is InvalidParameter.PolicyDocumentError naming it', async (_w, d, at) => {
    const p = await newPolicy();
    for (const call of [
      () => cam.CreatePolicy({ PolicyName: uniqueName('p'), PolicyDocument: d }),
      () => cam.UpdatePolicy({ PolicyId: p.id, PolicyDocument: d }),
    ]) {
      const err = await sdkError(call());
      expect(err.code).toBe('InvalidParameter.PolicyDocumentError');
      expect(err.message).toContain(at);
    }
    expect((await cam.GetPolicy({ PolicyId: p.id })).PolicyDocument).toBe(DOC);
  });

  it('a document is limited to 4096 characters besides whitespace', async () => {
    await newPolicy(`${DOC}${' '.repeat(5000)}`); // whitespace does not count
    const long = doc({ ...statement, action: ['tdmq:*', `tdmq:${'A'.repeat(4096)}`] });
    const p = await newPolicy();
    await expectCode(
      'InvalidParameter.PolicyDocumentLengthOverLimit',
      () => cam.CreatePolicy({ PolicyName: uniqueName('p'), PolicyDocument: long }),
      () => cam.UpdatePolicy({ PolicyId: p.id, PolicyDocument: long }),
    );
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'p'.repeat(129)],
    ['a space', 'has space'],
    ['a slash', 'a/b'],
  ])('a policy name that is %s is InvalidParameter.PolicyNameError', async (_what, name) => {
    await expectCode('InvalidParameter.PolicyNameError', () =>
      cam.CreatePolicy({ PolicyName: name, PolicyDocument: DOC }),
    );
  });

  it('a description over 300 characters is InvalidParameter.DescriptionLengthOverlimit', async () => {
    const p = await newPolicy(DOC, uniqueName('p'), 'd'.repeat(300));
    const Description = 'd'.repeat(301);
    await expectCode(
      'InvalidParameter.DescriptionLengthOverlimit',
      () => cam.CreatePolicy({ PolicyName: uniqueName('p'), PolicyDocument: DOC, Description }),
      () => cam.UpdatePolicy({ PolicyId: p.id, Description }),
    );
  });
});

describe('attachments', () => {
  it('AttachUserPolicy, ListAttachedUserPolicies and DetachUserPolicy', async () => {
    const u = await newUser();
    const p = await newPolicy(DOC, uniqueName('p'), 'custom');
    await cam.AttachUserPolicy({ PolicyId: p.id, AttachUin: u.uin });
    await cam.AttachUserPolicy({ PolicyId: p.id, AttachUin: u.uin }); // again: no change
    await cam.AttachUserPolicy({ PolicyId: 4, AttachUin: u.uin });
    const listed = await cam.ListAttachedUserPolicies({ TargetUin: u.uin });
    expect(listed.TotalNum).toBe(2);
    expect(listed.List).toEqual([
      expect.objectContaining({
        PolicyId: p.id,
        PolicyName: p.name,
        AddTime: expect.stringMatching(TIME),
        CreateMode: 1,
        PolicyType: 'User',
        Remark: 'custom',
      }),
      expect.objectContaining({ PolicyId: 4, CreateMode: 2, PolicyType: 'QCS' }),
    ]);

    await cam.DetachUserPolicy({ PolicyId: p.id, DetachUin: u.uin });
    await cam.DetachUserPolicy({ PolicyId: p.id, DetachUin: u.uin }); // again: no change
    expect(await cam.ListAttachedUserPolicies({ TargetUin: u.uin })).toMatchObject({
      TotalNum: 1,
      List: [{ PolicyId: 4 }],
    });
  });

  it('group policies reach members: ListAttachedUserAllPolicies by AttachType', async () => {
    const u = await newUser();
    const groupName = uniqueName('g');
    const g = await newGroup(groupName);
    await cam.AddUserToGroup({ Info: [{ GroupId: g, Uin: u.uin }] });
    const [direct, viaGroup] = [await newPolicy(), await newPolicy()];
    await cam.AttachUserPolicy({ PolicyId: direct.id, AttachUin: u.uin });
    await cam.AttachUserPolicy({ PolicyId: 4, AttachUin: u.uin });
    await cam.AttachGroupPolicy({ PolicyId: viaGroup.id, AttachGroupId: g });
    await cam.AttachGroupPolicy({ PolicyId: 4, AttachGroupId: g });

    expect(await cam.ListAttachedGroupPolicies({ TargetGroupId: g })).toMatchObject({
      TotalNum: 2,
      List: [
        { PolicyId: viaGroup.id, PolicyType: 'User' },
        { PolicyId: 4, PolicyType: 'QCS' },
      ],
    });

    const ids = async (AttachType: number) =>
      (await allPolicies(u.uin, AttachType)).PolicyList!.map((p) => p.PolicyId);
    const group = [{ GroupId: g, GroupName: groupName }];
    const all = await allPolicies(u.uin, 0);
    expect(all.TotalNum).toBe(3);
    expect(all.PolicyList!.map((p) => [p.PolicyId, p.Groups])).toEqual([
      ['4', group],
      [String(direct.id), []],
      [String(viaGroup.id), group],
    ]);
    expect(all.PolicyList![1]).toMatchObject({
      PolicyName: direct.name,
      StrategyType: '1',
      CreateMode: '1',
      AddTime: expect.stringMatching(TIME),
    });
    expect(await ids(1)).toEqual(['4', String(direct.id)]);
    expect(await ids(2)).toEqual(['4', String(viaGroup.id)]);
    expect(await allPolicies(u.uin, 0, 2)).toMatchObject({
      TotalNum: 1,
      PolicyList: [{ PolicyId: '4' }],
    });
  });

  it('ListEntitiesForPolicy (EntityFilter) and the Attachments count of ListPolicies', async () => {
    const u = await newUser();
    const groupName = uniqueName('g');
    const g = await newGroup(groupName);
    const p = await newPolicy();
    await cam.AttachUserPolicy({ PolicyId: p.id, AttachUin: u.uin });
    await cam.AttachGroupPolicy({ PolicyId: p.id, AttachGroupId: g });

    const user = { Id: String(u.uin), Name: u.name, Uin: u.uin, RelatedType: 1 };
    const group = { Id: String(g), Name: groupName, Uin: 0, RelatedType: 2 };
    const entities = (EntityFilter?: string) =>
      cam.ListEntitiesForPolicy({ PolicyId: p.id, EntityFilter });
    const all = await entities();
    expect(all.TotalNum).toBe(2);
    expect(all.List).toEqual([
      { ...user, AttachmentTime: expect.stringMatching(TIME) },
      { ...group, AttachmentTime: expect.stringMatching(TIME) },
    ]);
    expect(await entities('User')).toMatchObject({ TotalNum: 1, List: [user] });
    expect(await entities('Group')).toMatchObject({ TotalNum: 1, List: [group] });

    expect((await cam.ListPolicies({ Scope: 'Local', Keyword: p.name })).List).toEqual([
      expect.objectContaining({
        PolicyId: p.id,
        Attachments: 2,
        IsAttached: 1,
        AttachEntityCount: 2,
      }),
    ]);
  });

  it('deleting a policy or a group removes their attachments', async () => {
    const [u, g, p, q] = [await newUser(), await newGroup(), await newPolicy(), await newPolicy()];
    await cam.AddUserToGroup({ Info: [{ GroupId: g, Uid: u.uid }] });
    await cam.AttachUserPolicy({ PolicyId: p.id, AttachUin: u.uin });
    await cam.AttachGroupPolicy({ PolicyId: p.id, AttachGroupId: g });
    await cam.AttachGroupPolicy({ PolicyId: q.id, AttachGroupId: g });
    expect((await allPolicies(u.uin, 0)).TotalNum).toBe(2);

    await cam.DeletePolicy({ PolicyId: [p.id] });
    expect((await cam.ListAttachedUserPolicies({ TargetUin: u.uin })).TotalNum).toBe(0);
    expect(await cam.ListAttachedGroupPolicies({ TargetGroupId: g })).toMatchObject({
      TotalNum: 1,
      List: [{ PolicyId: q.id }],
    });
    const rows = await db.query(
      `SELECT policy_id FROM cam_user_policies WHERE policy_id = $1
       UNION ALL SELECT policy_id FROM cam_group_policies WHERE policy_id = $1`,
      [p.id],
    );
    expect(rows).toEqual([]);

    await cam.DeleteGroup({ GroupId: g });
    expect((await cam.ListEntitiesForPolicy({ PolicyId: q.id })).TotalNum).toBe(0);
    expect((await allPolicies(u.uin, 0)).TotalNum).toBe(0);
  });
});

describe('access keys', () => {
  it('CreateAccessKey shows the SecretKey once, ListAccessKeys never; a third key is refused', async () => {
    const u = await userWithKey();
    const { AccessKey } = await cam.CreateAccessKey({ TargetUin: u.uin, Description: 'CI' });
    expect(AccessKey).toEqual({
      AccessKeyId: expect.stringMatching(/^AKID/),
      SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      Status: 'Active',
      CreateTime: expect.stringMatching(TIME),
      Description: 'CI',
    });
    const { AccessKeyId, SecretAccessKey, CreateTime } = AccessKey!;
    expect(await whoAmI(camClient(t, { secretId: AccessKeyId, secretKey: SecretAccessKey }))).toBe(
      String(u.uin),
    );

    const { AccessKeys } = await cam.ListAccessKeys({ TargetUin: u.uin });
    expect(AccessKeys).toEqual([
      {
        AccessKeyId: u.secretId,
        Status: 'Active',
        CreateTime: expect.stringMatching(TIME),
        Description: '',
      },
      { AccessKeyId, Status: 'Active', CreateTime, Description: 'CI' },
    ]);
    expect(JSON.stringify(AccessKeys)).not.toContain(SecretAccessKey);

    await expectCode('OperationDenied.AccessKeyOverLimit', () =>
      cam.CreateAccessKey({ TargetUin: u.uin }),
    );
  });

  it('5 parallel creates for a user with no keys yield exactly 2', async () => {
    const u = await newUser();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => cam.CreateAccessKey({ TargetUin: u.uin })),
    );
    expect(outcome(results)).toEqual({
      ok: 2,
      codes: Array(3).fill('OperationDenied.AccessKeyOverLimit'),
    });
    expect((await cam.ListAccessKeys({ TargetUin: u.uin })).AccessKeys).toHaveLength(2);
  });

  it('an Inactive or deleted key is refused on the very next call', async () => {
    const u = await userWithKey();
    const set = (Status: string) =>
      cam.UpdateAccessKey({ AccessKeyId: u.secretId, Status, TargetUin: u.uin });
    expect(await whoAmI(u.client)).toBe(String(u.uin));
    await set('Inactive');
    await expectCode('AuthFailure.SecretIdNotFound', () => u.client.GetUserAppId());
    expect((await cam.ListAccessKeys({ TargetUin: u.uin })).AccessKeys).toMatchObject([
      { AccessKeyId: u.secretId, Status: 'Inactive' },
    ]);
    await set('Active');
    expect(await whoAmI(u.client)).toBe(String(u.uin));

    await cam.DeleteAccessKey({ AccessKeyId: u.secretId, TargetUin: u.uin });
    await expectCode('AuthFailure.SecretIdNotFound', () => u.client.GetUserAppId());
    expect((await cam.ListAccessKeys({ TargetUin: u.uin })).AccessKeys).toEqual([]);
  });

  it('a sub-user manages its own keys; the root lists its configured key first', async () => {
    const admin = await userWithKey(1);
    const own = await admin.client.CreateAccessKey({});
    expect((await admin.client.ListAccessKeys({})).AccessKeys!.map((k) => k.AccessKeyId)).toEqual([
      admin.secretId,
      own.AccessKey!.AccessKeyId,
    ]);
    expect((await cam.ListAccessKeys({})).AccessKeys![0].AccessKeyId).toBe(ROOT_SECRET_ID);
  });
});

describe('refusals (unknown ids, presets, taken names, other users’ keys)', () => {
  const fixture = async () => {
    const groupName = uniqueName('g');
    return {
      user: await userWithKey(),
      other: await newUser(),
      admin: (await userWithKey(1)).client,
      groupName,
      group: await newGroup(groupName),
      group2: await newGroup(),
      policy: await newPolicy(),
      policy2: await newPolicy(),
    };
  };
  let f: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    f = await fixture();
  });

  const NOBODY = 'nobody-of-this-account';
  const NO_KEY = 'AKIDnoSuchKey000000000000000000000000';
  const [G, P] = [UNKNOWN_ID, UNKNOWN_ID];
  /** Calls that fail with a code and change nothing, by code. */
  const FAULTS: Record<string, Record<string, () => Promise<unknown>>> = {
    'ResourceNotFound.UserNotExist': {
      'GetUser of an unknown name': () => cam.GetUser({ Name: NOBODY }),
      'UpdateUser of an unknown name': () => cam.UpdateUser({ Name: NOBODY, Remark: 'x' }),
      'DeleteUser of an unknown name': () => cam.DeleteUser({ Name: NOBODY, Force: 1 }),
      'ListGroupsForUser of an unknown uin': () => cam.ListGroupsForUser({ SubUin: UNKNOWN_UIN }),
      'AttachUserPolicy to an unknown uin': () =>
        cam.AttachUserPolicy({ PolicyId: f.policy.id, AttachUin: UNKNOWN_UIN }),
      ListAttachedUserPolicies: () => cam.ListAttachedUserPolicies({ TargetUin: UNKNOWN_UIN }),
      CreateAccessKey: () => cam.CreateAccessKey({ TargetUin: UNKNOWN_UIN }),
      ListAccessKeys: () => cam.ListAccessKeys({ TargetUin: UNKNOWN_UIN }),
    },
    'InvalidParameter.UserUinAndUinNotAllNull': {
      AddUserToGroup: () => cam.AddUserToGroup({ Info: [{ GroupId: f.group }] }),
      RemoveUserFromGroup: () => cam.RemoveUserFromGroup({ Info: [{ GroupId: f.group }] }),
      ListGroupsForUser: () => cam.ListGroupsForUser({}),
    },
    'ResourceNotFound.GroupNotExist': {
      GetGroup: () => cam.GetGroup({ GroupId: G }),
      UpdateGroup: () => cam.UpdateGroup({ GroupId: G, Remark: 'x' }),
      DeleteGroup: () => cam.DeleteGroup({ GroupId: G }),
      ListUsersForGroup: () => cam.ListUsersForGroup({ GroupId: G }),
      ListAttachedGroupPolicies: () => cam.ListAttachedGroupPolicies({ TargetGroupId: G }),
      AttachGroupPolicy: () => cam.AttachGroupPolicy({ PolicyId: 4, AttachGroupId: G }),
    },
    'InvalidParameter.GroupNameInUse': {
      'CreateGroup with a taken name': () => cam.CreateGroup({ GroupName: f.groupName }),
      'UpdateGroup to a taken name': () =>
        cam.UpdateGroup({ GroupId: f.group2, GroupName: f.groupName }),
    },
    'InvalidParameter.GroupNameError': {
      'CreateGroup with a space in the name': () => cam.CreateGroup({ GroupName: 'a b' }),
    },
    'ResourceNotFound.PolicyIdNotFound': {
      GetPolicy: () => cam.GetPolicy({ PolicyId: P }),
      ListEntitiesForPolicy: () => cam.ListEntitiesForPolicy({ PolicyId: P }),
      AttachUserPolicy: () => cam.AttachUserPolicy({ PolicyId: P, AttachUin: f.other.uin }),
      AttachGroupPolicy: () => cam.AttachGroupPolicy({ PolicyId: P, AttachGroupId: f.group }),
    },
    'InvalidParameter.PolicyIdError': {
      'UpdatePolicy of preset 1': () => cam.UpdatePolicy({ PolicyId: 1, Description: 'x' }),
      'UpdatePolicy of a preset by name': () =>
        cam.UpdatePolicy({ PolicyName: 'ReadOnlyAccess', Description: 'x' }),
      'DeletePolicy of preset 3': () => cam.DeletePolicy({ PolicyId: [3] }),
    },
    'FailedOperation.PolicyNameInUse': {
      'CreatePolicy with a preset name': () =>
        cam.CreatePolicy({ PolicyName: 'AdministratorAccess', PolicyDocument: DOC }),
      'CreatePolicy with a taken name': () =>
        cam.CreatePolicy({ PolicyName: f.policy.name, PolicyDocument: DOC }),
      'UpdatePolicy to a taken name': () =>
        cam.UpdatePolicy({ PolicyId: f.policy2.id, PolicyName: f.policy.name }),
      'UpdatePolicy to a preset name': () =>
        cam.UpdatePolicy({ PolicyId: f.policy.id, PolicyName: 'QcloudTDMQReadOnlyAccess' }),
    },
    'InvalidParameter.UinError': {
      'AttachUserPolicy to the root uin': () =>
        cam.AttachUserPolicy({ PolicyId: f.policy.id, AttachUin: Number(root) }),
    },
    'OperationDenied.UinNotMatch': {
      'UpdateAccessKey naming another user': () =>
        cam.UpdateAccessKey({
          AccessKeyId: f.user.secretId,
          Status: 'Inactive',
          TargetUin: f.other.uin,
        }),
      'DeleteAccessKey naming another user': () =>
        cam.DeleteAccessKey({ AccessKeyId: f.user.secretId, TargetUin: f.other.uin }),
    },
    'ResourceNotFound.SecretNotExist': {
      UpdateAccessKey: () =>
        cam.UpdateAccessKey({ AccessKeyId: NO_KEY, Status: 'Inactive', TargetUin: f.user.uin }),
      DeleteAccessKey: () => cam.DeleteAccessKey({ AccessKeyId: NO_KEY, TargetUin: f.user.uin }),
    },
    'OperationDenied.SubUin': {
      'CreateAccessKey by an administrator sub-user for the root': () =>
        f.admin.CreateAccessKey({ TargetUin: Number(root) }),
      'ListAccessKeys by an administrator sub-user for the root': () =>
        f.admin.ListAccessKeys({ TargetUin: Number(root) }),
    },
  };
  it.each(
    Object.entries(FAULTS).flatMap(([code, calls]) =>
      Object.entries(calls).map(([what, call]) => [what, code, call] as const),
    ),
  )('%s → %s', async (_what, code, call) => {
    await expectCode(code, call);
  });

  it('the refused calls changed nothing', async () => {
    expect(await whoAmI(f.user.client)).toBe(String(f.user.uin));
    expect((await cam.GetPolicy({ PolicyId: 1 })).Description).not.toBe('x');
    for (const p of [f.policy, f.policy2])
      expect((await cam.GetPolicy({ PolicyId: p.id })).PolicyName).toBe(p.name);
    expect((await cam.GetGroup({ GroupId: f.group2 })).GroupName).not.toBe(f.groupName);
  });
});

describe('GetAccountSummary', () => {
  it('counts change as users, groups, memberships and policies are added', async () => {
    const before = await cam.GetAccountSummary();
    const [a] = [await newUser(), await newUser()];
    const g = await newGroup();
    await cam.AddUserToGroup({ Info: [{ GroupId: g, Uin: a.uin }] });
    await newPolicy();
    const after = await cam.GetAccountSummary();
    expect({
      User: after.User! - before.User!,
      Group: after.Group! - before.Group!,
      Member: after.Member! - before.Member!,
      Policies: after.Policies! - before.Policies!,
    }).toEqual({ User: 2, Group: 1, Member: 1, Policies: 1 });
    expect(after).toMatchObject({ Roles: 0, Idps: 0, IdentityProviders: 0 });
  });
});
