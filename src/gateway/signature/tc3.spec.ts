import fc from 'fast-check';
import sdkSignModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign.js';
import { ApiError } from '../api-error.js';
import {
  canonicalRequest,
  parseTc3Authorization,
  sha256Hex,
  signaturesEqual,
  signTc3,
  stringToSign,
  tc3Signature,
  utcDate,
  type Tc3SignRequest,
} from './tc3.js';

/** The official SDK's signer (a CJS module: its class is the `default` export of module.exports). */
const SdkSign = ((sdkSignModule as any).default ?? sdkSignModule) as {
  sign3(o: {
    method?: string;
    url?: string;
    payload: unknown;
    timestamp: number;
    service: string;
    secretId: string;
    secretKey: string;
    multipart: boolean;
    boundary: string;
    headers: Record<string, string>;
  }): string;
};

/** What the SDK puts in Authorization for a POST of `body` to `http://<host><path>`. */
function sdkAuthorization(r: Tc3SignRequest & { payload: string }): string {
  return SdkSign.sign3({
    method: 'POST',
    url: `http://${r.host}${r.path ?? '/'}${r.query ? `?${r.query}` : ''}`,
    payload: Buffer.from(r.payload, 'utf8'),
    timestamp: r.timestamp,
    service: r.service,
    secretId: r.secretId,
    secretKey: r.secretKey,
    multipart: false,
    boundary: '',
    headers: { 'Content-Type': r.contentType },
  });
}

const HEX64 = 'a'.repeat(64);
const GOOD = `TC3-HMAC-SHA256 Credential=AKIDexample/2025-11-25/tdmq/tc3_request, SignedHeaders=content-type;host, Signature=${HEX64}`;

const expectInvalidAuthorization = (header: string) => {
  let thrown: unknown;
  try {
    parseTc3Authorization(header);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ApiError);
  expect((thrown as ApiError).code).toBe('AuthFailure.InvalidAuthorization');
};

