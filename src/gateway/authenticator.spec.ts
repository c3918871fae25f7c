import { jest } from '@jest/globals';
import { stringify } from 'node:querystring';
import abstractClientModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client.js';
import sdkSignModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign.js';
import type { AccessKeysService, ResolvedKey } from '../cam/access-keys/access-keys.service.js';
import { loadConfig } from '../config/config.js';
import { ApiError } from './api-error.js';
import { Authenticator, type AuthenticatedCall } from './authenticator.js';
import { stripPort, type RawApiRequest } from './raw-request.js';
import {
  canonicalRequest,
  sha256Hex,
  stringToSign,
  tc3Signature,
  utcDate,
} from './signature/tc3.js';

const SdkSign = ((sdkSignModule as any).default ?? sdkSignModule) as {
  sign(secretKey: string, signStr: string, signMethod: string): string;
  sign3(o: Record<string, unknown>): string;
};
const { AbstractClient } = (
  (abstractClientModule as any).AbstractClient
    ? abstractClientModule
    : (abstractClientModule as any).default
) as { AbstractClient: { prototype: object } };

/** 2025-11-25T00:00:00Z: a UTC midnight, so ±1 s crosses a date. */
const NOW = 1764028800;
const HOST = '127.0.0.1:3000';
const VERSION = '2020-02-17';

const ROOT: ResolvedKey = {
  secretId: 'AKIDroot00000000',
  secretKey: 'rootSecretKey-0123456789',
  uin: '100000000001',
  ownerUin: '100000000001',
  isRoot: true,
};
const USER: ResolvedKey = {
  secretId: 'AKIDuser00000000',
  secretKey: 'userSecretKey-9876543210',
  uin: '100000000002',
  ownerUin: '100000000001',
  isRoot: false,
};
const KEYS = new Map([ROOT, USER].map((k) => [k.secretId, k]));
const fakeKeys = {
  resolve: async (secretId: string) => KEYS.get(secretId),
} as unknown as AccessKeysService;
const authenticator = new Authenticator(fakeKeys, loadConfig({}));

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000 + 400);
});
afterEach(() => {
  jest.restoreAllMocks();
});

// ---------------------------------------------------------------------------------------------
// TC3 requests, built by hand: what is signed and what is sent can differ (tampering).

interface Tc3Options {
  method?: 'GET' | 'POST';
  path?: string;
  query?: string;
  body?: string;
  contentType?: string;
  /** The Host header as sent. */
  host?: string;
  /** The host as signed (default: the SDK's, without port). */
  signHost?: string;
  timestamp?: number;
  /** Credential scope date (default: the UTC date of the timestamp). */
  date?: string;
  service?: string;
  secretId?: string;
  secretKey?: string;
  signedHeaders?: string[];
  action?: string;
  region?: string;
  /** Headers to add to (or, with undefined, remove from) what is sent, after signing. */
  send?: Record<string, string | undefined>;
  /** What is sent instead of what was signed. */
  sendBody?: string;
  sendPath?: string;
  sendQuery?: string;
  sendMethod?: string;
  route?: RawApiRequest['route'];
}

