import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AccessKeyEntity } from './access-key.entity.js';
import { SecretBox } from '../../crypto/secret-box.js';

/** A verified-usable key: what the gateway needs to check a signature and name the caller. */
export interface ResolvedKey {
  secretId: string;
  secretKey: string;
  uin: string;
  ownerUin: string;
  isRoot: boolean;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomText = (n: number) =>
  Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');

/** Keys are looked up on every request; a short cache keeps the hot path off the database. */
const CACHE_TTL_MS = 5_000;
const ROOT_KEY_LOCK = 727_002;

@Injectable()
export class AccessKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AccessKeys');
  private readonly cache = new Map<string, { key: ResolvedKey | undefined; expiresAt: number }>();
  private readonly envRootKey: ResolvedKey | undefined;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRepository(AccessKeyEntity) private readonly keys: Repository<AccessKeyEntity>,
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
  ) {
    const { secretId, secretKey, uin } = config.root;
    this.envRootKey =
      secretId && secretKey ? { secretId, secretKey, uin, ownerUin: uin, isRoot: true } : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.envRootKey) await this.ensureGeneratedRootKey();
  }

  /** The key for a SecretId if it exists and is active. */
  async resolve(secretId: string): Promise<ResolvedKey | undefined> {
    if (this.envRootKey && secretId === this.envRootKey.secretId) return this.envRootKey;
    const now = Date.now();
    const hit = this.cache.get(secretId);
    if (hit && hit.expiresAt > now) return hit.key;
    const row = await this.keys.findOneBy({ secretId });
    const key =
      row && row.status === 'Active'
        ? {
            secretId,
            secretKey: this.box.open(row.secretKeyEnc),
            uin: row.uin,
            ownerUin: row.ownerUin,
            isRoot: row.uin === row.ownerUin,
          }
        : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(secretId, { key, expiresAt: now + CACHE_TTL_MS });
    return key;
  }

  /** Forget a cached key (after it is disabled or deleted). */
  invalidate(secretId: string): void {
    this.cache.delete(secretId);
  }

  /** With no ROOT_SECRET_* configured, the first boot generates the root key and prints it once. */
  private async ensureGeneratedRootKey(): Promise<void> {
    const uin = this.config.root.uin;
    const created = await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [ROOT_KEY_LOCK]);
      const existing = await em.getRepository(AccessKeyEntity).countBy({ ownerUin: uin, uin });
      if (existing > 0) return undefined;
      const secretId = `AKID${randomText(32)}`;
      const secretKey = randomText(32);
      await em.getRepository(AccessKeyEntity).insert({
        secretId,
        ownerUin: uin,
        uin,
        secretKeyEnc: this.box.seal(secretKey),
        status: 'Active',
      });
      return { secretId, secretKey };
    });
    if (created) {
      this.logger.warn(
        [
          `Generated the root account's API key (uin ${uin}). It is shown this once; store it now:`,
          `  SecretId:  ${created.secretId}`,
          `  SecretKey: ${created.secretKey}`,
          `  e.g. export TENCENTCLOUD_SECRET_ID=${created.secretId} TENCENTCLOUD_SECRET_KEY=${created.secretKey}`,
        ].join('\n'),
      );
    }
  }
}