describe('signTc3 agrees with the official SDK (Sign.sign3)', () => {
  const base: Tc3SignRequest & { payload: string } = {
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    service: 'tdmq',
    timestamp: 1764028800,
    method: 'POST',
    host: 'tdmq.tencentcloudapi.com',
    contentType: 'application/json',
    payload: '{"Name":"dev"}',
  };

  it.each([
    ['a plain JSON body', base],
    ['an empty JSON object', { ...base, payload: '{}' }],
    ['an empty body', { ...base, payload: '' }],
    ['unicode in the body', { ...base, payload: '{"Remark":"未命名 ✓ 🚀"}' }],
    ['the service the SDK derives from 127.0.0.1', { ...base, service: '127', host: '127.0.0.1' }],
    ['a per-action route path', { ...base, path: '/api/tdmq/2020-02-17/CreateRocketMQCluster' }],
    ['a charset in the content type', { ...base, contentType: 'application/json; charset=utf-8' }],
    ['a second before UTC midnight', { ...base, timestamp: 1764028799 }],
    ['the epoch', { ...base, timestamp: 0 }],
  ])('for %s', (_name, req) => {
    expect(signTc3(req)).toBe(sdkAuthorization(req));
  });

  it('for a body the SDK serializes from a params object itself', () => {
    const params = { Name: 'dev', TagList: [{ TagKey: 'env', TagValue: 'dév' }], Limit: 20 };
    const sdk = SdkSign.sign3({
      method: 'POST',
      url: 'https://tdmq.tencentcloudapi.com/',
      payload: params,
      timestamp: base.timestamp,
      service: 'tdmq',
      secretId: base.secretId,
      secretKey: base.secretKey,
      multipart: false,
      boundary: '',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(signTc3({ ...base, payload: JSON.stringify(params) })).toBe(sdk);
  });

  it('for random credentials, services, timestamps and unicode bodies', () => {
    // Hostnames as URL() leaves them: lower-case, no all-numeric (IPv4) or punycode labels.
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
    fc.assert(
      fc.property(
        fc.record({
          secretId: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
          secretKey: fc.string({ unit: 'binary', maxLength: 80 }),
          service: fc.stringMatching(/^[a-z0-9]{1,12}$/),
          timestamp: fc.integer({ min: 0, max: 4102444800 }),
          host: fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')),
          contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded'),
          payload: fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json()),
        }),
        (r) => {
          const req = { ...r, method: 'POST' as const };
          expect(signTc3(req)).toBe(sdkAuthorization(req));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseTc3Authorization', () => {
  it('reads the fields of a well-formed header', () => {
    expect(parseTc3Authorization(GOOD)).toEqual({
      secretId: 'AKIDexample',
      date: '2025-11-25',
      service: 'tdmq',
      signedHeaders: ['content-type', 'host'],
      signature: HEX64,
    });
  });

  it.each([
    [
      'extra spaces everywhere',
      `   TC3-HMAC-SHA256    Credential = AKIDexample/2025-11-25/tdmq/tc3_request ,SignedHeaders= content-type;host ,  Signature=${HEX64}   `,
    ],
    ['an upper-case hex signature', GOOD.replace(HEX64, 'ABCDEF0123'.repeat(6) + 'ABCD')],
    ['upper-case header names', GOOD.replace('content-type;host', 'Content-Type;Host')],
    [
      'fields in another order',
      `TC3-HMAC-SHA256 Signature=${HEX64}, SignedHeaders=content-type;host, Credential=AKIDexample/2025-11-25/tdmq/tc3_request`,
    ],
  ])('accepts %s', (_name, header) => {
    const parsed = parseTc3Authorization(header);
    expect(parsed.secretId).toBe('AKIDexample');
    expect(parsed.date).toBe('2025-11-25');
    expect(parsed.service).toBe('tdmq');
    expect(parsed.signedHeaders).toEqual(['content-type', 'host']);
    expect(parsed.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns an upper-case signature lower-cased', () => {
    const upper = 'ABCDEF0123'.repeat(6) + 'ABCD';
    expect(parseTc3Authorization(GOOD.replace(HEX64, upper)).signature).toBe(upper.toLowerCase());
  });

  it('keeps additional signed headers, in the order the client listed them', () => {
    const parsed = parseTc3Authorization(
      GOOD.replace('content-type;host', 'x-tc-action;host;content-type;x-tc-timestamp'),
    );
    expect(parsed.signedHeaders).toEqual(['x-tc-action', 'host', 'content-type', 'x-tc-timestamp']);
  });

  it('reads the service the SDK derives from an IP endpoint', () => {
    expect(parseTc3Authorization(GOOD.replace('/tdmq/', '/127/')).service).toBe('127');
  });

  const cred = 'Credential=AKIDexample/2025-11-25/tdmq/tc3_request';
  const sh = 'SignedHeaders=content-type;host';
  const sig = `Signature=${HEX64}`;
  it.each([
    ['an empty header', ''],
    ['another algorithm', `TC3-HMAC-SHA1 ${cred}, ${sh}, ${sig}`],
    ['AWS SigV4', `AWS4-HMAC-SHA256 ${cred}, ${sh}, ${sig}`],
    ['a lower-case algorithm', `tc3-hmac-sha256 ${cred}, ${sh}, ${sig}`],
    ['no space after the algorithm', `TC3-HMAC-SHA256${cred}, ${sh}, ${sig}`],
    ['the algorithm alone', 'TC3-HMAC-SHA256 '],
    ['no Credential', `TC3-HMAC-SHA256 ${sh}, ${sig}`],
    ['no SignedHeaders', `TC3-HMAC-SHA256 ${cred}, ${sig}`],
    ['no Signature', `TC3-HMAC-SHA256 ${cred}, ${sh}`],
    ['an empty Signature', `TC3-HMAC-SHA256 ${cred}, ${sh}, Signature=`],
    ['a piece without "="', `TC3-HMAC-SHA256 ${cred}, ${sh}, ${sig}, garbage`],
    [
      'a scope with 3 parts',
      `TC3-HMAC-SHA256 Credential=AKIDexample/2025-11-25/tc3_request, ${sh}, ${sig}`,
    ],
    [
      'a scope with 5 parts',
      `TC3-HMAC-SHA256 Credential=AKIDexample/2025-11-25/tdmq/x/tc3_request, ${sh}, ${sig}`,
    ],
    [
      'a scope not ending in tc3_request',
      `TC3-HMAC-SHA256 Credential=AKIDexample/2025-11-25/tdmq/aws4_request, ${sh}, ${sig}`,
    ],
    ['an empty SecretId', `TC3-HMAC-SHA256 Credential=/2025-11-25/tdmq/tc3_request, ${sh}, ${sig}`],
    [
      'an empty service',
      `TC3-HMAC-SHA256 Credential=AKIDexample/2025-11-25//tc3_request, ${sh}, ${sig}`,
    ],
    [
      'a date without dashes',
      `TC3-HMAC-SHA256 Credential=AKIDexample/20251125/tdmq/tc3_request, ${sh}, ${sig}`,
    ],
    [
      'a date with a one-digit month',
      `TC3-HMAC-SHA256 Credential=AKIDexample/2025-1-25/tdmq/tc3_request, ${sh}, ${sig}`,
    ],
    [
      'a word for the date',
      `TC3-HMAC-SHA256 Credential=AKIDexample/today/tdmq/tc3_request, ${sh}, ${sig}`,
    ],
    ['a non-hex signature', `TC3-HMAC-SHA256 ${cred}, ${sh}, Signature=${'g'.repeat(64)}`],
    ['a 63-character signature', `TC3-HMAC-SHA256 ${cred}, ${sh}, Signature=${'a'.repeat(63)}`],
    ['a 65-character signature', `TC3-HMAC-SHA256 ${cred}, ${sh}, Signature=${'a'.repeat(65)}`],
    ['a base64 signature', `TC3-HMAC-SHA256 ${cred}, ${sh}, Signature=${'q'.repeat(43)}=`],
    ['SignedHeaders without host', `TC3-HMAC-SHA256 ${cred}, SignedHeaders=content-type, ${sig}`],
    [
      'SignedHeaders without content-type',
      `TC3-HMAC-SHA256 ${cred}, SignedHeaders=host;x-tc-action, ${sig}`,
    ],
    [
      'an underscore in a header name',
      `TC3-HMAC-SHA256 ${cred}, SignedHeaders=content-type;host;x_tc_action, ${sig}`,
    ],
    [
      'a space inside a header name',
      `TC3-HMAC-SHA256 ${cred}, SignedHeaders=content type;content-type;host, ${sig}`,
    ],
    [
      'a colon in a header name',
      `TC3-HMAC-SHA256 ${cred}, SignedHeaders=content-type;host;x:y, ${sig}`,
    ],
    ['an empty header name', `TC3-HMAC-SHA256 ${cred}, SignedHeaders=content-type;;host, ${sig}`],
    [
      'a non-ASCII header name',
      `TC3-HMAC-SHA256 ${cred}, SignedHeaders=content-type;host;hôst, ${sig}`,
    ],
  ])('refuses %s with AuthFailure.InvalidAuthorization', (_name, header) => {
    expectInvalidAuthorization(header);
  });
});

describe('canonicalRequest', () => {
  it('sorts headers by name, trims and lower-cases values, and lists the sorted names', () => {
    const canonical = canonicalRequest({
      method: 'post',
      path: '/',
      query: '',
      headers: {
        'x-tc-action': '  DescribeRocketMQClusters ',
        host: 'TDMQ.TencentCloudAPI.com',
        'content-type': ' Application/JSON; Charset=UTF-8\t',
      },
      signedHeaders: ['x-tc-action', 'host', 'content-type'],
      payloadHash: sha256Hex('{}'),
    });
    expect(canonical).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8\nhost:tdmq.tencentcloudapi.com\nx-tc-action:describerocketmqclusters\n',
        'content-type;host;x-tc-action',
        '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
      ].join('\n'),
    );
  });

  it('keeps the path and raw query exactly as sent', () => {
    const canonical = canonicalRequest({
      method: 'GET',
      path: '/api/tdmq/2020-02-17/DescribeRocketMQClusters',
      query: 'Limit=20&Filters.0.Name=tag%3Aenv&Offset=0',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'h' },
      signedHeaders: ['content-type', 'host'],
      payloadHash: sha256Hex(''),
    });
    expect(canonical.split('\n').slice(0, 3)).toEqual([
      'GET',
      '/api/tdmq/2020-02-17/DescribeRocketMQClusters',
      'Limit=20&Filters.0.Name=tag%3Aenv&Offset=0',
    ]);
  });

  it('signs a header that was listed but not sent as empty', () => {
    const canonical = canonicalRequest({
      method: 'POST',
      path: '/',
      query: '',
      headers: { 'content-type': 'application/json', host: 'h' },
      signedHeaders: ['host', 'content-type', 'x-tc-region'],
      payloadHash: sha256Hex(''),
    });
    expect(canonical).toContain('host:h\nx-tc-region:\n\ncontent-type;host;x-tc-region\n');
  });

  it('does not depend on the order of SignedHeaders (property)', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), { minLength: 1, maxLength: 8 })
          .chain((names) =>
            fc.tuple(
              fc.constant(names),
              fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }),
            ),
          ),
        fc.string({ unit: 'binary', maxLength: 20 }),
        ([names, shuffled], value) => {
          const headers = Object.fromEntries(names.map((n, i) => [n, `${value}${i}`]));
          const build = (signedHeaders: string[]) =>
            canonicalRequest({
              method: 'POST',
              path: '/',
              query: '',
              headers,
              signedHeaders,
              payloadHash: 'x',
            });
          expect(build(shuffled)).toBe(build(names));
          expect(build(names).split('\n').at(-2)).toBe([...names].sort().join(';'));
        },
      ),
    );
  });
});

