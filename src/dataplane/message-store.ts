import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MessageToStore, StoredPlace } from '../jobs/queues.js';

const DAY_MS = 86_400_000;
/** Advisory-lock class for partition maintenance (two-key form). */
const PARTITION_LOCK = 7440;

/** `messages_20261124` for the UTC day of `at`. */
export function partitionName(at: number): string {
  return `messages_${new Date(at).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

const dayStart = (at: number) => Math.floor(at / DAY_MS) * DAY_MS;

/**
 * Durable storage of messages in their topic's queues. A batch is one transaction: each queue
 * it touches is locked once (its `topic_queues` row), offsets are assigned in order, and the
 * rows are inserted with one statement. Daily partitions are created ahead of use.
 */
@Injectable()
export class MessageStore {
  /** Days whose partition this process knows to exist. */
  private readonly readyDays = new Set<number>();

  constructor(private readonly dataSource: DataSource) {}

  async store(messages: readonly MessageToStore[]): Promise<StoredPlace[]> {
    if (!messages.length) return [];
    const now = Date.now();
    await this.ensurePartitions(now);
    return this.dataSource.transaction(async (em) => {
      // A retried job (its worker died after the commit) finds its batch stored: same answer.
      const existing = await this.placesOf(em, messages);
      if (existing) return existing;
      // The database's clock decides stored_at (one value per batch), so partition bounds and
      // retention agree across processes.
      const [{ at }] = (await em.query(
        `SELECT (extract(epoch from now()) * 1000)::bigint AS at`,
      )) as Array<{
        at: string;
      }>;
      const storedAt = Number(at);
      const byQueue = new Map<string, number[]>();
      messages.forEach((m, i) => {
        const key = JSON.stringify([m.clusterId, m.namespace, m.topic, m.queueId]);
        const list = byQueue.get(key);
        if (list) list.push(i);
        else byQueue.set(key, [i]);
      });
      const offsets = new Array<number>(messages.length);
      // A fixed order of locks across transactions: no deadlock between two batches.
      for (const key of [...byQueue.keys()].sort()) {
        const indexes = byQueue.get(key)!;
        const [clusterId, namespace, topic, queueId] = JSON.parse(key) as [
          string,
          string,
          string,
          number,
        ];
        const first = await this.reserve(em, clusterId, namespace, topic, queueId, indexes.length);
        indexes.forEach((i, n) => (offsets[i] = first + n));
      }
      await em.query(
        `INSERT INTO messages (cluster_id, namespace, topic, queue_id, queue_offset, msg_id, tag, keys,
                               properties, body, sharding_key, born_at, stored_at)
         SELECT m.cluster_id, m.namespace, m.topic, m.queue_id, m.queue_offset, m.msg_id, m.tag,
                ARRAY(SELECT jsonb_array_elements_text(m.keys)), m.properties, decode(m.body, 'base64'),
                m.sharding_key, to_timestamp(m.born_at / 1000.0), to_timestamp($2 / 1000.0)
           FROM jsonb_to_recordset($1::jsonb) AS m (cluster_id text, namespace text, topic text,
                queue_id int, queue_offset bigint, msg_id text, tag text, keys jsonb, properties jsonb,
                body text, sharding_key text, born_at bigint)`,
        [
          JSON.stringify(
            messages.map((m, i) => ({
              cluster_id: m.clusterId,
              namespace: m.namespace,
              topic: m.topic,
              queue_id: m.queueId,
              queue_offset: offsets[i],
              msg_id: m.msgId,
              tag: m.tag,
              keys: m.keys,
              properties: m.properties,
              body: m.body,
              sharding_key: m.shardingKey,
              born_at: m.bornAt,
            })),
          ),
          storedAt,
        ],
      );
      return messages.map((m, i) => ({
        msgId: m.msgId,
        queueId: m.queueId,
        offset: offsets[i],
        storedAt,
      }));
    });
  }

  private async placesOf(
    em: EntityManager,
    messages: readonly MessageToStore[],
  ): Promise<StoredPlace[] | undefined> {
    const rows = (await em.query(
      `SELECT m.msg_id, m.queue_id, m.queue_offset, (extract(epoch from m.stored_at) * 1000)::bigint AS stored_at
         FROM unnest($1::text[], $2::text[], $3::text[]) AS b (cluster_id, namespace, msg_id)
         JOIN messages m ON m.cluster_id = b.cluster_id AND m.namespace = b.namespace AND m.msg_id = b.msg_id`,
      [
        messages.map((m) => m.clusterId),
        messages.map((m) => m.namespace),
        messages.map((m) => m.msgId),
      ],
    )) as Array<{ msg_id: string; queue_id: number; queue_offset: string; stored_at: string }>;
    if (!rows.length) return undefined;
    const byId = new Map(rows.map((r) => [r.msg_id, r]));
    return messages.map((m) => {
      const r = byId.get(m.msgId)!;
      return {
        msgId: m.msgId,
        queueId: r.queue_id,
        offset: Number(r.queue_offset),
        storedAt: Number(r.stored_at),
      };
    });
  }

  /** Takes `count` consecutive offsets of a queue (creating the queue's row on first use). */
  private async reserve(
    em: EntityManager,
    clusterId: string,
    namespace: string,
    topic: string,
    queueId: number,
    count: number,
  ): Promise<number> {
    const rows = (await em.query(
      `INSERT INTO topic_queues (cluster_id, namespace, topic, queue_id, next_offset)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cluster_id, namespace, topic, queue_id)
         DO UPDATE SET next_offset = topic_queues.next_offset + EXCLUDED.next_offset
       RETURNING next_offset`,
      [clusterId, namespace, topic, queueId, count],
    )) as Array<{ next_offset: string }>;
    return Number(rows[0].next_offset) - count;
  }

  /** Today's and tomorrow's partitions exist (created once per day per process). */
  async ensurePartitions(now: number): Promise<void> {
    const today = dayStart(now);
    if (this.readyDays.has(today)) return;
    await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, 0)', [PARTITION_LOCK]);
      for (const day of [today - DAY_MS, today, today + DAY_MS]) {
        await em.query(
          `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF messages
             FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY_MS).toISOString()}')`,
        );
      }
    });
    this.readyDays.add(today);
  }

  /** Drops the partitions whose every message is older than `keepMs` (retention). */
  async dropExpired(now: number, keepMs: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'messages' ORDER BY c.relname`,
    )) as Array<{ name: string }>;
    const oldest = partitionName(dayStart(now - keepMs) - DAY_MS);
    const dropped: string[] = [];
    for (const { name } of rows) {
      if (name >= oldest) continue;
      await this.dataSource.query(`DROP TABLE IF EXISTS ${name}`);
      dropped.push(name);
    }
    return dropped;
  }
}
