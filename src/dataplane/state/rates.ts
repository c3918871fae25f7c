import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import { REDIS } from '../../jobs/jobs.module.js';

/** What is counted: messages delivered to a group's consumers (the groups' TPS). */
type Metric = 'consume';

/** Counts are kept in buckets of this length; a rate averages the last WINDOW_MS. */
const BUCKET_MS = 10_000;
const WINDOW_MS = 60_000;
const WINDOW_BUCKETS = WINDOW_MS / BUCKET_MS;
/** Each process adds its counts to Redis this often (a rate lags by at most this much). */
const FLUSH_EVERY_MS = 1_000;

/**
 * Message rates (the `TPS` of groups): every API process counts in memory and adds its counts
 * to per-bucket Redis hashes once a second, so a rate covers every process. A rate is the
 * count of the last minute plus the current bucket, over that time: a group that stopped
 * falls to 0 within 70 s, one that started shows its full rate after a minute.
 */
@Injectable()
export class Rates implements OnApplicationShutdown {
  private readonly logger = new Logger('Rates');
  private counts = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  count(metric: Metric, owner: string, n: number): void {
    if (n <= 0) return;
    const field = `${metric}\n${owner}`;
    this.counts.set(field, (this.counts.get(field) ?? 0) + n);
  }

  /** Per second over the last minute, for each owner (0 for one with no count), 2 decimals. */
  async perSecond(metric: Metric, owners: readonly string[]): Promise<number[]> {
    if (!owners.length) return [];
    const now = Date.now();
    const current = Math.floor(now / BUCKET_MS);
    const pipeline = this.redis.pipeline();
    for (let b = current - WINDOW_BUCKETS; b <= current; b++)
      pipeline.hmget(this.key(metric, b), ...owners);
    const results = (await pipeline.exec()) ?? [];
    const sums = owners.map(() => 0);
    for (const [error, values] of results) {
      if (error) throw error;
      (values as (string | null)[]).forEach((v, i) => (sums[i] += Number(v ?? 0)));
    }
    const seconds = (WINDOW_MS + (now - current * BUCKET_MS)) / 1000;
    return sums.map((s) => Math.round((s / seconds) * 100) / 100);
  }

  /** Adds this process's counts to the current bucket (best effort: a failure loses a second's counts). */
  async flush(): Promise<void> {
    if (!this.counts.size) return;
    const counts = this.counts;
    this.counts = new Map();
    const bucket = Math.floor(Date.now() / BUCKET_MS);
    const pipeline = this.redis.pipeline();
    const keys = new Set<string>();
    for (const [field, n] of counts) {
      const [metric, owner] = field.split('\n') as [Metric, string];
      const key = this.key(metric, bucket);
      keys.add(key);
      pipeline.hincrby(key, owner, n);
    }
    for (const key of keys) pipeline.pexpire(key, WINDOW_MS + 2 * BUCKET_MS);
    try {
      await pipeline.exec();
    } catch (e) {
      this.logger.warn(`recording rates failed: ${(e as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private key(metric: Metric, bucket: number): string {
    return `${this.config.queuePrefix}:rate:${metric}:${bucket}`;
  }
}