describe('tampering changes the signature', () => {
  interface Signed {
    secretKey: string;
    service: string;
    date: string;
    timestamp: number;
    method: string;
    path: string;
    query: string;
    body: string;
  }
  const signOf = (r: Signed) =>
    tc3Signature(
      r.secretKey,
      r.date,
      r.service,
      stringToSign(
        r.timestamp,
        r.date,
        r.service,
        canonicalRequest({
          method: r.method,
          path: r.path,
          query: r.query,
          headers: { 'content-type': 'application/json', host: 'tdmq.example.com' },
          signedHeaders: ['content-type', 'host'],
          payloadHash: sha256Hex(r.body),
        }),
      ),
    );

  const request = fc.record({
    secretKey: fc.string({ unit: 'binary', maxLength: 40 }),
    service: fc.stringMatching(/^[a-z0-9]{1,10}$/),
    timestamp: fc.integer({ min: 0, max: 4102444800 }),
    method: fc.constantFrom('GET', 'POST'),
    path: fc.string({ maxLength: 30 }).map((p) => `/${p}`),
    query: fc.string({ maxLength: 30 }),
    body: fc.string({ unit: 'binary', maxLength: 100 }),
  });
  const withDate = (r: Omit<Signed, 'date'>): Signed => ({ ...r, date: utcDate(r.timestamp) });

  it.each<[string, keyof Signed, fc.Arbitrary<string | number>]>([
    ['body', 'body', fc.string({ unit: 'binary', maxLength: 100 })],
    ['path', 'path', fc.string({ maxLength: 30 }).map((p) => `/${p}`)],
    ['query', 'query', fc.string({ maxLength: 30 })],
    [
      'date',
      'date',
      fc
        .date({ noInvalidDate: true, min: new Date(0), max: new Date(4102444800000) })
        .map((d) => d.toISOString().slice(0, 10)),
    ],
    ['timestamp', 'timestamp', fc.integer({ min: 0, max: 4102444800 })],
    ['service', 'service', fc.stringMatching(/^[a-z0-9]{1,10}$/)],
    ['key', 'secretKey', fc.string({ unit: 'binary', maxLength: 40 })],
  ])('a changed %s gives a different signature', (_name, field, other) => {
    fc.assert(
      fc.property(request, other, (r, value) => {
        const original = withDate(r);
        fc.pre(original[field] !== value);
        // HMAC pads short keys with zero bytes: keys that differ only in trailing NULs are the
        // same key ("TC3" + "" and "TC3" + "\0"), so they are not a tampering.
        if (field === 'secretKey')
          fc.pre(String(original[field]).replace(/\0+$/, '') !== String(value).replace(/\0+$/, ''));
        const tampered = { ...original, [field]: value };
        expect(signOf(tampered)).not.toBe(signOf(original));
        expect(signaturesEqual(signOf(tampered), signOf(original))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('an unchanged request verifies', () => {
    fc.assert(
      fc.property(request, (r) => {
        expect(signaturesEqual(signOf(withDate(r)), signOf(withDate({ ...r })))).toBe(true);
      }),
    );
  });
});

describe('signaturesEqual', () => {
  const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

  it('ignores case', () => {
    fc.assert(
      fc.property(hex64, (s) => {
        expect(signaturesEqual(s, s.toUpperCase())).toBe(true);
        expect(signaturesEqual(s.toUpperCase(), s)).toBe(true);
      }),
    );
  });

  it('is false for different lengths (without throwing)', () => {
    fc.assert(
      fc.property(hex64, fc.integer({ min: 0, max: 63 }), (s, n) => {
        expect(signaturesEqual(s, s.slice(0, n))).toBe(false);
        expect(signaturesEqual(s.slice(0, n), s)).toBe(false);
        expect(signaturesEqual(s, `${s}0`)).toBe(false);
      }),
    );
  });

  it('is false when one character differs', () => {
    fc.assert(
      fc.property(hex64, fc.integer({ min: 0, max: 63 }), (s, i) => {
        const flipped = s.slice(0, i) + (s[i] === '0' ? '1' : '0') + s.slice(i + 1);
        expect(signaturesEqual(s, flipped)).toBe(false);
      }),
    );
  });
});

describe('utcDate', () => {
  it.each([
    [1764028799, '2025-11-24'],
    [1764028800, '2025-11-25'],
    [1764028801, '2025-11-25'],
    [0, '1970-01-01'],
    [951782399, '2000-02-28'],
    [951782400, '2000-02-29'],
    [1735689599, '2024-12-31'],
    [1735689600, '2025-01-01'],
  ])('%i is %s', (ts, date) => {
    expect(utcDate(ts)).toBe(date);
  });

  it('matches the credential scope date the SDK signs (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444800 }), (ts) => {
        const auth = signTc3({
          secretId: 'id',
          secretKey: 'key',
          service: 'tdmq',
          timestamp: ts,
          method: 'POST',
          host: 'h',
          contentType: 'application/json',
          payload: '{}',
        });
        expect(auth).toContain(`/${utcDate(ts)}/tdmq/tc3_request`);
        expect(auth).toBe(
          sdkAuthorization({
            secretId: 'id',
            secretKey: 'key',
            service: 'tdmq',
            timestamp: ts,
            method: 'POST',
            host: 'h',
            contentType: 'application/json',
            payload: '{}',
          }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
