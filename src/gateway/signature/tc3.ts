import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../api-error.js';

/**
 * TC3-HMAC-SHA256, as the official SDK computes it (tencent-api3.md). Pure functions only:
 * the server verifies with them, the CLI and the tests sign with them.
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export interface Tc3Authorization {
  secretId: string;
  /** YYYY-MM-DD from the credential scope. */
  date: string;
  /** Whatever the client put in the scope (the SDK uses the endpoint's first label). */
  service: string;
  /** Lower-cased header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
}

export interface Tc3CanonicalInput {
  method: string;
  /** The request path as sent (the SDK signs `/`). */
  path: string;
  /** The raw query string as sent, without `?` (empty for POST). */
  query: string;
  /** Lower-cased header name → value, for every signed header. */
  headers: Record<string, string>;
  signedHeaders: string[];
  /** hex(sha256(raw body bytes)). */
  payloadHash: string;
}

export const sha256Hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex');

const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data).digest();

/** YYYY-MM-DD, the UTC date of a unix timestamp in seconds. */
export function utcDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

function fault(code: 'AuthFailure.InvalidAuthorization', message: string): never {
  throw new ApiError(code, message);
}

/**
 * Parses `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>`.
 * Anything malformed is `AuthFailure.InvalidAuthorization`.
 */
export function parseTc3Authorization(header: string): Tc3Authorization {
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${TC3_ALGORITHM} `)) {
    fault('AuthFailure.InvalidAuthorization', `Authorization must use ${TC3_ALGORITHM}.`);
  }
  const parts = new Map<string, string>();
  for (const piece of trimmed.slice(TC3_ALGORITHM.length).split(',')) {
    const eq = piece.indexOf('=');
    if (eq < 0) fault('AuthFailure.InvalidAuthorization', 'Authorization header is malformed.');
    parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    fault(
      'AuthFailure.InvalidAuthorization',
      'Authorization must carry Credential, SignedHeaders and Signature.',
    );
  }
  const scope = credential.split('/');
  if (scope.length !== 4 || scope[3] !== 'tc3_request' || !scope[0] || !scope[2]) {
    fault(
      'AuthFailure.InvalidAuthorization',
      'Credential must be <SecretId>/<YYYY-MM-DD>/<service>/tc3_request.',
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(scope[1])) {
    fault('AuthFailure.InvalidAuthorization', 'The credential scope date must be YYYY-MM-DD.');
  }
  if (!/^[0-9a-f]{64}$/i.test(signature)) {
    fault('AuthFailure.InvalidAuthorization', 'Signature must be 64 hex characters.');
  }
  const names = signedHeaders.split(';').map((h) => h.trim().toLowerCase());
  if (names.some((n) => !/^[a-z0-9-]+$/.test(n))) {
    fault('AuthFailure.InvalidAuthorization', 'SignedHeaders is malformed.');
  }
  if (!names.includes('content-type') || !names.includes('host')) {
    fault('AuthFailure.InvalidAuthorization', 'SignedHeaders must include content-type and host.');
  }
  return {
    secretId: scope[0],
    date: scope[1],
    service: scope[2],
    signedHeaders: names,
    signature: signature.toLowerCase(),
  };
}

/**
 * The canonical request; headers are rebuilt from the SignedHeaders list, sorted, with values
 * trimmed and lower-cased as Tencent's signing guide specifies (the SDK's values already are).
 */
export function canonicalRequest(input: Tc3CanonicalInput): string {
  const names = [...input.signedHeaders].sort();
  const canonicalHeaders = names
    .map((n) => `${n}:${(input.headers[n] ?? '').trim().toLowerCase()}\n`)
    .join('');
  return [
    input.method.toUpperCase(),
    input.path,
    input.query,
    canonicalHeaders,
    names.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function stringToSign(
  timestamp: number,
  date: string,
  service: string,
  canonical: string,
): string {
  return `${TC3_ALGORITHM}\n${timestamp}\n${date}/${service}/tc3_request\n${sha256Hex(canonical)}`;
}

/** Derived signing keys change once a day per (key, service): keep the recent ones. */
const signingKeys = new Map<string, Buffer>();

function signingKey(secretKey: string, date: string, service: string): Buffer {
  const id = `${secretKey}\n${date}\n${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
    if (signingKeys.size >= 1000) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

export function tc3Signature(
  secretKey: string,
  date: string,
  service: string,
  toSign: string,
): string {
  return createHmac('sha256', signingKey(secretKey, date, service))
    .update(toSign)
    .digest('hex');
}

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Tc3SignRequest {
  secretId: string;
  secretKey: string;
  service: string;
  timestamp: number;
  method: 'GET' | 'POST';
  /** Host as it will be signed (without port, as the SDK does). */
  host: string;
  path?: string;
  query?: string;
  contentType: string;
  payload: string | Buffer;
}

/** Signs a request the way the official SDK does; returns the Authorization header value. */
export function signTc3(req: Tc3SignRequest): string {
  const date = utcDate(req.timestamp);
  const signedHeaders = ['content-type', 'host'];
  const canonical = canonicalRequest({
    method: req.method,
    path: req.path ?? '/',
    query: req.query ?? '',
    headers: { 'content-type': req.contentType, host: req.host },
    signedHeaders,
    payloadHash: sha256Hex(req.payload),
  });
  const signature = tc3Signature(
    req.secretKey,
    date,
    req.service,
    stringToSign(req.timestamp, date, req.service, canonical),
  );
  return `${TC3_ALGORITHM} Credential=${req.secretId}/${date}/${req.service}/tc3_request, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
}
