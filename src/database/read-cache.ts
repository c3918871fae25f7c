import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import type { Scope } from '../gateway/request-context.js';

/** The channel the scope-change triggers notify (migration ScopeChangeNotifications). */
export const SCOPE_CHANGED_CHANNEL = 'rmq_scope_changed';
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
 *  - every committed change in a scope (clusters, namespaces, tags) makes Postgres NOTIFY the
 *    scope; each process LISTENs and drops that scope's entries (other replicas converge as
 *    soon as the notification arrives, typically within a millisecond);
 *  - writes through this process also drop the scope synchronously after commit, so a caller
 *    always reads its own writes here;
 *  - a read that raced a change cannot store its (possibly stale) result: each scope has a
 *    generation, bumped on every invalidation, checked before storing;
 *  - while the LISTEN connection is down nothing is served from the cache; entries expire
 *    after READ_CACHE_TTL_MS in any case (0 disables the cache).
 * Cached values are shared: callers must not mutate them.
 */
@Injectable()
export class ReadCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadCache');
  private scopes = new Map<string, ScopeEntries>();
  private listener: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private reconnect: NodeJS.Timeout | undefined;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.listening;
  }

  /** The Postgres backend pid of the LISTEN connection (operations and tests). */
  get listenerBackendPid(): number | undefined {
    return this.listening
      ? (this.listener as unknown as { processID?: number } | undefined)?.processID
      : undefined;
  }

  async onModuleInit(): Promise<void> {
    if (this.config.readCacheTtlMs > 0) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    clearTimeout(this.reconnect);
    await this.listener?.end().catch(() => undefined);
  }

  async read<T>(scope: Scope, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.listening) return load();
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
    if (this.listening && this.scopes.get(id) === entry && entry.generation === generation) {
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

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: 'rocketmq-cloud-cache-listener',
    });
    const lost = (why: string) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = false;
      this.scopes = new Map();
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(
        `Lost the change-notification connection (${why}); serving lists uncached until it is back`,
      );
      this.reconnect = setTimeout(() => void this.listen(), 1000);
      this.reconnect.unref();
    };
    client.on('notification', (msg) => {
      if (msg.channel === SCOPE_CHANGED_CHANNEL && msg.payload) this.invalidate(msg.payload);
    });
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('connection closed'));
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${SCOPE_CHANGED_CHANNEL}`);
      if (this.stopped || this.listener !== client) return void client.end().catch(() => undefined);
      // Anything cached before LISTEN took effect may have missed a notification.
      this.scopes = new Map();
      this.listening = true;
    } catch (e) {
      lost((e as Error).message);
    }
  }
}
