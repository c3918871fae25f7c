import { createHmac } from 'node:crypto';
import {
  canonicalRequest,
  sha256Hex,
  stringToSign,
  tc3Signature,
  utcDate,
} from '../../src/gateway/signature/tc3.js';
import {
  ROOT_SECRET_ID,
  ROOT_SECRET_KEY,
  startTestApp,
  uniqueName,
  type TestApp,
} from '../support/app.js';
import { rawCall } from '../support/raw.js';
import { sdkError, tdmqClient } from '../support/sdk.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('TC3-HMAC-SHA256 verification', () => {
  it('accepts a correctly signed request and answers with the envelope', async () => {
    const r = await rawCall(t, { body: '{"Offset":0,"Limit":1}' });
    expect(r.status).toBe(200);
    expect(r.json.Response.Error).toBeUndefined();
    expect(r.json.Response.RequestId).toMatch(UUID);
    expect(r.json.Response.TotalCount).toEqual(expect.any(Number));
  });

  it('takes the service from the credential scope, whatever it is (the SDK signs "127" against 127.0.0.1)', async () => {
    for (const service of ['127', 'tdmq', 'anything']) {
      const r = await rawCall(t, { service, body: '{"Offset":0,"Limit":1}' });
      expect(r.json.Response.Error).toBeUndefined();
    }
  });

  const faults: Array<[string, Parameters<typeof rawCall>[1], string]> = [
    [
      'no Authorization header',
      { headers: { Authorization: undefined } },
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'another scheme',
      { mutateAuthorization: () => 'Bearer abc' },
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a credential scope without tc3_request',
      { mutateAuthorization: (a) => a.replace('/tc3_request', '/v4_request') },
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'SignedHeaders without host',
      {
        mutateAuthorization: (a) =>
          a.replace('SignedHeaders=content-type;host', 'SignedHeaders=content-type'),
      },
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a signature that is not hex',
      { mutateAuthorization: (a) => a.replace(/Signature=\w+/, 'Signature=zz') },
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a timestamp that is not a number',
      { headers: { 'X-TC-Timestamp': 'yesterday' } },
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a timestamp 301 s old',
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
      'AuthFailure.SignatureExpire',
    ],
    [
      'a timestamp 330 s ahead',
      { timestamp: Math.floor(Date.now() / 1000) + 330 },
      'AuthFailure.SignatureExpire',
    ],
    [
      'an unknown SecretId',
      { secretId: 'AKIDnobodyHasThisKey000000000000000' },
      'AuthFailure.SecretIdNotFound',
    ],
    [
      'a wrong SecretKey',
      { secretKey: 'wrong-secret-key-0000000000000000' },
      'AuthFailure.SignatureFailure',
    ],
    [
      'a scope date other than the timestamp’s UTC date',
      { mutateAuthorization: (a) => a.replace(/\/\d{4}-\d{2}-\d{2}\//, '/2001-01-01/') },
      'AuthFailure.SignatureFailure',
    ],
    [
      'a temporary-credential token',
      { headers: { 'X-TC-Token': 'sts-token' } },
      'AuthFailure.TokenFailure',
    ],
    [
      'a SecretKey sent in clear',
      { headers: { 'X-TC-SecretKey': ROOT_SECRET_KEY } },
      'AuthFailure.InvalidAuthorization',
    ],
  ];
  it.each(faults)('refuses %s', async (_name, call, code) => {
    const r = await rawCall(t, call);
    expect(r.status).toBe(200);
    expect(r.json.Response.Error?.Code).toBe(code);
    expect(r.json.Response.RequestId).toMatch(UUID);
  });

  it('accepts a timestamp 290 s old (inside the ±300 s window)', async () => {
    const r = await rawCall(t, {
      timestamp: Math.floor(Date.now() / 1000) - 290,
      body: '{"Offset":0,"Limit":1}',
    });
    expect(r.json.Response.Error).toBeUndefined();
  });

  it('refuses a body changed after signing', async () => {
    const r = await rawCall(t, {
      body: '{"Offset":0,"Limit":2}',
      signedBody: '{"Offset":0,"Limit":1}',
    });
    expect(r.json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('rebuilds canonical headers from SignedHeaders (clients that sign more headers) and accepts the host with its port', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const date = utcDate(ts);
    const body = '{"Offset":0,"Limit":1}';
    // Signed as Tencent's guide says: names and values lower-cased; the Host with its port.
    const headers = {
      'content-type': 'application/json',
      host: `127.0.0.1:${t.port}`,
      'x-tc-action': 'describerocketmqclusters',
    };
    const signed = ['content-type', 'host', 'x-tc-action'];
    const canonical = canonicalRequest({
      method: 'POST',
      path: '/',
      query: '',
      headers,
      signedHeaders: signed,
      payloadHash: sha256Hex(body),
    });
    const sig = tc3Signature(
      ROOT_SECRET_KEY,
      date,
      'tdmq',
      stringToSign(ts, date, 'tdmq', canonical),
    );
    const send = (action: string) =>
      fetch(`${t.url}/`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-TC-Action': action,
          'X-TC-Version': '2020-02-17',
          'X-TC-Timestamp': String(ts),
          Authorization: `TC3-HMAC-SHA256 Credential=${ROOT_SECRET_ID}/${date}/tdmq/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=${sig}`,
        },
        body,
      }).then(
        (r) => r.json() as Promise<{ Response: { Error?: { Code: string }; TotalCount?: number } }>,
      );
    expect((await send('DescribeRocketMQClusters')).Response.TotalCount).toEqual(
      expect.any(Number),
    );
    // The signed header covers the action: another action is another signature.
    expect((await send('DeleteRocketMQCluster')).Response.Error?.Code).toBe(
      'AuthFailure.SignatureFailure',
    );
  });
});

