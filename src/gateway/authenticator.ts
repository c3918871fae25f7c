import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { AccessKeysService, type ResolvedKey } from '../cam/access-keys/access-keys.service.js';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { ApiError } from './api-error.js';
import { decodeForm, parseJsonParams, unflatten, type Params } from './params/params.js';
import { header, stripPort, type RawApiRequest } from './raw-request.js';
import { isLegacyMethod, legacySignature, legacyStringToSign } from './signature/legacy.js';
import {
  canonicalRequest,
  parseTc3Authorization,
  sha256Hex,
  signaturesEqual,
  stringToSign,
  tc3Signature,
  utcDate,
} from './signature/tc3.js';

/** A request whose signature checked out, with its routing fields and undecoded parameters. */
export interface AuthenticatedCall {
  key: ResolvedKey;
  action: string;
  version: string;
  /** Empty when the client sent none. */
  region: string;
  params: Params;
  /** Parameters came flattened from a form or query string: every leaf is a string. */
  flattened: boolean;
}

/** Legacy common parameters: consumed by the gateway, never passed to the action. */
const LEGACY_COMMON = new Set([
  'Action',
  'Version',
  'Timestamp',
  'Nonce',
  'SecretId',
  'Region',
  'SignatureMethod',
  'Signature',
  'Token',
  'Language',
  'RequestClient',
]);

const missing = (name: string) =>
  new ApiError('MissingParameter', `The request is missing the required parameter \`${name}\`.`);

