import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AccessKeyEntity } from './access-key.entity.js';
import { SecretBox } from '../../crypto/secret-box.js';
import {
  ChangeFeed,
  CHANNELS,
  type Channel,
  type ChangeListener,
} from '../../database/change-feed.js';
import { randomText } from '../cam-rules.js';

/** A verified-usable key: what the gateway needs to check a signature and name the caller. */
export interface ResolvedKey {
  secretId: string;
  secretKey: string;
  uin: string;
  ownerUin: string;
  isRoot: boolean;
}

/**
 * Keys are looked up on every request; a cache keeps the hot path off the database. Entries
 * are dropped as soon as any key or user of the account changes (rmq_cam_changed, in every
 * process); the TTL bounds staleness should a notification be lost, and nothing is cached
 * while the change feed is down.
 */
const CACHE_TTL_MS = 5_000;
const ROOT_KEY_LOCK = 727_002;

@Injectable()
export class AccessKeysService implements OnApplicationBootstrap, ChangeListener {
  private readonly logger = new Logger('AccessKeys');
  private cache = new Map<string, { key: ResolvedKey | undefined; expiresAt: number }>();
  private readonly envRootKey: ResolvedKey | undefined;
  private feedUp = false;
  private generation = 0;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRepository(AccessKeyEntity) private readonly keys: Repository<AccessKeyEntity>,
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    feed: ChangeFeed,
  ) {
    const { secretId, secretKey, uin } = config.root;
    this.envRootKey =
      secretId && secretKey ? { secretId, secretKey, uin, ownerUin: uin, isRoot: true } : undefined;
    feed.subscribe(this);
  }

  /** The root key's SecretId when it comes from the environment (ROOT_SECRET_ID/KEY), not the database. */
  get envRootSecretId(): string | undefined {
    return this.envRootKey?.secretId;
  }

  changed(channel: Channel, payload: string): void {
    if (channel !== CHANNELS.camChanged) return;
    this.generation += 1;
    if (payload === '*') return;
    for (const [id, entry] of this.cache) {
      // Unknown ids are cached as misses: a key created since must be found at once.
      if (!entry.key || entry.key.ownerUin === payload) this.cache.delete(id);
    }
  }

  feedState(up: boolean): void {
    this.generation += 1;
    this.cache = new Map();
    this.feedUp = up;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.envRootKey) await this.ensureGeneratedRootKey();
  }

  /** The key for a SecretId if it exists and is active. */
  async resolve(secretId: string): Promise<ResolvedKey | undefined> {
    if (this.envRootKey && secretId === this.envRootKey.secretId) return this.envRootKey;
    const now = Date.now();
    const hit = this.feedUp ? this.cache.get(secretId) : undefined;
    if (hit && hit.expiresAt > now) return hit.key;
    const generation = this.generation;
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
    if (this.feedUp && generation === this.generation) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(secretId, { key, expiresAt: now + CACHE_TTL_MS });
    }
    return key;
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
