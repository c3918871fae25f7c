import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SecretBox } from '../../crypto/secret-box.js';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * Role tokens: JWT-shaped like the hosted product's (`header.payload.signature`), with a random
 * jti, signed with a key derived from the master key. The signature lets the data plane turn
 * away forged tokens without a lookup; whether a token is current is decided by its stored hash.
 */
@Injectable()
export class RoleTokens {
  private readonly key: Buffer;
  private readonly lookupKey: Buffer;

  constructor(box: SecretBox) {
    this.key = box.derive('role-token');
    this.lookupKey = box.derive('role-token-lookup');
  }

  issue(clusterId: string, roleName: string): string {
    const payload = Buffer.from(
      JSON.stringify({
        iss: 'rocketmq-cloud',
        sub: `${clusterId}/${roleName}`,
        iat: Math.floor(Date.now() / 1000),
        jti: randomBytes(18).toString('base64url'),
      }),
    ).toString('base64url');
    return `${HEADER}.${payload}.${this.sign(`${HEADER}.${payload}`)}`;
  }

  /** True for tokens this service issued whose signature is wrong (manual tokens are not judged here). */
  forged(token: string): boolean {
    if (!token.startsWith(`${HEADER}.`)) return false;
    const parts = token.split('.');
    if (parts.length !== 3) return true;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    return expected.length !== given.length || !timingSafeEqual(expected, given);
  }

  /**
   * What the database stores to find a token (never the token itself): keyed, so that a dump
   * does not let anyone test guesses of a weak MANUAL AccessKey.
   */
  hash(token: string): Buffer {
    return createHmac('sha256', this.lookupKey).update(token).digest();
  }

  /** The unkeyed hash rows had before 1764700000000-KeyedRoleTokenHashes (re-keyed at start). */
  static legacyHash(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}
