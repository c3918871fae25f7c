import { createHmac } from 'node:crypto';

/**
 * The legacy API 3.0 signature (`SignatureMethod` HmacSHA1 / HmacSHA256): every parameter,
 * common ones included, sorted by name and joined raw as `k=v&…`, prefixed with
 * `METHOD + host(with port) + path + "?"`, HMAC'd with the SecretKey and base64-encoded.
 */
export type LegacyMethod = 'HmacSHA1' | 'HmacSHA256';

export const LEGACY_METHODS: Record<LegacyMethod, 'sha1' | 'sha256'> = {
  HmacSHA1: 'sha1',
  HmacSHA256: 'sha256',
};

export function isLegacyMethod(v: string): v is LegacyMethod {
  return Object.prototype.hasOwnProperty.call(LEGACY_METHODS, v);
}

/** The string to sign; `params` excludes `Signature`. JS default sort, as the SDK uses. */
export function legacyStringToSign(
  method: string,
  host: string,
  path: string,
  params: Record<string, string>,
): string {
  const keys = Object.keys(params).sort();
  return `${method.toUpperCase()}${host}${path}?${keys.map((k) => `${k}=${params[k]}`).join('&')}`;
}

export function legacySignature(secretKey: string, method: LegacyMethod, toSign: string): string {
  return createHmac(LEGACY_METHODS[method], secretKey)
    .update(Buffer.from(toSign, 'utf8'))
    .digest('base64');
}
