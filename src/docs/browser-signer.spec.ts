import { jest } from '@jest/globals';
import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { signTc3 } from '../gateway/signature/tc3.js';
import { installTc3Signer, type BrowserSignInput } from './browser-signer.js';

type SignInput = BrowserSignInput;
interface Tc3Window {
  location: { href: string };
  __rmqTc3: {
    sha256(data: Uint8Array): Uint8Array;
    hmac(key: Uint8Array, message: Uint8Array): Uint8Array;
    sign(o: SignInput): string;
  };
  __rmqTc3Intercept(req: SwaggerRequest): SwaggerRequest;
}
interface SwaggerRequest {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body?: unknown;
}

function install(href = 'http://127.0.0.1:3000/docs'): Tc3Window {
  const win = { location: { href } } as Tc3Window;
  installTc3Signer(win);
  return win;
}

const win = install();
const { sha256, hmac, sign } = win.__rmqTc3;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Byte arrays around the SHA-256 block and padding boundaries (55/56, 63/64/65, 119/120, ...). */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .constantFrom(0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129)
    .chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
);

describe('the in-browser SHA-256 and HMAC', () => {
  it.each([0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_000])(
    'sha256 of %i bytes equals node:crypto',
    (n) => {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    },
  );

  it('sha256 of the empty string is the well-known digest', () => {
    expect(hex(sha256(new Uint8Array()))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('sha256 equals node:crypto for random bytes (property)', () => {
    fc.assert(
      fc.property(bytes, (data) => {
        expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
      }),
      { numRuns: 500 },
    );
  });

  it('sha256 reads a view into a larger buffer correctly', () => {
    const backing = new Uint8Array(200).map((_, i) => i);
    const view = backing.subarray(13, 113);
    expect(hex(sha256(view))).toBe(createHash('sha256').update(view).digest('hex'));
  });

  it('hmac equals node:crypto for random keys (including keys over 64 bytes) and messages (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bytes,
          fc.uint8Array({ minLength: 65, maxLength: 200 }),
          fc.uint8Array({ minLength: 64, maxLength: 64 }),
        ),
        bytes,
        (key, message) => {
          expect(hex(hmac(key, message))).toBe(
            createHmac('sha256', key).update(message).digest('hex'),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('does not modify its inputs', () => {
    const key = Uint8Array.from({ length: 70 }, (_, i) => i);
    const message = Uint8Array.from({ length: 70 }, (_, i) => 255 - i);
    const [k, m] = [key.slice(), message.slice()];
    hmac(key, message);
    expect(key).toEqual(k);
    expect(message).toEqual(m);
  });
});

describe('the in-browser sign()', () => {
  const input = fc.record({
    secretId: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    secretKey: fc.string({ unit: 'binary', maxLength: 80 }),
    service: fc.stringMatching(/^[a-z0-9]{1,12}$/),
    host: fc.stringMatching(/^[a-z0-9.-]{1,30}$/),
    path: fc.string({ maxLength: 40 }).map((p) => `/${p}`),
    query: fc.string({ maxLength: 30 }),
    contentType: fc.constant('application/json'),
    body: fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.json()),
    timestamp: fc.integer({ min: 0, max: 4102444800 }),
  });

  it('equals the server-side signTc3 (property)', () => {
    fc.assert(
      fc.property(input, (o) => {
        expect(sign(o)).toBe(signTc3({ ...o, method: 'POST', payload: o.body }));
      }),
      { numRuns: 300 },
    );
  });

  it('equals signTc3 for a per-action route request', () => {
    const o: SignInput = {
      secretId: 'AKIDexample',
      secretKey: 'secret-key-0123456789',
      service: 'tdmq',
      host: '127.0.0.1',
      path: '/api/tdmq/2020-02-17/DescribeRocketMQClusters',
      query: '',
      contentType: 'application/json',
      body: '{"Offset":0,"Limit":20}',
      timestamp: 1764028799,
    };
    expect(sign(o)).toBe(signTc3({ ...o, method: 'POST', payload: o.body }));
    expect(sign(o)).toContain('Credential=AKIDexample/2025-11-24/tdmq/tc3_request');
  });
});

describe('the Swagger UI request interceptor', () => {
  const NOW = 1764028800;
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000 + 999);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const apiRequest = (
    headers: Record<string, string>,
    extra: Partial<SwaggerRequest> = {},
  ): SwaggerRequest => ({
    url: '/api/tdmq/2020-02-17/DescribeRocketMQClusters',
    method: 'POST',
    headers,
    body: '{"Offset":0,"Limit":20}',
    ...extra,
  });

  it('signs an /api/ request and removes the SecretId and SecretKey', () => {
    const req = win.__rmqTc3Intercept(
      apiRequest({
        'X-TC-SecretId': 'AKIDexample',
        'X-TC-SecretKey': 'secret-key-0123456789',
        Accept: 'application/json',
        'Content-Type': 'text/plain',
      }),
    );
    expect(req.headers).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'X-TC-Action': 'DescribeRocketMQClusters',
      'X-TC-Version': '2020-02-17',
      'X-TC-Timestamp': String(NOW),
      Authorization: signTc3({
        secretId: 'AKIDexample',
        secretKey: 'secret-key-0123456789',
        service: 'tdmq',
        timestamp: NOW,
        method: 'POST',
        host: '127.0.0.1',
        path: '/api/tdmq/2020-02-17/DescribeRocketMQClusters',
        contentType: 'application/json',
        payload: '{"Offset":0,"Limit":20}',
      }),
    });
    expect(req.method).toBe('POST');
    expect(req.body).toBe('{"Offset":0,"Limit":20}');
    expect(JSON.stringify(req)).not.toContain('secret-key-0123456789');
  });

  it.each([
    ['lower-case', 'x-tc-secretid', 'x-tc-secretkey'],
    ['upper-case', 'X-TC-SECRETID', 'X-TC-SECRETKEY'],
    ['mixed', 'x-Tc-SecretId', 'X-tc-secretKEY'],
  ])('removes %s credential headers', (_name, idHeader, keyHeader) => {
    const req = win.__rmqTc3Intercept(
      apiRequest({ [idHeader]: 'AKIDexample', [keyHeader]: 'secret-key-0123456789' }),
    );
    expect(Object.keys(req.headers).map((h) => h.toLowerCase())).not.toEqual(
      expect.arrayContaining(['x-tc-secretid']),
    );
    expect(Object.keys(req.headers).map((h) => h.toLowerCase())).not.toEqual(
      expect.arrayContaining(['x-tc-secretkey']),
    );
    expect(req.headers.Authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDexample\/2025-11-25\/tdmq\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
    );
  });

  it.each<[string, unknown, string]>([
    ['an object body', { Offset: 0, Limit: 20 }, '{"Offset":0,"Limit":20}'],
    ['no body', undefined, '{}'],
    ['an empty string body', '', '{}'],
  ])('sends %s as JSON and signs exactly what it sends', (_name, body, sent) => {
    const req = win.__rmqTc3Intercept(
      apiRequest({ 'X-TC-SecretId': 'id', 'X-TC-SecretKey': 'key' }, { body, method: 'GET' }),
    );
    expect(req.body).toBe(sent);
    expect(req.method).toBe('POST');
    expect(req.headers.Authorization).toBe(
      signTc3({
        secretId: 'id',
        secretKey: 'key',
        service: 'tdmq',
        timestamp: NOW,
        method: 'POST',
        host: '127.0.0.1',
        path: '/api/tdmq/2020-02-17/DescribeRocketMQClusters',
        contentType: 'application/json',
        payload: sent,
      }),
    );
  });

  it('signs the host (without port), path and query of an absolute URL', () => {
    const req = win.__rmqTc3Intercept(
      apiRequest(
        { 'X-TC-SecretId': 'id', 'X-TC-SecretKey': 'key' },
        { url: 'https://MQ.Example.com:8443/api/cam/2019-01-16/ListUsers?x=1' },
      ),
    );
    expect(req.headers['X-TC-Action']).toBe('ListUsers');
    expect(req.headers['X-TC-Version']).toBe('2019-01-16');
    expect(req.headers.Authorization).toBe(
      signTc3({
        secretId: 'id',
        secretKey: 'key',
        service: 'cam',
        timestamp: NOW,
        method: 'POST',
        host: 'mq.example.com',
        path: '/api/cam/2019-01-16/ListUsers',
        query: 'x=1',
        contentType: 'application/json',
        payload: '{"Offset":0,"Limit":20}',
      }),
    );
  });

  it.each([
    ['the docs page', '/docs'],
    ['the OpenAPI document', '/docs/openapi.json'],
    ['the root API endpoint', '/'],
    ['an /api/ path too short', '/api/tdmq/2020-02-17'],
    ['an /api/ path too long', '/api/tdmq/2020-02-17/DescribeRocketMQClusters/extra'],
    ['another origin without /api/', 'https://example.com/health'],
  ])('leaves a request to %s untouched', (_name, url) => {
    const original: SwaggerRequest = {
      url,
      method: 'GET',
      headers: { 'X-TC-SecretId': 'id', 'X-TC-SecretKey': 'key' },
      body: undefined,
    };
    const copy = structuredClone(original);
    expect(win.__rmqTc3Intercept(original)).toEqual(copy);
  });

  it.each<[string, Record<string, string>]>([
    ['no credentials', {}],
    ['only a SecretId', { 'X-TC-SecretId': 'AKIDexample' }],
    ['only a SecretKey', { 'X-TC-SecretKey': 'secret-key-0123456789' }],
    ['an empty SecretKey', { 'X-TC-SecretId': 'AKIDexample', 'X-TC-SecretKey': '' }],
  ])('leaves an /api/ request with %s unsigned, and never sends a SecretKey', (_name, headers) => {
    const req = win.__rmqTc3Intercept(apiRequest({ ...headers, Accept: 'application/json' }));
    expect(req.headers.Authorization).toBeUndefined();
    expect(req.headers['X-TC-Timestamp']).toBeUndefined();
    expect(Object.keys(req.headers).map((h) => h.toLowerCase())).not.toContain('x-tc-secretkey');
    expect(req.headers.Accept).toBe('application/json');
  });

  it('works as the page runs it: serialized with toString() into a bare context', () => {
    const page: any = { location: { href: 'http://10.0.0.5:3000/docs' } };
    runInNewContext(`(${installTc3Signer.toString()})(window);`, {
      window: page,
      TextEncoder,
      URL,
      Date,
    });
    const req = page.__rmqTc3Intercept(
      apiRequest({ 'X-TC-SecretId': 'id', 'X-TC-SecretKey': 'key' }),
    );
    expect(req.headers.Authorization).toBe(
      signTc3({
        secretId: 'id',
        secretKey: 'key',
        service: 'tdmq',
        timestamp: NOW,
        method: 'POST',
        host: '10.0.0.5',
        path: '/api/tdmq/2020-02-17/DescribeRocketMQClusters',
        contentType: 'application/json',
        payload: '{"Offset":0,"Limit":20}',
      }),
    );
  });
});
