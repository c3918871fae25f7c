import { Injectable } from '@nestjs/common';
import { SqlReader } from '../database/sql-reader.js';

export interface TopicInfo {
  clusterId: string;
  namespace: string;
  name: string;
  type: string;
  partitions: number;
  /** Messages stored before this belong to an earlier topic of the same name. */
  createdAt: number;
  /** The namespace's retention: older messages are no longer delivered. */
  retentionMs: number;
  /** The cluster's longest delay for delayed messages. */
  maxDelayMs: number;
}

export interface GroupInfo {
  clusterId: string;
  namespace: string;
  name: string;
  readEnabled: boolean;
  broadcast: boolean;
  retryMaxTimes: number;
  createdAt: number;
}

/** A topic is looked up on every produce; answers are kept this long. */
const TTL_MS = 1_000;

/**
 * The topics the data plane serves, read through a short cache: a produce or consume call
 * must not cost a query for its topic. A deleted or re-created topic is seen within TTL_MS.
 */
@Injectable()
export class TopicDirectory {
  private readonly cache = new Map<string, { info: TopicInfo | undefined; expiresAt: number }>();
  private readonly groups = new Map<string, { info: GroupInfo | undefined; expiresAt: number }>();

  constructor(private readonly sql: SqlReader) {}

  async get(clusterId: string, namespace: string, name: string): Promise<TopicInfo | undefined> {
    const key = `${clusterId}/${namespace}/${name}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.info;
    const [row] = await this.sql.rows<{
      type: string;
      partition_num: number;
      created: string;
      retention_ms: string;
      max_delay_ms: string;
    }>(
      `SELECT t.type, t.partition_num, (extract(epoch from t.created_at) * 1000)::bigint AS created,
              n.retention_ms, c.max_delay_ms
         FROM topics t JOIN namespaces n ON n.cluster_id = t.cluster_id AND n.name = t.namespace
         JOIN clusters c ON c.id = t.cluster_id
        WHERE t.cluster_id = $1 AND t.namespace = $2 AND t.name = $3`,
      [clusterId, namespace, name],
    );
    const info = row
      ? {
          clusterId,
          namespace,
          name,
          type: row.type,
          partitions: row.partition_num,
          createdAt: Number(row.created),
          retentionMs: Number(row.retention_ms),
          maxDelayMs: Number(row.max_delay_ms),
        }
      : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { info, expiresAt: now + TTL_MS });
    return info;
  }

  async group(clusterId: string, namespace: string, name: string): Promise<GroupInfo | undefined> {
    const key = `${clusterId}/${namespace}/${name}`;
    const now = Date.now();
    const hit = this.groups.get(key);
    if (hit && hit.expiresAt > now) return hit.info;
    const [row] = await this.sql.rows<{
      read_enabled: boolean;
      broadcast_enabled: boolean;
      retry_max_times: number;
      created: string;
    }>(
      `SELECT read_enabled, broadcast_enabled, retry_max_times,
              (extract(epoch from created_at) * 1000)::bigint AS created
         FROM groups WHERE cluster_id = $1 AND namespace = $2 AND name = $3`,
      [clusterId, namespace, name],
    );
    const info = row
      ? {
          clusterId,
          namespace,
          name,
          readEnabled: row.read_enabled,
          broadcast: row.broadcast_enabled,
          retryMaxTimes: row.retry_max_times,
          createdAt: Number(row.created),
        }
      : undefined;
    if (this.groups.size > 10_000) this.groups.clear();
    this.groups.set(key, { info, expiresAt: now + TTL_MS });
    return info;
  }

  /** Forgets a topic or group at once (this process deleted or changed it). */
  forget(clusterId: string, namespace: string, name: string): void {
    this.cache.delete(`${clusterId}/${namespace}/${name}`);
    this.groups.delete(`${clusterId}/${namespace}/${name}`);
  }
}