@Injectable()
export class Authenticator {
  constructor(
    private readonly keys: AccessKeysService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async authenticate(req: RawApiRequest): Promise<AuthenticatedCall> {
    if (header(req, 'x-tc-secretkey') !== undefined) {
      throw new ApiError(
        'AuthFailure.InvalidAuthorization',
        'Never send a SecretKey: sign the request with it instead.',
      );
    }
    const authorization = header(req, 'authorization');
    if (authorization !== undefined) return this.tc3(req, authorization);
    const pairs = this.formPairs(req);
    if (pairs && pairs.some(([k]) => k === 'Signature')) return this.legacy(req, pairs);
    throw new ApiError(
      'AuthFailure.InvalidAuthorization',
      'The request is not signed: send a TC3-HMAC-SHA256 Authorization header (or legacy Signature parameters).',
    );
  }

  private routed(
    req: RawApiRequest,
    given: string | undefined,
    field: 'action' | 'version',
    name: string,
  ): string {
    const fromPath = req.route?.[field];
    if (fromPath && given && given !== fromPath) {
      throw new ApiError(
        'InvalidParameter',
        `${name} "${given}" contradicts the request path (${fromPath}).`,
      );
    }
    const value = fromPath ?? given;
    if (!value) throw missing(name);
    return value;
  }

  private checkSkew(timestamp: number): void {
    const now = Math.floor(Date.now() / 1000);
    if (Math.abs(now - timestamp) > this.config.signatureMaxSkewSeconds) {
      throw new ApiError(
        'AuthFailure.SignatureExpire',
        `The request timestamp ${timestamp} is more than ${this.config.signatureMaxSkewSeconds} s from the server time ${now}.`,
      );
    }
  }

  private async key(secretId: string): Promise<ResolvedKey> {
    const key = await this.keys.resolve(secretId);
    if (!key)
      throw new ApiError(
        'AuthFailure.SecretIdNotFound',
        `The SecretId ${secretId} does not exist or is disabled.`,
      );
    return key;
  }

  /** The host forms a client may have signed: without the port (the SDK) and as sent. */
  private hostCandidates(req: RawApiRequest, withPortFirst: boolean): string[] {
    const sent = (header(req, 'host') ?? '').toLowerCase();
    const bare = stripPort(sent);
    const list = withPortFirst ? [sent, bare] : [bare, sent];
    return [...new Set(list)];
  }

  private async tc3(req: RawApiRequest, authorization: string): Promise<AuthenticatedCall> {
    const action = this.routed(req, header(req, 'x-tc-action'), 'action', 'X-TC-Action');
    const version = this.routed(req, header(req, 'x-tc-version'), 'version', 'X-TC-Version');
    const rawTimestamp = header(req, 'x-tc-timestamp');
    if (!rawTimestamp) throw missing('X-TC-Timestamp');
    if (!/^\d{1,12}$/.test(rawTimestamp)) {
      throw new ApiError(
        'AuthFailure.InvalidAuthorization',
        'X-TC-Timestamp must be a unix time in seconds.',
      );
    }
    const timestamp = Number(rawTimestamp);
    const auth = parseTc3Authorization(authorization);
    this.checkSkew(timestamp);
    if (auth.date !== utcDate(timestamp)) {
      throw new ApiError(
        'AuthFailure.SignatureFailure',
        `The credential scope date ${auth.date} is not the UTC date of X-TC-Timestamp (${utcDate(timestamp)}).`,
      );
    }
    const key = await this.key(auth.secretId);
    if (header(req, 'x-tc-token')) {
      throw new ApiError(
        'AuthFailure.TokenFailure',
        'Temporary credentials (X-TC-Token) are not issued by this service.',
      );
    }
    const headers: Record<string, string> = {};
    for (const name of auth.signedHeaders) headers[name] = header(req, name) ?? '';
    const payloadHash = sha256Hex(req.body);
    const matches = this.hostCandidates(req, false).some((host) => {
      const canonical = canonicalRequest({
        method: req.method,
        path: req.path,
        query: req.rawQuery,
        headers: { ...headers, host },
        signedHeaders: auth.signedHeaders,
        payloadHash,
      });
      const expected = tc3Signature(
        key.secretKey,
        auth.date,
        auth.service,
        stringToSign(timestamp, auth.date, auth.service, canonical),
      );
      return signaturesEqual(expected, auth.signature);
    });
    if (!matches) {
      throw new ApiError(
        'AuthFailure.SignatureFailure',
        'The request signature does not match: check the SecretKey and the signing steps.',
      );
    }
    return {
      key,
      action,
      version,
      region: header(req, 'x-tc-region') ?? '',
      ...this.tc3Params(req),
    };
  }

  private tc3Params(req: RawApiRequest): { params: Params; flattened: boolean } {
    if (req.method === 'GET')
      return { params: unflatten(decodeForm(req.rawQuery)), flattened: true };
    const contentType = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (contentType === 'application/json')
      return { params: parseJsonParams(req.body), flattened: false };
    if (contentType === 'application/x-www-form-urlencoded') {
      return { params: unflatten(decodeForm(req.body.toString('utf8'))), flattened: true };
    }
    throw new ApiError(
      'InvalidParameter',
      `Content-Type "${contentType || '(none)'}" is not supported: send application/json.`,
    );
  }

  /** Legacy signing puts everything in the query (GET) or a form body (POST). */
  private formPairs(req: RawApiRequest): Array<[string, string]> | undefined {
    if (req.method === 'GET') return decodeForm(req.rawQuery);
    const contentType = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (contentType === 'application/x-www-form-urlencoded')
      return decodeForm(req.body.toString('utf8'));
    return undefined;
  }

  private async legacy(
    req: RawApiRequest,
    pairs: Array<[string, string]>,
  ): Promise<AuthenticatedCall> {
    const all: Record<string, string> = {};
    for (const [k, v] of pairs) {
      if (Object.prototype.hasOwnProperty.call(all, k))
        throw new ApiError('InvalidParameter', `The parameter \`${k}\` is given more than once.`);
      all[k] = v;
    }
    for (const name of ['Action', 'Version', 'Timestamp', 'Nonce', 'SecretId']) {
      if (!all[name]) throw missing(name);
    }
    const action = this.routed(req, all.Action, 'action', 'Action');
    const version = this.routed(req, all.Version, 'version', 'Version');
    const method = all.SignatureMethod ?? 'HmacSHA1';
    if (!isLegacyMethod(method)) {
      throw new ApiError(
        'AuthFailure.InvalidAuthorization',
        `SignatureMethod must be HmacSHA1 or HmacSHA256, got "${method}".`,
      );
    }
    if (!/^\d{1,12}$/.test(all.Timestamp))
      throw new ApiError(
        'AuthFailure.InvalidAuthorization',
        'Timestamp must be a unix time in seconds.',
      );
    this.checkSkew(Number(all.Timestamp));
    const key = await this.key(all.SecretId);
    if (all.Token)
      throw new ApiError(
        'AuthFailure.TokenFailure',
        'Temporary credentials (Token) are not issued by this service.',
      );
    const { Signature: signature, ...signed } = all;
    const given = Buffer.from(signature, 'utf8');
    const matches = this.hostCandidates(req, true).some((host) => {
      const expected = Buffer.from(
        legacySignature(
          key.secretKey,
          method,
          legacyStringToSign(req.method, host, req.path, signed),
        ),
        'utf8',
      );
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!matches) {
      throw new ApiError(
        'AuthFailure.SignatureFailure',
        'The request signature does not match: check the SecretKey and the signing steps.',
      );
    }
    const params = unflatten(pairs.filter(([k]) => !LEGACY_COMMON.has(k)));
    return { key, action, version, region: all.Region ?? '', params, flattened: true };
  }
}