function tc3(o: Tc3Options = {}): RawApiRequest {
  const method = o.method ?? 'POST';
  const path = o.path ?? '/';
  const query = o.query ?? '';
  const body = o.body ?? (method === 'GET' ? '' : '{}');
  const host = o.host ?? HOST;
  const timestamp = o.timestamp ?? NOW;
  const date = o.date ?? utcDate(timestamp);
  const service = o.service ?? '127';
  const key = { secretId: o.secretId ?? ROOT.secretId, secretKey: o.secretKey ?? ROOT.secretKey };
  const headers: Record<string, string> = {
    host,
    'content-type':
      o.contentType ??
      (method === 'GET' ? 'application/x-www-form-urlencoded' : 'application/json'),
    'x-tc-action': o.action ?? 'DescribeRocketMQClusters',
    'x-tc-version': VERSION,
    'x-tc-timestamp': String(timestamp),
    'x-tc-region': o.region ?? 'ap-guangzhou',
  };
  const signedHeaders = o.signedHeaders ?? ['content-type', 'host'];
  const canonical = canonicalRequest({
    method,
    path,
    query,
    headers: { ...headers, host: o.signHost ?? stripPort(host) },
    signedHeaders,
    payloadHash: sha256Hex(body),
  });
  const signature = tc3Signature(
    key.secretKey,
    date,
    service,
    stringToSign(timestamp, date, service, canonical),
  );
  headers.authorization = `TC3-HMAC-SHA256 Credential=${key.secretId}/${date}/${service}/tc3_request, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  for (const [k, v] of Object.entries(o.send ?? {})) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  return {
    method: o.sendMethod ?? method,
    path: o.sendPath ?? path,
    rawQuery: o.sendQuery ?? query,
    headers,
    body: Buffer.from(o.sendBody ?? body, 'utf8'),
    clientIp: '127.0.0.1',
    route: o.route,
  };
}

/** A request signed by the official SDK's own Sign.sign3, with the headers the SDK sends. */
function sdkTc3(o: {
  method: 'GET' | 'POST';
  params: Record<string, unknown>;
  endpoint?: string;
  region?: string;
  action?: string;
}): RawApiRequest {
  const endpoint = o.endpoint ?? HOST;
  const client = sdkClient('GET', endpoint);
  const query = o.method === 'GET' ? stringify(client.mergeData(o.params) as never) : '';
  const contentType = o.method === 'GET' ? 'application/x-www-form-urlencoded' : 'application/json';
  const authorization = SdkSign.sign3({
    method: o.method,
    url: `http://${endpoint}/${query ? `?${query}` : ''}`,
    payload: o.method === 'GET' ? '' : o.params,
    timestamp: NOW,
    service: endpoint.split('.')[0],
    secretId: ROOT.secretId,
    secretKey: ROOT.secretKey,
    multipart: false,
    boundary: '',
    headers: { 'Content-Type': contentType },
  });
  const headers: Record<string, string> = {
    host: endpoint,
    'content-type': contentType,
    'x-tc-action': o.action ?? 'CreateRocketMQCluster',
    'x-tc-version': VERSION,
    'x-tc-timestamp': String(NOW),
    'x-tc-requestclient': 'SDK_NODEJS_4.1.313',
    'x-tc-traceid': '0c6b4c8e-7f5c-4a3e-9d0e-0a4c4c1e2b3a',
    authorization,
  };
  if (o.region) headers['x-tc-region'] = o.region;
  return {
    method: o.method,
    path: '/',
    rawQuery: query,
    headers,
    body: Buffer.from(o.method === 'GET' ? '' : JSON.stringify(o.params), 'utf8'),
    clientIp: '127.0.0.1',
  };
}

// ---------------------------------------------------------------------------------------------
// Legacy requests, signed with the SDK's own formatSignString + Sign.sign.

function sdkClient(method: string, endpoint: string, path = '/') {
  const client = Object.create(AbstractClient.prototype) as {
    formatSignString(params: Record<string, unknown>): string;
    mergeData(data: unknown): Record<string, unknown>;
  };
  Object.assign(client, { profile: { httpProfile: { reqMethod: method } }, endpoint, path });
  return client;
}

interface LegacyOptions {
  method?: 'GET' | 'POST';
  signMethod?: string;
  /** Action parameters (flattened). */
  params?: Record<string, string | number>;
  /** Overrides of the common parameters; undefined removes one. */
  common?: Record<string, string | number | undefined>;
  secretKey?: string;
  host?: string;
  signHost?: string;
  /** Raw text appended to the encoded parameters after signing. */
  append?: string;
  /** Parameters changed after signing. */
  tamper?: Record<string, string>;
  route?: RawApiRequest['route'];
  path?: string;
}

