import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isDataRefusal } from '../database/pg-errors.js';
import { SqlReader } from '../database/sql-reader.js';
import type { MessageToStore, StoredPlace } from '../jobs/queues.js';

const DAY_MS = 86_400_000;
/** Advisory-lock class for partition maintenance (two-key form). */
const PARTITION_LOCK = 7440;

/** `messages_20261124` for the UTC day of `at`. */
export function partitionName(at: number): string {
  return `messages_${new Date(at).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** Something that runs a statement: a transaction's EntityManager, or the prepared-statement reader. */
type Querier = { query(text: string, values?: unknown[]): Promise<unknown> };

const dayStart = (at: number) => Math.floor(at / DAY_MS) * DAY_MS;

/** The place of a message the store refused: not stored, with the reason for its producer. */
function refusedPlace(m: MessageToStore, e: unknown): StoredPlace {
  const reason = (e as Error).message.slice(0, 200);
  return { msgId: m.msgId, queueId: m.queueId, offset: -1, storedAt: 0, refused: reason };
}

/**
 * Durable storage of messages in their topic's queues. A batch is one transaction: each queue
 * it touches is locked once (its `topic_queues` row), offsets are assigned in order, and the
 * rows are inserted with one statement. Daily partitions are created ahead of use.
 */
@Injectable()
export class MessageStore {
  /** Days whose partition this process knows to exist. */
  private readonly readyDays = new Set<number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: SqlReader,
  ) {}

  /**
   * Stores a batch: messages due now go into their queues; those with a later delivery time
   * into `pending_messages` (offset -1 in the answer), released when due (`release`).
   */
  async store(messages: readonly MessageToStore[], retried = false): Promise<StoredPlace[]> {
    if (!messages.length) return [];
    await this.ensurePartitions(Date.now());
    try {
      return await this.storeTogether(messages, retried);
    } catch (e) {
      if (!isDataRefusal(e)) throw e;
      // Batches mix producers (and clusters): a message the store refuses must not fail the
      // others. Each failed statement wrote nothing, so halve the batch until it stands alone.
      if (messages.length === 1) return [refusedPlace(messages[0], e)];
      const half = Math.ceil(messages.length / 2);
      const first = await this.store(messages.slice(0, half), retried);
      return [...first, ...(await this.store(messages.slice(half), retried))];
    }
  }

  private async storeTogether(
    messages: readonly MessageToStore[],
    retried: boolean,
  ): Promise<StoredPlace[]> {
    const held = messages.some((m) => m.transaction !== undefined || m.deliverAt !== undefined);
    if (!retried && !held) {
      // The common batch: one statement, atomic without an explicit transaction, prepared once
      // per connection (planning it costs more than running it).
      const prepared = {
        query: (text: string, values: unknown[]) => this.sql.returning(text, values),
      };
      const { offsets, storedAt } = await this.insert(prepared, messages);
      return messages.map((m, i) => ({
        msgId: m.msgId,
        queueId: m.queueId,
        offset: offsets[i],
        storedAt,
      }));
    }
    return this.dataSource.transaction(async (em) => {
      // A retried job (its worker died after a commit) finds what it stored: same answer, and
      // only the rest is stored (a batch split around a refused message commits in parts).
      const existing = retried ? await this.placesOf(em, messages) : new Map<string, StoredPlace>();
      const rest = messages.filter((m) => !existing.has(m.msgId));
      if (!rest.length) return messages.map((m) => existing.get(m.msgId)!);
      // Only delayed messages need the clock before inserting; otherwise the insert reads it.
      const now = held ? await this.clock(em) : undefined;
      const later = rest.filter(
        (m) =>
          m.transaction !== undefined || (m.deliverAt !== undefined && m.deliverAt > (now ?? 0)),
      );
      const due = later.length ? rest.filter((m) => !later.includes(m)) : rest;
      const { offsets, storedAt } = await this.insert(em, due, now);
      if (later.length) await this.hold(em, later);
      const placed = new Map(due.map((m, i) => [m, offsets[i]]));
      return messages.map(
        (m) =>
          existing.get(m.msgId) ?? {
            msgId: m.msgId,
            queueId: m.queueId,
            offset: placed.get(m) ?? -1,
            storedAt,
          },
      );
    });
  }

  /**
   * Moves a delayed message into its queue (exactly once: the pending row is deleted in the
   * same transaction). Returns the message's topic, or undefined when it was released already.
   */
  async release(
    clusterId: string,
    namespace: string,
    msgId: string,
  ): Promise<{ clusterId: string; namespace: string; name: string } | undefined> {
    return this.takePending(
      `cluster_id = $1 AND namespace = $2 AND msg_id = $3 AND kind = 'delay'`,
      [clusterId, namespace, msgId],
      true,
    );
  }

  /**
   * Ends a transaction's half message by its receipt handle: committed, it enters its queue;
   * rolled back, it is dropped. Undefined when the handle names no undecided message of the topic.
   */
  async decide(
    clusterId: string,
    namespace: string,
    topic: string,
    handle: string,
    commit: boolean,
  ): Promise<{ clusterId: string; namespace: string; name: string } | undefined> {
    return this.takePending(
      `cluster_id = $1 AND namespace = $2 AND topic = $3 AND receipt_handle = $4 AND kind = 'transaction'`,
      [clusterId, namespace, topic, handle],
      commit,
    );
  }

  /** Removes one pending message, moving it into its queue when `enqueue` (one transaction). */
  private async takePending(
    where: string,
    values: unknown[],
    enqueue: boolean,
  ): Promise<{ clusterId: string; namespace: string; name: string } | undefined> {
    await this.ensurePartitions(Date.now());
    return this.dataSource.transaction(async (em) => {
      const [rows] = (await em.query(
        `DELETE FROM pending_messages WHERE ${where} RETURNING message, encode(body, 'base64') AS body`,
        values,
      )) as [Array<{ message: Omit<MessageToStore, 'body'>; body: string }>, number];
      if (!rows.length) return undefined;
      const message: MessageToStore = { ...rows[0].message, body: rows[0].body };
      delete message.transaction;
      if (enqueue) await this.insert(em, [message]);
      return { clusterId: message.clusterId, namespace: message.namespace, name: message.topic };
    });
  }

  /** Delayed messages whose time has come (for the sweeper that backs up the delayed jobs). */
  async dueDelayed(
    limit: number,
  ): Promise<Array<{ clusterId: string; namespace: string; msgId: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT cluster_id, namespace, msg_id FROM pending_messages
        WHERE kind = 'delay' AND due_at <= now() ORDER BY due_at LIMIT $1`,
      [limit],
    )) as Array<{ cluster_id: string; namespace: string; msg_id: string }>;
    return rows.map((r) => ({ clusterId: r.cluster_id, namespace: r.namespace, msgId: r.msg_id }));
  }

  /** Drops undecided transactions that were checked the maximum number of times (rocketmq.md). */
  async discardUndecided(maxChecks: number): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM pending_messages WHERE kind = 'transaction' AND checks >= $1 AND due_at <= now()`,
      [maxChecks],
    )) as [unknown, number];
    return count;
  }

  /** The database's clock (ms): stored_at is one value per batch, so partitions and retention agree across processes. */
  private async clock(em: Querier): Promise<number> {
    const [{ at }] = (await em.query(
      `SELECT (extract(epoch from now()) * 1000)::bigint AS at`,
    )) as Array<{ at: string }>;
    return Number(at);
  }

  private async hold(em: EntityManager, messages: readonly MessageToStore[]): Promise<void> {
    await em.query(
      `INSERT INTO pending_messages (cluster_id, namespace, topic, msg_id, kind, due_at, receipt_handle, message, body)
       SELECT m.cluster_id, m.namespace, m.topic, m.msg_id, m.kind, to_timestamp(m.due_at / 1000.0),
              m.receipt_handle, m.message, decode(m.body, 'base64')
         FROM jsonb_to_recordset($1::jsonb) AS m (cluster_id text, namespace text, topic text, msg_id text,
              kind text, due_at bigint, receipt_handle text, message jsonb, body text)`,
      [
        JSON.stringify(
          messages.map(({ body, ...rest }) => ({
            cluster_id: rest.clusterId,
            namespace: rest.namespace,
            topic: rest.topic,
            msg_id: rest.msgId,
            kind: rest.transaction ? 'transaction' : 'delay',
            due_at: rest.transaction ? rest.transaction.checkAt : rest.deliverAt,
            receipt_handle: rest.transaction?.handle ?? null,
            message: rest,
            body,
          })),
        ),
      ],
    );
  }

  /**
   * Appends messages to their queues; their offsets, in order. One statement: it takes every
   * queue's offsets (locking the queues in a fixed order, so two batches cannot deadlock), reads
   * the clock once for the batch, and inserts the rows — one round trip, atomic on its own.
   */
  private async insert(
    em: Querier,
    messages: readonly MessageToStore[],
    clock?: number,
  ): Promise<{ offsets: number[]; storedAt: number }> {
    if (!messages.length) return { offsets: [], storedAt: clock ?? (await this.clock(em)) };
    const rows = (await em.query(
      `WITH batch AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS m (ord int, cluster_id text, namespace text,
              topic text, queue_id smallint, msg_id text, tag text, keys jsonb, properties jsonb,
              body text, sharding_key text, born_at bigint, deliver_at bigint)
       ), clock AS (
         -- Milliseconds: stored_at travels through JavaScript dates and must compare equal.
         SELECT coalesce(to_timestamp($2::bigint / 1000.0), date_trunc('milliseconds', now())) AS t
       ), counts AS (
         SELECT cluster_id, namespace, topic, queue_id, count(*) AS n FROM batch GROUP BY 1, 2, 3, 4
       ), reserved AS (
         INSERT INTO topic_queues (cluster_id, namespace, topic, queue_id, next_offset, last_write_at)
         SELECT cluster_id, namespace, topic, queue_id, n, now() FROM counts ORDER BY 1, 2, 3, 4
         ON CONFLICT (cluster_id, namespace, topic, queue_id)
           DO UPDATE SET next_offset = topic_queues.next_offset + EXCLUDED.next_offset,
                         last_write_at = EXCLUDED.last_write_at
         RETURNING cluster_id, namespace, topic, queue_id, next_offset
       ), placed AS (
         SELECT b.*, r.next_offset - c.n
                  + row_number() OVER (PARTITION BY b.cluster_id, b.namespace, b.topic, b.queue_id ORDER BY b.ord)
                  - 1 AS queue_offset
           FROM batch b
           JOIN counts c USING (cluster_id, namespace, topic, queue_id)
           JOIN reserved r USING (cluster_id, namespace, topic, queue_id)
       ), stored AS (
         INSERT INTO messages (cluster_id, namespace, topic, queue_id, queue_offset, msg_id, tag, keys,
                               properties, body, sharding_key, born_at, deliver_at, stored_at)
         SELECT p.cluster_id, p.namespace, p.topic, p.queue_id, p.queue_offset, p.msg_id, p.tag,
                ARRAY(SELECT jsonb_array_elements_text(p.keys)), p.properties, decode(p.body, 'base64'),
                p.sharding_key, to_timestamp(p.born_at / 1000.0), to_timestamp(p.deliver_at / 1000.0),
                clock.t
           FROM placed p, clock
         RETURNING msg_id, queue_offset, stored_at
       )
       SELECT p.ord, p.queue_offset, (extract(epoch from s.stored_at) * 1000)::bigint AS at
         FROM placed p JOIN stored s ON s.msg_id = p.msg_id AND s.queue_offset = p.queue_offset`,
      [
        JSON.stringify(
          messages.map((m, i) => ({
            ord: i,
            cluster_id: m.clusterId,
            namespace: m.namespace,
            topic: m.topic,
            queue_id: m.queueId,
            msg_id: m.msgId,
            tag: m.tag,
            keys: m.keys,
            properties: m.properties,
            body: m.body,
            sharding_key: m.shardingKey,
            born_at: m.bornAt,
            deliver_at: m.deliverAt ?? null,
          })),
        ),
        clock ?? null,
      ],
    )) as Array<{ ord: number; queue_offset: string; at: string }>;
    if (rows.length !== messages.length)
      throw new Error(`stored ${rows.length} of ${messages.length} messages`);
    const offsets = new Array<number>(messages.length);
    for (const r of rows) offsets[r.ord] = Number(r.queue_offset);
    return { offsets, storedAt: Number(rows[0].at) };
  }

  private async placesOf(
    em: EntityManager,
    messages: readonly MessageToStore[],
  ): Promise<Map<string, StoredPlace>> {
    const rows = (await em.query(
      `SELECT m.msg_id, m.queue_id, m.queue_offset, (extract(epoch from m.stored_at) * 1000)::bigint AS stored_at
         FROM unnest($1::text[], $2::text[], $3::text[]) AS b (cluster_id, namespace, msg_id)
         JOIN messages m ON m.cluster_id = b.cluster_id AND m.namespace = b.namespace AND m.msg_id = b.msg_id
       UNION ALL
       SELECT p.msg_id, (p.message->>'queueId')::int, -1, (extract(epoch from p.created_at) * 1000)::bigint
         FROM unnest($1::text[], $2::text[], $3::text[]) AS b (cluster_id, namespace, msg_id)
         JOIN pending_messages p ON p.cluster_id = b.cluster_id AND p.namespace = b.namespace AND p.msg_id = b.msg_id`,
      [
        messages.map((m) => m.clusterId),
        messages.map((m) => m.namespace),
        messages.map((m) => m.msgId),
      ],
    )) as Array<{ msg_id: string; queue_id: number; queue_offset: string; stored_at: string }>;
    return new Map(
      rows.map((r) => [
        r.msg_id,
        {
          msgId: r.msg_id,
          queueId: r.queue_id,
          offset: Number(r.queue_offset),
          storedAt: Number(r.stored_at),
        },
      ]),
    );
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

  /**
   * Deletes the messages of deleted topics stored before `before` (a re-created topic of the
   * same name keeps its own), in slices so no transaction grows with the topic.
   */
  async purge(
    clusterId: string,
    namespace: string,
    topics: readonly string[],
    before: number,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const [, count] = (await this.dataSource.query(
        `DELETE FROM messages WHERE (cluster_id, namespace, topic, queue_id, queue_offset, stored_at) IN (
           SELECT cluster_id, namespace, topic, queue_id, queue_offset, stored_at FROM messages
            WHERE cluster_id = $1 AND namespace = $2 AND topic = ANY($3) AND stored_at < to_timestamp($4 / 1000.0)
            LIMIT 10000)`,
        [clusterId, namespace, topics, before],
      )) as [unknown, number];
      total += count;
      if (count < 10_000) return total;
    }
  }

  /** The longest retention any cluster allows (ms). */
  async longestRetention(): Promise<number> {
    const [{ ms }] = (await this.dataSource.query(
      'SELECT coalesce(max(max_retention_ms), 0)::float8 AS ms FROM clusters',
    )) as Array<{ ms: number }>;
    return ms;
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
