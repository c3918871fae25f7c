import fc from 'fast-check';
import abstractClientModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client.js';
import sdkSignModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign.js';
import {
  isLegacyMethod,
  legacySignature,
  legacyStringToSign,
  type LegacyMethod,
} from './legacy.js';

const SdkSign = ((sdkSignModule as any).default ?? sdkSignModule) as {
  sign(secretKey: string, signStr: string, signMethod: string): string;
};
const { AbstractClient } = (
  (abstractClientModule as any).AbstractClient
    ? abstractClientModule
    : (abstractClientModule as any).default
) as { AbstractClient: { prototype: object } };

/** An SDK client with just the state formatSignString/mergeData read (no network, no credential). */
function sdkClient(method: string, endpoint: string, path = '/') {
  const client = Object.create(AbstractClient.prototype) as {
    formatSignString(params: Record<string, unknown>): string;
    mergeData(data: unknown): Record<string, unknown>;
  };
  Object.assign(client, { profile: { httpProfile: { reqMethod: method } }, endpoint, path });
  return client;
}

/** Like the SDK's request params: nested objects and arrays of objects, flattened by mergeData. */
const tag = fc.record({
  TagKey: fc.string({ unit: 'binary', maxLength: 12 }),
  TagValue: fc.string({ unit: 'binary', maxLength: 12 }),
});
const nestedParams = fc
  .record(
    {
      ClusterId: fc.stringMatching(/^rocketmq-[a-z0-9]{12}$/),
      Name: fc.string({ unit: 'binary', maxLength: 20 }),
      Remark: fc.string({ unit: 'binary', maxLength: 30 }),
      Limit: fc.integer({ min: 0, max: 100 }),
      IsTagFilter: fc.boolean(),
      TagList: fc.array(tag, { maxLength: 3 }),
      Filters: fc.array(
        fc.record({
          Name: fc.string({ maxLength: 8 }),
          Values: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>); // plain objects, as callers pass
/** Common legacy parameters, as the SDK's formatRequestData adds them. */
const common = fc.record({
  Action: fc.constantFrom('DescribeRocketMQClusters', 'CreateRocketMQCluster'),
  Version: fc.constant('2020-02-17'),
  Nonce: fc.integer({ min: 0, max: 65535 }),
  Timestamp: fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
  SecretId: fc.stringMatching(/^AKID[A-Za-z0-9]{8,32}$/),
  Region: fc.constantFrom('ap-guangzhou', 'ap-shanghai'),
  RequestClient: fc.constant('SDK_NODEJS_4.1.313'),
});
const host = fc.constantFrom(
  '127.0.0.1:3000',
  'tdmq.tencentcloudapi.com',
  'localhost:8080',
  '[::1]:3000',
);
const stringify = (o: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

describe.each<LegacyMethod>(['HmacSHA1', 'HmacSHA256'])(
  'the legacy %s signature equals the official SDK',
  (signMethod) => {
    it('for a fixed request', () => {
      const params = {
        Action: 'CreateRocketMQCluster',
        Version: '2020-02-17',
        Nonce: 11886,
        Timestamp: 1764028800,
        SecretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
        Region: 'ap-guangzhou',
        SignatureMethod: signMethod,
        Name: 'dev',
        'TagList.0.TagKey': 'env',
        'TagList.0.TagValue': '测试',
      };
      for (const method of ['GET', 'POST']) {
        const sdk = sdkClient(method, '127.0.0.1:3000');
        const ours = legacyStringToSign(method, '127.0.0.1:3000', '/', stringify(params));
        expect(ours).toBe(sdk.formatSignString(params));
        expect(
          ours.startsWith(
            `${method}127.0.0.1:3000/?Action=CreateRocketMQCluster&Name=dev&Nonce=11886&Region=ap-guangzhou`,
          ),
        ).toBe(true);
        expect(legacySignature('secret', signMethod, ours)).toBe(
          SdkSign.sign('secret', ours, signMethod),
        );
      }
    });

    it('for random nested params flattened the SDK way (property)', () => {
      fc.assert(
        fc.property(
          nestedParams,
          common,
          host,
          fc.constantFrom('GET', 'POST'),
          fc.string({ unit: 'binary', maxLength: 40 }),
          (nested, commonParams, endpoint, method, secretKey) => {
            const sdk = sdkClient(method, endpoint);
            const flat = { ...sdk.mergeData(nested), ...commonParams, SignatureMethod: signMethod };
            const sdkString = sdk.formatSignString(flat);
            const ours = legacyStringToSign(method, endpoint, '/', stringify(flat));
            expect(ours).toBe(sdkString);
            expect(legacySignature(secretKey, signMethod, ours)).toBe(
              SdkSign.sign(secretKey, sdkString, signMethod),
            );
          },
        ),
        { numRuns: 300 },
      );
    });

    it('for random flat keys and unicode values (property)', () => {
      fc.assert(
        fc.property(
          fc.dictionary(
            fc.oneof(
              fc.string({ minLength: 1, maxLength: 12 }),
              fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
            ),
            fc.string({ unit: 'binary', maxLength: 20 }),
            { maxKeys: 12 },
          ),
          fc.constantFrom('GET', 'POST'),
          fc.string({ unit: 'binary', maxLength: 40 }),
          (params, method, secretKey) => {
            const sdk = sdkClient(method, 'tdmq.tencentcloudapi.com', '/');
            const ours = legacyStringToSign(method, 'tdmq.tencentcloudapi.com', '/', params);
            expect(ours).toBe(sdk.formatSignString(params));
            expect(legacySignature(secretKey, signMethod, ours)).toBe(
              SdkSign.sign(secretKey, ours, signMethod),
            );
          },
        ),
        { numRuns: 300 },
      );
    });
  },
);

describe('legacyStringToSign', () => {
  it('upper-cases the method and joins raw (unencoded) values in JS sort order', () => {
    expect(legacyStringToSign('post', 'h:1', '/', { b: 'x y&z', B: '1', a: '=' })).toBe(
      'POSTh:1/?B=1&a==&b=x y&z',
    );
  });

  it('uses the path as given (per-action routes)', () => {
    expect(legacyStringToSign('GET', 'h', '/api/tdmq/2020-02-17/X', { A: '1' })).toBe(
      'GETh/api/tdmq/2020-02-17/X?A=1',
    );
  });

  it('gives base64 digests: 28 characters for HmacSHA1, 44 for HmacSHA256', () => {
    const s = legacyStringToSign('GET', 'h', '/', { A: '1' });
    expect(legacySignature('k', 'HmacSHA1', s)).toHaveLength(28);
    expect(legacySignature('k', 'HmacSHA256', s)).toHaveLength(44);
  });
});

describe('isLegacyMethod', () => {
  it.each([
    ['HmacSHA1', true],
    ['HmacSHA256', true],
    ['hmacsha1', false],
    ['HMACSHA256', false],
    ['HmacSHA512', false],
    ['TC3-HMAC-SHA256', false],
    ['', false],
    ['toString', false],
    ['__proto__', false],
    ['hasOwnProperty', false],
    ['constructor', false],
  ])('%j → %s', (name, expected) => {
    expect(isLegacyMethod(name)).toBe(expected);
  });
});