describe('routing and parameters', () => {
  const cases: Array<[string, Parameters<typeof rawCall>[1], string]> = [
    ['a missing X-TC-Action', { headers: { 'X-TC-Action': undefined } }, 'MissingParameter'],
    ['a missing X-TC-Version', { headers: { 'X-TC-Version': undefined } }, 'MissingParameter'],
    ['a missing X-TC-Timestamp', { headers: { 'X-TC-Timestamp': undefined } }, 'MissingParameter'],
    ['an unknown version', { version: '2099-01-01' }, 'NoSuchVersion'],
    ['an unknown action', { action: 'DescribeRocketMQUnicorns' }, 'InvalidAction'],
    ['an unknown region', { region: 'mars-north-1' }, 'UnsupportedRegion'],
    ['unparsable JSON', { body: '{"Offset":0,' }, 'InvalidParameter'],
    ['a JSON array instead of an object', { body: '[1,2]' }, 'InvalidParameter'],
    [
      'an unsupported content type',
      { contentType: 'text/plain', body: 'Offset=0' },
      'InvalidParameter',
    ],
    [
      'a parameter the action does not define',
      { body: '{"Offset":0,"Limit":1,"Colour":"red"}' },
      'UnknownParameter',
    ],
    [
      'a __proto__ key',
      { body: '{"Offset":0,"Limit":1,"__proto__":{"admin":true}}' },
      'UnknownParameter',
    ],
    [
      'a string where an integer is declared',
      { body: '{"Offset":"0","Limit":1}' },
      'InvalidParameter',
    ],
    ['a fractional Limit', { body: '{"Offset":0,"Limit":1.5}' }, 'InvalidParameter'],
    ['a Limit over 100', { body: '{"Offset":0,"Limit":101}' }, 'InvalidParameterValue'],
    ['a negative Offset', { body: '{"Offset":-1,"Limit":1}' }, 'InvalidParameterValue'],
    ['a missing required Offset', { body: '{"Limit":1}' }, 'MissingParameter'],
    [
      'an array of the wrong item type',
      { body: '{"Offset":0,"Limit":1,"ClusterIdList":[1]}' },
      'InvalidParameter',
    ],
    [
      'a nested field the type does not define',
      { body: '{"Offset":0,"Limit":1,"Filters":[{"Name":"tag:a","Colour":"x"}]}' },
      'UnknownParameter',
    ],
    [
      'a nested item that is not an object',
      { body: '{"Offset":0,"Limit":1,"Filters":["tag:a"]}' },
      'InvalidParameter',
    ],
  ];
  it.each(cases)('answers %s with its code', async (_name, call, code) => {
    const r = await rawCall(t, call);
    expect(r.status).toBe(200);
    expect(r.json.Response.Error?.Code).toBe(code);
    expect(r.json.Response.Error?.Message).toEqual(expect.any(String));
    expect(JSON.stringify(r.json)).not.toMatch(/\bat [\w.]+ \(|node_modules/); // no stack traces
  });

  it('names the faulty parameter by its path', async () => {
    const r = await rawCall(t, {
      action: 'CreateRocketMQCluster',
      body: '{"Name":"abc","TagList":[{"TagKey":"k","TagValue":"v","Extra":1}]}',
    });
    expect(r.json.Response.Error).toEqual({
      Code: 'UnknownParameter',
      Message: expect.stringContaining('TagList.0.Extra'),
    });
  });

  it('treats null as absent for optional parameters (curl users send them)', async () => {
    const r = await rawCall(t, { body: '{"Offset":0,"Limit":1,"NameKeyword":null}' });
    expect(r.json.Response.Error).toBeUndefined();
  });

  it('answers a body over 10 MB with InvalidParameter and HTTP 200, and the service stays up', async () => {
    const big = `{"Offset":0,"Limit":1,"NameKeyword":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    const r = await rawCall(t, { body: big });
    expect(r.status).toBe(200);
    expect(r.json.Response.Error?.Code).toBe('InvalidParameter');
    expect(r.json.Response.Error?.Message).toMatch(/10 MB/);
    expect(
      (await rawCall(t, { body: '{"Offset":0,"Limit":1}' })).json.Response.Error,
    ).toBeUndefined();
  });

  it('answers an unsigned GET / with the envelope too', async () => {
    const res = await fetch(`${t.url}/?Action=DescribeRocketMQClusters`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { Response: { Error: { Code: string } } };
    expect(body.Response.Error.Code).toBe('AuthFailure.InvalidAuthorization');
  });

  it('echoes X-TC-TraceId, which the SDK puts into its exception', async () => {
    const r = await rawCall(t, { headers: { 'X-TC-TraceId': 'trace-123' }, action: 'Nope' });
    expect(r.headers.get('x-tc-traceid')).toBe('trace-123');
    const e = await sdkError(
      tdmqClient(t).DescribeRocketMQCluster({ ClusterId: 'rocketmq-doesnotexist' }),
    );
    expect(e.code).toBe('ResourceNotFound.Cluster');
    expect(e.requestId).toMatch(UUID);
    expect(e.traceId).toMatch(UUID);
  });
});

describe('per-action routes (what Swagger UI calls)', () => {
  const path = '/api/tdmq/2020-02-17/DescribeRocketMQClusters';

  it('accept a request signed over their path, without X-TC-Action/X-TC-Version', async () => {
    const r = await rawCall(t, {
      path,
      body: '{"Offset":0,"Limit":1}',
      headers: { 'X-TC-Action': undefined, 'X-TC-Version': undefined },
    });
    expect(r.json.Response.Error).toBeUndefined();
    expect(r.json.Response.TotalCount).toEqual(expect.any(Number));
  });

  it('refuse an X-TC-Action that contradicts the path', async () => {
    const r = await rawCall(t, { path, action: 'DeleteRocketMQCluster' });
    expect(r.json.Response.Error?.Code).toBe('InvalidParameter');
  });

  it('refuse a path whose service does not own the action', async () => {
    const r = await rawCall(t, {
      path: '/api/cam/2020-02-17/DescribeRocketMQClusters',
      headers: { 'X-TC-Action': undefined },
      body: '{"Offset":0,"Limit":1}',
    });
    expect(r.json.Response.Error?.Code).toBe('InvalidAction');
  });

  it('do not accept a signature made for another path', async () => {
    const r = await rawCall(t, {
      path,
      signedPath: '/',
      body: '{"Offset":0,"Limit":1}',
      headers: { 'X-TC-Action': undefined, 'X-TC-Version': undefined },
    });
    expect(r.json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });
});

describe('every signing mode of the official SDK', () => {
  const modes = [
    { name: 'TC3 POST (JSON)', signMethod: 'TC3-HMAC-SHA256' as const, reqMethod: 'POST' as const },
    { name: 'TC3 GET (query)', signMethod: 'TC3-HMAC-SHA256' as const, reqMethod: 'GET' as const },
    {
      name: 'HmacSHA256 POST (form)',
      signMethod: 'HmacSHA256' as const,
      reqMethod: 'POST' as const,
    },
    { name: 'HmacSHA1 POST (form)', signMethod: 'HmacSHA1' as const, reqMethod: 'POST' as const },
    {
      name: 'HmacSHA256 GET (query)',
      signMethod: 'HmacSHA256' as const,
      reqMethod: 'GET' as const,
    },
  ];

  it.each(modes)(
    '$name: creates, reads back with typed parameters, and reports errors',
    async ({ signMethod, reqMethod }) => {
      const client = tdmqClient(t, { signMethod, reqMethod });
      const name = uniqueName('mode');
      const { ClusterId } = await client.CreateRocketMQCluster({
        Name: name,
        Remark: 'a remark with spaces & symbols=+',
        TagList: [{ TagKey: 'mode', TagValue: 'x' }],
      });
      const list = await client.DescribeRocketMQClusters({
        Offset: 0,
        Limit: 5,
        ClusterIdList: [ClusterId!],
        IsTagFilter: true,
        Filters: [{ Name: 'tag:mode', Values: ['x'] }],
      });
      expect(list.TotalCount).toBe(1);
      expect(list.ClusterList![0].Info.ClusterName).toBe(name);
      expect(list.ClusterList![0].Info.Remark).toBe('a remark with spaces & symbols=+');
      await client.ModifyRocketMQCluster({ ClusterId: ClusterId!, PublicAccessEnabled: false });
      const one = await client.DescribeRocketMQCluster({ ClusterId: ClusterId! });
      expect(one.ClusterInfo!.HttpPublicEndpoint).toBeNull();
      expect(
        (await sdkError(client.DescribeRocketMQClusters({ Offset: 0, Limit: 101 }))).code,
      ).toBe('InvalidParameterValue');
      expect(
        (
          await sdkError(
            client.request('DescribeRocketMQClusters', { Offset: 0, Limit: 1, Colour: 'red' }),
          )
        ).code,
      ).toBe('UnknownParameter');
      await client.DeleteRocketMQCluster({ ClusterId: ClusterId! });
    },
  );

  it('refuses a legacy signature made with the wrong key', async () => {
    const e = await sdkError(
      tdmqClient(t, {
        signMethod: 'HmacSHA256',
        secretKey: 'wrong-secret-key-0000000000000000',
      }).DescribeRocketMQClusters({ Offset: 0, Limit: 1 }),
    );
    expect(e.code).toBe('AuthFailure.SignatureFailure');
  });

  it('refuses a legacy request with an expired timestamp and one missing its Nonce', async () => {
    const params: Record<string, string> = {
      Action: 'DescribeRocketMQClusters',
      Version: '2020-02-17',
      Timestamp: String(Math.floor(Date.now() / 1000) - 1000),
      Nonce: '42',
      SecretId: ROOT_SECRET_ID,
      SignatureMethod: 'HmacSHA256',
      Offset: '0',
      Limit: '1',
    };
    const sign = (p: Record<string, string>) =>
      createHmac('sha256', ROOT_SECRET_KEY)
        .update(
          `POST127.0.0.1:${t.port}/?${Object.keys(p)
            .sort()
            .map((k) => `${k}=${p[k]}`)
            .join('&')}`,
        )
        .digest('base64');
    const post = async (p: Record<string, string>) => {
      const res = await fetch(`${t.url}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...p, Signature: sign(p) }).toString(),
      });
      return ((await res.json()) as { Response: { Error?: { Code: string } } }).Response.Error
        ?.Code;
    };
    expect(await post(params)).toBe('AuthFailure.SignatureExpire');
    const { Nonce: _n, ...noNonce } = {
      ...params,
      Timestamp: String(Math.floor(Date.now() / 1000)),
    };
    expect(await post(noNonce)).toBe('MissingParameter');
    expect(
      await post({ ...params, Timestamp: String(Math.floor(Date.now() / 1000)) }),
    ).toBeUndefined();
  });
});

