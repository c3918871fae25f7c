import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DataPlaneError } from '../dataplane-error.js';

/** What the RocketMQ HTTP SDKs send: `MQ <AccessKeyId>:<Signature>`. */
const AUTHORIZATION = /^MQ ([^:\s]+):(\S+)$/;
/** Clients sign an RFC 1123 Date; beyond this skew a request is refused (the SDKs never retry). */
const MAX_SKEW_MS = 15 * 60_000;

export type Headers = Record<string, string | string[] | undefined>;

const header = (h: Headers, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The AccessKeyId (a role token) and signature of a request, or AccessDenied. */
export function credentialsOf(headers: Headers): { accessKey: string; signature: string } {
  const m = AUTHORIZATION.exec(header(headers, 'authorization') ?? '');
  if (!m)
    throw new DataPlaneError(
      'AccessDenied',
      'Missing or malformed Authorization header: expected "MQ <AccessKey>:<Signature>".',
    );
  return { accessKey: m[1], signature: m[2] };
}

/**
 * The signed resource: the raw request-target from `/topics/` on (the endpoint's path prefix,
 * e.g. `/rocketmq/<ClusterId>`, is not signed by the SDKs), undecoded, query order kept.
 */
export function signedResource(rawUrl: string): string {
  const i = rawUrl.indexOf('/topics/');
  return i < 0 ? rawUrl : rawUrl.slice(i);
}

export function stringToSign(method: string, headers: Headers, resource: string): string {
  const mqHeaders = Object.keys(headers)
    .map((k) => k.toLowerCase())
    .filter((k) => k.startsWith('x-mq-'))
    .sort()
    .map((k) => `${k}:${header(headers, k) ?? ''}\n`)
    .join('');
  return [
    method.toUpperCase(),
    header(headers, 'content-md5') ?? '',
    header(headers, 'content-type') ?? '',
    header(headers, 'date') ?? '',
    `${mqHeaders}${resource}`,
  ].join('\n');
}

export function sign(secret: string, text: string): string {
  return createHmac('sha1', secret).update(text, 'utf8').digest('base64');
}

/**
 * Checks a request's signature (HMAC-SHA1 over method, Content-MD5, Content-Type, Date, the
 * `x-mq-*` headers and the resource), its Date and its Content-MD5 (the SDKs send base64 of
 * the hex MD5; base64 of the raw digest is accepted too).
 */
export function verifyRequest(
  method: string,
  rawUrl: string,
  headers: Headers,
  body: Buffer | undefined,
  signature: string,
  secret: string,
  now = Date.now(),
): void {
  const date = Date.parse(header(headers, 'date') ?? '');
  if (Number.isNaN(date))
    throw new DataPlaneError('AccessDenied', 'Missing or unreadable Date header.');
  if (Math.abs(now - date) > MAX_SKEW_MS)
    throw new DataPlaneError(
      'TimeExpired',
      `The request's Date is more than ${MAX_SKEW_MS / 60_000} minutes from the server's time.`,
    );
  const expected = Buffer.from(sign(secret, stringToSign(method, headers, signedResource(rawUrl))));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new DataPlaneError(
      'SignatureDoesNotMatch',
      'The request signature does not match: sign with SecretKey = the role name (or the role’s manual SecretKey).',
    );
  const md5 = header(headers, 'content-md5');
  if (md5 && body) {
    const hex = createHash('md5').update(body).digest('hex');
    const accepted = [
      Buffer.from(hex).toString('base64'),
      Buffer.from(hex, 'hex').toString('base64'),
    ];
    if (!accepted.includes(md5))
      throw new DataPlaneError('InvalidDigest', 'Content-MD5 does not match the body.');
  }
}
