import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { REDIS } from '../jobs/jobs.module.js';
import { createRedis } from '../jobs/redis.js';

export interface Wake {
  /** Resolves when a message arrives for the topic, or after `ms`. */
  until(ms: number): Promise<void>;
  cancel(): void;
}

const topicKey = (t: { clusterId: string; namespace: string; name: string }) =>
  `${t.clusterId}/${t.namespace}/${t.name}`;

/**
 * "New messages in topic X": wakes long-polling consumers as soon as a batch is committed, in
 * this process directly and in the others through Redis pub/sub. A lost signal only delays a
 * consumer until its next periodic check.
 */
@Injectable()
export class Arrivals implements OnApplicationShutdown {
  private readonly logger = new Logger('Arrivals');
  private readonly waiters = new Map<string, Set<() => void>>();
  private subscriber: Redis | undefined;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.channel = `${config.queuePrefix}:arrivals`;
  }

  /** A wake-up for the next arrival in the topic (register before checking, so none is missed). */
  next(topic: { clusterId: string; namespace: string; name: string }): Wake {
    this.subscribe();
    const key = topicKey(topic);
    let fire: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (fire = resolve));
    const set = this.waiters.get(key) ?? new Set();
    set.add(fire);
    this.waiters.set(key, set);
    const cancel = () => {
      set.delete(fire);
      if (!set.size) this.waiters.delete(key);
    };
    return {
      until: async (ms) => {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([arrived, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
        clearTimeout(timer);
        cancel();
      },
      cancel,
    };
  }

  /** Messages were committed to these topics. */
  announce(topics: ReadonlyArray<{ clusterId: string; namespace: string; name: string }>): void {
    const keys = [...new Set(topics.map(topicKey))];
    for (const key of keys) this.wake(key);
    void this.redis.publish(this.channel, JSON.stringify(keys)).catch(() => undefined);
  }

  private wake(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const fire of set) fire();
  }

  private subscribe(): void {
    if (this.subscriber || !this.config.redisUrl) return;
    const sub = createRedis(this.config.redisUrl, 'worker');
    this.subscriber = sub;
    sub.on('message', (_channel: string, payload: string) => {
      try {
        for (const key of JSON.parse(payload) as string[]) this.wake(key);
      } catch {
        // Not ours: ignore.
      }
    });
    sub.subscribe(this.channel).catch((e: Error) => this.logger.warn(`subscribe: ${e.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const key of [...this.waiters.keys()]) this.wake(key);
    await this.subscriber?.quit().catch(() => undefined);
  }
}