describe('regions', () => {
  it('puts resources in the request region, defaults to ap-guangzhou, and hides them from other regions', async () => {
    const shanghai = tdmqClient(t, { region: 'ap-shanghai' });
    const guangzhou = tdmqClient(t, { region: 'ap-guangzhou' });
    const name = uniqueName('region');
    const { ClusterId } = await shanghai.CreateRocketMQCluster({ Name: name });
    const inShanghai = await shanghai.DescribeRocketMQCluster({ ClusterId: ClusterId! });
    expect(inShanghai.ClusterInfo!.Region).toBe('ap-shanghai');
    expect(
      (await sdkError(guangzhou.DescribeRocketMQCluster({ ClusterId: ClusterId! }))).code,
    ).toBe('ResourceNotFound.Cluster');
    expect(
      (
        await guangzhou.DescribeRocketMQClusters({
          Offset: 0,
          Limit: 100,
          ClusterIdList: [ClusterId!],
        })
      ).TotalCount,
    ).toBe(0);
    expect((await sdkError(guangzhou.DeleteRocketMQCluster({ ClusterId: ClusterId! }))).code).toBe(
      'ResourceNotFound.Cluster',
    );
    // The same name is free in another region.
    const other = await guangzhou.CreateRocketMQCluster({ Name: name });
    // No region header: the default region (ap-guangzhou).
    const r = await rawCall(t, {
      headers: { 'X-TC-Region': undefined },
      body: JSON.stringify({ Offset: 0, Limit: 10, ClusterIdList: [other.ClusterId] }),
    });
    expect(r.json.Response.TotalCount).toBe(1);
    await shanghai.DeleteRocketMQCluster({ ClusterId: ClusterId! });
    await guangzhou.DeleteRocketMQCluster({ ClusterId: other.ClusterId! });
  });

  it('refuses an unsupported region through the SDK', async () => {
    expect(
      (
        await sdkError(
          tdmqClient(t, { region: 'ap-atlantis' }).DescribeRocketMQClusters({
            Offset: 0,
            Limit: 1,
          }),
        )
      ).code,
    ).toBe('UnsupportedRegion');
  });
});
