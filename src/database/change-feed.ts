import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';

/** Channels Postgres triggers notify on (see the migrations that create them). */
export const CHANNELS = {
  /** `<owner_uin>/<region>`: a tenant's clusters, namespaces, tags, topics or groups changed. */
  scopeChanged: 'rmq_scope_changed',
  /** `<cluster_id>`: a role, its token or its namespace permissions changed. */
  aclChanged: 'rmq_acl_changed',
  /** `<owner_uin>` (or `*` for presets): a sub-user, group, policy, attachment or API key changed. */
  camChanged: 'rmq_cam_changed',
} as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

export interface ChangeListener {
  /** A committed change was announced on the channel. */
  changed(channel: Channel, payload: string): void;
  /** The feed went down (true) or is back (false): caches must not trust memory while down. */
  feedState(up: boolean): void;
}

/**
 * One LISTEN connection per process for every change channel. Caches register as listeners:
 * they get each notification, and are told when the connection is lost (serve nothing from
 * memory) and when it is back (start from empty: notifications may have been missed).
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeFeed');
  private readonly listeners = new Set<ChangeListener>();
  private client: pg.Client | undefined;
  private up = false;
  private stopped = false;
  private reconnect: NodeJS.Timeout | undefined;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  get isUp(): boolean {
    return this.up;
  }

  /** The Postgres backend pid of the LISTEN connection (operations and tests). */
  get backendPid(): number | undefined {
    return this.up
      ? (this.client as unknown as { processID?: number } | undefined)?.processID
      : undefined;
  }

  /**
   * Tells this process's listeners about a change it has just committed, without waiting for
   * Postgres to deliver the notification (which the triggers send to every process, this one
   * included): a caller then reads its own writes at once.
   */
  announce(channel: Channel, payload: string): void {
    for (const l of this.listeners) l.changed(channel, payload);
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.add(listener);
    listener.feedState(this.up);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.setUp(false);
    clearTimeout(this.reconnect);
    await this.client?.end().catch(() => undefined);
  }

  private setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    for (const l of this.listeners) l.feedState(up);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: 'rocketmq-cloud-change-feed',
    });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.setUp(false);
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(
        `Lost the change-notification connection (${why}); caches are bypassed until it is back`,
      );
      this.reconnect = setTimeout(() => void this.connect(), 1000);
      this.reconnect.unref();
    };
    client.on('notification', (msg) => {
      if (!msg.payload) return;
      for (const l of this.listeners) l.changed(msg.channel as Channel, msg.payload);
    });
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('connection closed'));
    this.client = client;
    try {
      await client.connect();
      for (const channel of Object.values(CHANNELS)) await client.query(`LISTEN ${channel}`);
      if (this.stopped || this.client !== client) return void client.end().catch(() => undefined);
      this.setUp(true);
    } catch (e) {
      lost((e as Error).message);
    }
  }
}
