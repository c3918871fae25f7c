import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import type { Scope } from '../gateway/request-context.js';
import { ChangeFeed, CHANNELS, type Channel, type ChangeListener } from './change-feed.js';

const MAX_ENTRIES_PER_SCOPE = 1000;

interface ScopeEntries {
  generation: number;
  entries: Map<string, { value: unknown; expiresAt: number }>;
}

export const scopeKey = (scope: Pick<Scope, 'ownerUin' | 'region'>) =>
  `${scope.ownerUin}/${scope.region}`;

/**
 * Cached results of list reads, per tenant scope (account + region). Describe* lists are what
 * consoles, CI jobs and pollers repeat; serving an unchanged answer from memory spares the
 * database and the driver. Correctness:
 *  - every committed change in a scope (clusters, namespaces, tags, topics, groups) makes
 *    Postgres NOTIFY the scope (ChangeFeed); the scope's entries are dropped in every process
 *    (other replicas converge as soon as the notification arrives, typically within a ms);
 *  - writes through this process also drop the scope synchronously after commit, so a caller
 *    always reads its own writes here;
 *  - a read that raced a change cannot store its (possibly stale) result: each scope has a
 *    generation, bumped on every invalidation, checked before storing;
 *  - while the change feed is down nothing is served from memory; entries expire after
 *    READ_CACHE_TTL_MS in any case (0 disables the cache).
 * Cached values are shared: callers must not mutate them.
 */
@Injectable()
export class ReadCache implements ChangeListener {
  private scopes = new Map<string, ScopeEntries>();
  private feedUp = false;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    feed?: ChangeFeed,
  ) {
    feed?.subscribe(this);
  }

  get enabled(): boolean {
    return this.feedUp && this.config.readCacheTtlMs > 0;
  }

  changed(channel: Channel, payload: string): void {
    if (channel === CHANNELS.scopeChanged) this.invalidate(payload);
  }

  feedState(up: boolean): void {
    // Down: stop serving memory. Back up: notifications may have been missed, start empty.
    this.scopes = new Map();
    this.feedUp = up;
  }

  async read<T>(scope: Scope, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.enabled) return load();
    const id = scopeKey(scope);
    let entry = this.scopes.get(id);
    if (!entry) {
      entry = { generation: 0, entries: new Map() };
      this.scopes.set(id, entry);
    }
    const hit = entry.entries.get(key);
    const now = Date.now();
    if (hit && hit.expiresAt > now) return hit.value as T;
    const generation = entry.generation;
    const value = await load();
    if (this.enabled && this.scopes.get(id) === entry && entry.generation === generation) {
      if (entry.entries.size >= MAX_ENTRIES_PER_SCOPE) entry.entries.clear();
      entry.entries.set(key, { value, expiresAt: now + this.config.readCacheTtlMs });
    }
    return value;
  }

  /** Drops a scope's cached reads (after a write commits, or on a notification). */
  invalidate(scope: Pick<Scope, 'ownerUin' | 'region'> | string): void {
    const entry = this.scopes.get(typeof scope === 'string' ? scope : scopeKey(scope));
    if (entry) {
      entry.generation += 1;
      entry.entries.clear();
    }
  }
}