function legacy(o: LegacyOptions = {}): RawApiRequest {
  const method = o.method ?? 'GET';
  const host = o.host ?? HOST;
  const path = o.path ?? '/';
  const all: Record<string, string | number> = {
    ...(o.params ?? { ClusterId: 'rocketmq-abcd12345678' }),
    Action: 'DescribeRocketMQCluster',
    Version: VERSION,
    Nonce: 41234,
    Timestamp: NOW,
    SecretId: ROOT.secretId,
    Region: 'ap-guangzhou',
    RequestClient: 'SDK_NODEJS_4.1.313',
    SignatureMethod: o.signMethod ?? 'HmacSHA1',
  };
  for (const [k, v] of Object.entries(o.common ?? {})) {
    if (v === undefined) delete all[k];
    else all[k] = v;
  }
  const toSign = sdkClient(method, o.signHost ?? host, path).formatSignString(all);
  const signMethod = isSdkMethod(String(all.SignatureMethod))
    ? String(all.SignatureMethod)
    : 'HmacSHA1';
  const signed = {
    ...all,
    ...o.tamper,
    Signature: SdkSign.sign(o.secretKey ?? ROOT.secretKey, toSign, signMethod),
  };
  const encoded = stringify(signed) + (o.append ?? '');
  return {
    method,
    path,
    rawQuery: method === 'GET' ? encoded : '',
    headers:
      method === 'GET' ? { host } : { host, 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(method === 'GET' ? '' : encoded, 'utf8'),
    clientIp: '127.0.0.1',
    route: o.route,
  };
}
const isSdkMethod = (m: string) => m === 'HmacSHA1' || m === 'HmacSHA256';

async function outcome(req: RawApiRequest): Promise<string> {
  try {
    await authenticator.authenticate(req);
    return 'accepted';
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
}

function without(req: RawApiRequest, ...names: string[]): RawApiRequest {
  const headers = { ...req.headers };
  for (const n of names) delete headers[n];
  return { ...req, headers };
}

const route = { service: 'tdmq', version: VERSION, action: 'DescribeRocketMQClusters' };
const routePath = '/api/tdmq/2020-02-17/DescribeRocketMQClusters';

describe('Authenticator refuses', () => {
  it.each<[string, () => RawApiRequest, string]>([
    // Not signed at all
    [
      'a JSON POST without Authorization',
      () => without(tc3(), 'authorization'),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a GET with parameters but no Signature',
      () => ({ ...without(tc3({ method: 'GET', query: 'Limit=1' }), 'authorization') }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a form POST without Signature',
      () =>
        without(
          tc3({ contentType: 'application/x-www-form-urlencoded', body: 'Action=X' }),
          'authorization',
        ),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a SecretKey sent in X-TC-SecretKey (even with a valid signature)',
      () => tc3({ send: { 'x-tc-secretkey': ROOT.secretKey } }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a SecretKey sent in X-TC-SecretKey on a legacy request',
      () => ({ ...legacy(), headers: { host: HOST, 'x-tc-secretkey': 'k' } }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a malformed Authorization',
      () => tc3({ send: { authorization: 'Bearer abc' } }),
      'AuthFailure.InvalidAuthorization',
    ],
    // Routing headers
    [
      'a missing X-TC-Action',
      () => tc3({ send: { 'x-tc-action': undefined } }),
      'MissingParameter',
    ],
    [
      'a missing X-TC-Version',
      () => tc3({ send: { 'x-tc-version': undefined } }),
      'MissingParameter',
    ],
    [
      'a missing X-TC-Timestamp',
      () => tc3({ send: { 'x-tc-timestamp': undefined } }),
      'MissingParameter',
    ],
    [
      'a non-numeric X-TC-Timestamp',
      () => tc3({ send: { 'x-tc-timestamp': 'yesterday' } }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a fractional X-TC-Timestamp',
      () => tc3({ send: { 'x-tc-timestamp': `${NOW}.5` } }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a negative X-TC-Timestamp',
      () => tc3({ send: { 'x-tc-timestamp': `-${NOW}` } }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'an X-TC-Timestamp in milliseconds',
      () => tc3({ send: { 'x-tc-timestamp': `${NOW}000` } }),
      'AuthFailure.InvalidAuthorization',
    ],
    // Clock skew (the server clock is NOW)
    [
      'a timestamp 301 s in the past',
      () => tc3({ timestamp: NOW - 301 }),
      'AuthFailure.SignatureExpire',
    ],
    [
      'a timestamp 301 s in the future',
      () => tc3({ timestamp: NOW + 301 }),
      'AuthFailure.SignatureExpire',
    ],
    ['a timestamp a day old', () => tc3({ timestamp: NOW - 86400 }), 'AuthFailure.SignatureExpire'],
    // Credential scope date
    [
      'a scope date of the day before the timestamp',
      () => tc3({ date: '2025-11-24' }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a scope date in local time (UTC+8) instead of UTC',
      () => tc3({ timestamp: NOW - 60, date: '2025-11-25' }),
      'AuthFailure.SignatureFailure',
    ],
    // Key and signature
    [
      'an unknown SecretId',
      () => tc3({ secretId: 'AKIDnobody000000' }),
      'AuthFailure.SecretIdNotFound',
    ],
    [
      'a signature made with another key',
      () => tc3({ secretKey: 'not-the-right-key-000000' }),
      'AuthFailure.SignatureFailure',
    ],
    [
      "another user's key under the root SecretId",
      () => tc3({ secretKey: USER.secretKey }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a tampered body',
      () => tc3({ body: '{"Limit":1}', sendBody: '{"Limit":100}' }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a tampered path',
      () => tc3({ sendPath: '/api/tdmq/2020-02-17/DeleteRocketMQCluster' }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a tampered query',
      () => tc3({ method: 'GET', query: 'Limit=1', sendQuery: 'Limit=100' }),
      'AuthFailure.SignatureFailure',
    ],
    ['a tampered method', () => tc3({ sendMethod: 'PUT' }), 'AuthFailure.SignatureFailure'],
    [
      'a tampered Content-Type',
      () => tc3({ send: { 'content-type': 'application/x-www-form-urlencoded' } }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'another host than the one signed',
      () => tc3({ signHost: 'tdmq.tencentcloudapi.com' }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a tampered timestamp',
      () => tc3({ send: { 'x-tc-timestamp': String(NOW + 1) } }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a tampered signed X-TC-Action',
      () =>
        tc3({
          signedHeaders: ['content-type', 'host', 'x-tc-action'],
          send: { 'x-tc-action': 'DeleteRocketMQCluster' },
        }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'another service in the scope than signed',
      () => {
        const r = tc3({ service: 'tdmq' });
        return {
          ...r,
          headers: {
            ...r.headers,
            authorization: String(r.headers.authorization).replace('/tdmq/', '/cvm/'),
          },
        };
      },
      'AuthFailure.SignatureFailure',
    ],
    // Temporary credentials
    [
      'an X-TC-Token',
      () => tc3({ send: { 'x-tc-token': 'session-token' } }),
      'AuthFailure.TokenFailure',
    ],
    // Body
    [
      'a text/plain body',
      () => tc3({ contentType: 'text/plain', body: 'hello' }),
      'InvalidParameter',
    ],
    [
      'a multipart body',
      () => tc3({ contentType: 'multipart/form-data; boundary=x', body: '--x--' }),
      'InvalidParameter',
    ],
    [
      'a POST without Content-Type',
      () => tc3({ contentType: '', send: { 'content-type': undefined } }),
      'InvalidParameter',
    ],
    ['a JSON body that does not parse', () => tc3({ body: '{"Limit":' }), 'InvalidParameter'],
    ['a JSON body that is an array', () => tc3({ body: '[1,2]' }), 'InvalidParameter'],
    // Per-action routes
    [
      'an X-TC-Action contradicting the route',
      () => tc3({ path: routePath, route, action: 'DeleteRocketMQCluster' }),
      'InvalidParameter',
    ],
    [
      'an X-TC-Version contradicting the route',
      () => tc3({ path: routePath, route, send: { 'x-tc-version': '2018-03-17' } }),
      'InvalidParameter',
    ],
  ])('TC3: %s', async (_name, build, code) => {
    expect(await outcome(build())).toBe(code);
  });

  it.each<[string, () => RawApiRequest, string]>([
    ['a missing Nonce', () => legacy({ common: { Nonce: undefined } }), 'MissingParameter'],
    ['a missing Timestamp', () => legacy({ common: { Timestamp: undefined } }), 'MissingParameter'],
    ['a missing SecretId', () => legacy({ common: { SecretId: undefined } }), 'MissingParameter'],
    ['a missing Action', () => legacy({ common: { Action: undefined } }), 'MissingParameter'],
    ['a missing Version', () => legacy({ common: { Version: undefined } }), 'MissingParameter'],
    [
      'an unknown SignatureMethod',
      () => legacy({ signMethod: 'HmacMD5' }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'the TC3 algorithm as SignatureMethod',
      () => legacy({ signMethod: 'TC3-HMAC-SHA256' }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a non-numeric Timestamp',
      () => legacy({ common: { Timestamp: 'now' } }),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'a Timestamp 301 s old',
      () => legacy({ common: { Timestamp: NOW - 301 } }),
      'AuthFailure.SignatureExpire',
    ],
    [
      'a Timestamp 301 s ahead',
      () => legacy({ common: { Timestamp: NOW + 301 } }),
      'AuthFailure.SignatureExpire',
    ],
    [
      'an unknown SecretId',
      () => legacy({ common: { SecretId: 'AKIDnobody000000' } }),
      'AuthFailure.SecretIdNotFound',
    ],
    [
      'a signature made with another key',
      () => legacy({ secretKey: 'not-the-right-key-000000' }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a signature made with another key (POST, HmacSHA256)',
      () => legacy({ method: 'POST', signMethod: 'HmacSHA256', secretKey: 'nope-nope-nope-nope' }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a parameter changed after signing',
      () => legacy({ tamper: { ClusterId: 'rocketmq-zzzz12345678' } }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a SignatureMethod changed after signing',
      () => legacy({ tamper: { SignatureMethod: 'HmacSHA256' } }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'another host than the one signed',
      () => legacy({ signHost: 'tdmq.tencentcloudapi.com' }),
      'AuthFailure.SignatureFailure',
    ],
    [
      'a parameter given twice',
      () => legacy({ append: '&ClusterId=rocketmq-zzzz12345678' }),
      'InvalidParameter',
    ],
    ['Signature given twice', () => legacy({ append: '&Signature=abc' }), 'InvalidParameter'],
    ['a Token', () => legacy({ common: { Token: 'session-token' } }), 'AuthFailure.TokenFailure'],
    [
      'an Action contradicting the route',
      () => legacy({ route: { ...route, action: 'DescribeRocketMQClusters' }, path: routePath }),
      'InvalidParameter',
    ],
  ])('legacy: %s', async (_name, build, code) => {
    expect(await outcome(build())).toBe(code);
  });
});

describe('Authenticator clock skew boundaries', () => {
  it.each([
    ['300 s in the past', NOW - 300],
    ['300 s in the future', NOW + 300],
    ['1 s before UTC midnight (another date than the server)', NOW - 1],
  ])('accepts a TC3 timestamp %s', async (_name, timestamp) => {
    expect(await outcome(tc3({ timestamp }))).toBe('accepted');
  });

  it.each([
    ['300 s in the past', NOW - 300],
    ['300 s in the future', NOW + 300],
  ])('accepts a legacy Timestamp %s', async (_name, timestamp) => {
    expect(await outcome(legacy({ common: { Timestamp: timestamp } }))).toBe('accepted');
  });
});

describe('Authenticator accepts', () => {
  const expectCall = (
    call: AuthenticatedCall,
    expected: Omit<AuthenticatedCall, 'key'>,
    key: ResolvedKey = ROOT,
  ) => {
    expect(call).toEqual({ key, ...expected });
  };

  it('a TC3 JSON POST signed by the SDK (host without port, service "127")', async () => {
    const params = {
      Name: 'dev',
      Remark: 'naïve ✓',
      TagList: [{ TagKey: 'env', TagValue: 'dev' }],
    };
    const call = await authenticator.authenticate(
      sdkTc3({ method: 'POST', params, region: 'ap-shanghai' }),
    );
    expectCall(call, {
      action: 'CreateRocketMQCluster',
      version: VERSION,
      region: 'ap-shanghai',
      params,
      flattened: false,
    });
  });

  it('a TC3 JSON POST without a region (region left empty for the gateway to default)', async () => {
    const call = await authenticator.authenticate(sdkTc3({ method: 'POST', params: {} }));
    expectCall(call, {
      action: 'CreateRocketMQCluster',
      version: VERSION,
      region: '',
      params: {},
      flattened: false,
    });
  });

  it('a TC3 JSON POST to a named endpoint and an IPv6 endpoint', async () => {
    for (const endpoint of ['tdmq.tencentcloudapi.com', '[::1]:3000', 'localhost:8080']) {
      const call = await authenticator.authenticate(
        sdkTc3({ method: 'POST', params: { Limit: 1 }, endpoint }),
      );
      expect(call.params).toEqual({ Limit: 1 });
    }
  });

  it('a TC3 JSON POST with a charset in the Content-Type and an empty body', async () => {
    const call = await authenticator.authenticate(
      tc3({ contentType: 'application/json; charset=utf-8', body: '' }),
    );
    expectCall(call, {
      action: 'DescribeRocketMQClusters',
      version: VERSION,
      region: 'ap-guangzhou',
      params: {},
      flattened: false,
    });
  });

  it('a TC3 form-urlencoded POST (parameters unflattened, still strings)', async () => {
    const body =
      'Name=dev&Remark=d%C3%A9v+cluster&TagList.0.TagKey=env&TagList.0.TagValue=dev&TagList.1.TagKey=team';
    const call = await authenticator.authenticate(
      tc3({
        contentType: 'application/x-www-form-urlencoded',
        body,
        action: 'CreateRocketMQCluster',
      }),
    );
    expectCall(call, {
      action: 'CreateRocketMQCluster',
      version: VERSION,
      region: 'ap-guangzhou',
      params: {
        Name: 'dev',
        Remark: 'dév cluster',
        TagList: { 0: { TagKey: 'env', TagValue: 'dev' }, 1: { TagKey: 'team' } },
      },
      flattened: true,
    });
  });

  it('a TC3 GET signed by the SDK (query flattened by mergeData)', async () => {
    const params = {
      Offset: 0,
      Limit: 20,
      Filters: [{ Name: 'tag:env', Values: ['dev', 'prod'] }],
      IsTagFilter: true,
    };
    const call = await authenticator.authenticate(
      sdkTc3({ method: 'GET', params, action: 'DescribeRocketMQClusters' }),
    );
    expectCall(call, {
      action: 'DescribeRocketMQClusters',
      version: VERSION,
      region: '',
      params: {
        Offset: '0',
        Limit: '20',
        Filters: { 0: { Name: 'tag:env', Values: { 0: 'dev', 1: 'prod' } } },
        IsTagFilter: 'true',
      },
      flattened: true,
    });
  });

  it.each([
    ['without the port (the SDK)', '127.0.0.1'],
    ['with the port (as sent)', '127.0.0.1:3000'],
    ['with the port, upper-case', 'LOCALHOST:3000'],
  ])('a TC3 request whose host was signed %s', async (_name, signHost) => {
    const host = signHost.startsWith('LOCALHOST') ? 'localhost:3000' : HOST;
    expect(await outcome(tc3({ host, signHost }))).toBe('accepted');
  });

  it('a TC3 request signing more headers than the SDK, in any order', async () => {
    const req = tc3({
      signedHeaders: ['x-tc-timestamp', 'host', 'x-tc-action', 'content-type', 'x-tc-region'],
    });
    expect((await authenticator.authenticate(req)).action).toBe('DescribeRocketMQClusters');
  });

  it('a TC3 request on a per-action route without X-TC-Action/X-TC-Version (taken from the route)', async () => {
    const req = tc3({
      path: routePath,
      route,
      send: { 'x-tc-action': undefined, 'x-tc-version': undefined },
    });
    const call = await authenticator.authenticate(req);
    expect([call.action, call.version]).toEqual(['DescribeRocketMQClusters', VERSION]);
  });

  it('a TC3 request of a sub-user resolves to that key', async () => {
    const call = await authenticator.authenticate(
      tc3({ secretId: USER.secretId, secretKey: USER.secretKey }),
    );
    expect(call.key).toEqual(USER);
  });

  it.each<['GET' | 'POST', string]>([
    ['GET', 'HmacSHA1'],
    ['GET', 'HmacSHA256'],
    ['POST', 'HmacSHA1'],
    ['POST', 'HmacSHA256'],
  ])('a legacy %s signed with %s (common parameters stripped)', async (method, signMethod) => {
    const req = legacy({
      method,
      signMethod,
      params: {
        Name: 'dev cluster+1',
        'TagList.0.TagKey': 'env',
        'TagList.0.TagValue': '测试',
        Limit: 5,
      },
      common: { Region: 'ap-shanghai', Language: 'en-US' },
    });
    expectCall(await authenticator.authenticate(req), {
      action: 'DescribeRocketMQCluster',
      version: VERSION,
      region: 'ap-shanghai',
      params: {
        Name: 'dev cluster+1',
        TagList: { 0: { TagKey: 'env', TagValue: '测试' } },
        Limit: '5',
      },
      flattened: true,
    });
  });

  it('a legacy request without SignatureMethod (HmacSHA1) and without Region', async () => {
    const call = await authenticator.authenticate(
      legacy({ common: { SignatureMethod: undefined, Region: undefined } }),
    );
    expectCall(call, {
      action: 'DescribeRocketMQCluster',
      version: VERSION,
      region: '',
      params: { ClusterId: 'rocketmq-abcd12345678' },
      flattened: true,
    });
  });

  it('a legacy request whose host was signed without the port', async () => {
    expect(await outcome(legacy({ signHost: '127.0.0.1' }))).toBe('accepted');
  });
});
