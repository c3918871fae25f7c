import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import { REDIS } from '../../jobs/jobs.module.js';

/** A client as the connection lists show it. */
export interface Client {
  clientId: string;
  addr: string;
  language: string;
  version: string;
}

export interface SeenClient extends Client {
  lastSeen: number;
  /** Consumers: each topic it polled, with its subscription expression and last poll. */
  topics: Record<string, { subRule: string; lastSeen: number }>;
}

type Kind = 'consumer' | 'producer';

/** Writes for one client and key are spaced at least this much (the lists' resolution). */
const WRITE_EVERY_MS = 1_000;

/**
 * Who is connected: consumers while they poll, producers while they publish. Kept in Redis
 * (one hash per group or topic, a field per client), so every API process sees every client;
 * a client that missed two intervals (CLIENT_INTERVAL_MS) is no longer listed.
 */
@Injectable()
export class Presence {
  private readonly written = new Map<string, number>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Records that a client showed up (best effort: a failure only delays the lists). */
  seen(kind: Kind, owner: string, client: Client, topic?: { name: string; subRule: string }): void {
    const now = Date.now();
    const mark = `${kind}\n${owner}\n${client.clientId}\n${topic?.name ?? ''}`;
    if ((this.written.get(mark) ?? 0) > now) return;
    if (this.written.size > 50_000) this.written.clear();
    this.written.set(mark, now + WRITE_EVERY_MS);
    void this.record(kind, owner, client, now, topic).catch(() => undefined);
  }

  /** The clients seen within two intervals, by client id. */
  async online(kind: Kind, owner: string): Promise<SeenClient[]> {
    const all = await this.redis.hgetall(this.key(kind, owner));
    const cutoff = Date.now() - 2 * this.config.clientIntervalMs;
    const out: SeenClient[] = [];
    const stale: string[] = [];
    for (const [id, json] of Object.entries(all)) {
      const c = JSON.parse(json) as SeenClient;
      if (c.lastSeen >= cutoff) out.push(c);
      else stale.push(id);
    }
    if (stale.length) await this.redis.hdel(this.key(kind, owner), ...stale);
    return out.sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  }

  private async record(
    kind: Kind,
    owner: string,
    client: Client,
    now: number,
    topic: { name: string; subRule: string } | undefined,
  ): Promise<void> {
    const key = this.key(kind, owner);
    const before = await this.redis.hget(key, client.clientId);
    const entry: SeenClient = before
      ? { ...(JSON.parse(before) as SeenClient), ...client, lastSeen: now }
      : { ...client, lastSeen: now, topics: {} };
    if (topic) entry.topics[topic.name] = { subRule: topic.subRule, lastSeen: now };
    await this.redis
      .multi()
      .hset(key, client.clientId, JSON.stringify(entry))
      .pexpire(key, 4 * this.config.clientIntervalMs + 60_000)
      .exec();
  }

  private key(kind: Kind, owner: string): string {
    return `${this.config.queuePrefix}:presence:${kind}:${owner}`;
  }
}

/** The key of a group's or a topic's clients. */
export const ownerKey = (clusterId: string, namespace: string, name: string) =>
  `${clusterId}/${namespace}/${name}`;
