import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { pgFailure, PG_FOREIGN_KEY_VIOLATION } from '../database/pg-errors.js';
import { SqlReader } from '../database/sql-reader.js';
import { DataPlaneError } from './dataplane-error.js';
import { Arrivals } from './arrivals.js';
import { MessageStore } from './message-store.js';
import { ownerKey } from './state/presence.js';
import { Rates } from './state/rates.js';
import { TopicDirectory, type GroupInfo, type TopicInfo } from './topic-directory.js';

/** A message handed to a consumer. */
export interface Delivered {
  msgId: string;
  receiptHandle: string;
  topic: string;
  queueId: number;
  offset: number;
  tag: string;
  keys: string[];
  properties: Record<string, string>;
  body: Buffer;
  shardingKey: string | null;
  bornAt: number;
  storedAt: number;
  /** The delivery time a delayed message was sent with. */
  deliverAt: number | null;
  /** When it was first handed out, and when it becomes visible again unless acked. */
  firstConsumedAt: number;
  nextVisibleAt: number;
  /** How many times it has been handed out, this time included. */
  deliveredTimes: number;
}

export interface PopRequest {
  clusterId: string;
  namespace: string;
  group: string;
  topic: string;
  max: number;
  /** Long polling: how long to wait for a message when none is ready. */
  waitMs: number;
  /** Tags to deliver (`*`: every message). */
  tags: '*' | readonly string[];
  /** How long a handed-out message stays invisible unless acked. */
  invisibleMs: number;
  /** Orderly consumption: a queue's next messages only after the previous ones are acked. */
  orderly?: boolean;
  /** The consumer client (broadcasting groups keep a position per client). */
  clientId?: string;
}

/** Receipt handles of broadcast deliveries: nothing to ack (no server-side retry), acking them succeeds. */
const BROADCAST_HANDLE = 'B.';

export interface AckFailure {
  receiptHandle: string;
  code: 'ReceiptHandleError';
  message: string;
}

interface Cursor {
  queue_id: number;
  next_offset: string;
  queue_end: string;
}

interface InflightRow {
  queue_id: number;
  queue_offset: string;
  stored_at: Date;
  delivered: number;
  first_at: Date;
}

interface MessageRow {
  queue_id: number;
  queue_offset: string;
  msg_id: string;
  tag: string;
  keys: string[];
  properties: Record<string, string>;
  body: Buffer;
  sharding_key: string | null;
  born_at: Date;
  deliver_at: Date | null;
  stored_at: Date;
}

const MESSAGE_COLUMNS =
  'm.queue_id, m.queue_offset, m.msg_id, m.tag, m.keys, m.properties, m.body, m.sharding_key, m.born_at, m.deliver_at, m.stored_at';

/**
 * A stored message a group may still be handed (`m`): stored since the topic's creation ($7, ms)
 * and within its retention ($8, ms), with a wanted tag ($9, null for every tag). Every statement
 * that reads messages for consumers numbers these parameters the same way.
 */
const DELIVERABLE = `m.stored_at >= greatest(to_timestamp($7 / 1000.0), now() - make_interval(secs => $8 / 1000.0))
  AND ($9::text[] IS NULL OR m.tag = ANY($9))`;

const newReceiptHandle = () => randomBytes(24).toString('base64url');

/** Queues a pop takes at a time (more only as it has room; others are left to concurrent pops). */
const CURSORS_PER_POP = 2;

/** See ConsumeService.popNew. $5 max messages, $6 cursors, $7 topic creation (ms), $8 retention (ms), $9 tags or null, $10 invisibility (ms). */
const POP_NEW = `
  WITH g AS (
    SELECT g.read_enabled,
           EXISTS (SELECT 1 FROM inflight i
                    WHERE i.cluster_id = $1 AND i.namespace = $2 AND i.group_name = $3 AND i.topic = $4
                      AND i.visible_at <= now()) AS due
      FROM groups g WHERE g.cluster_id = $1 AND g.namespace = $2 AND g.name = $3 FOR KEY SHARE OF g
  ), cur AS (
    SELECT c.queue_id, c.next_offset, q.next_offset AS queue_end, c.updated_at
      FROM consume_cursors c
      JOIN topic_queues q ON q.cluster_id = c.cluster_id AND q.namespace = c.namespace
                         AND q.topic = c.topic AND q.queue_id = c.queue_id
     WHERE c.cluster_id = $1 AND c.namespace = $2 AND c.group_name = $3 AND c.topic = $4
       AND c.next_offset < q.next_offset
       AND EXISTS (SELECT 1 FROM g WHERE g.read_enabled AND NOT g.due)
     ORDER BY c.updated_at, c.queue_id
     LIMIT $6
     FOR UPDATE OF c SKIP LOCKED
  ), ranked AS (
    SELECT cur.*, row_number() OVER (ORDER BY cur.updated_at, cur.queue_id) AS rank FROM cur
  ), cand AS (
    SELECT r.rank, m.* FROM ranked r CROSS JOIN LATERAL (
      SELECT ${MESSAGE_COLUMNS} FROM messages m
       WHERE m.cluster_id = $1 AND m.namespace = $2 AND m.topic = $4 AND m.queue_id = r.queue_id
         AND m.queue_offset >= r.next_offset AND m.queue_offset < r.queue_end
         AND ${DELIVERABLE}
       ORDER BY m.queue_offset LIMIT $5) m
  ), picked AS (
    SELECT * FROM (SELECT cand.*, row_number() OVER (ORDER BY rank, queue_offset) AS n FROM cand) x
     WHERE n <= $5
  ), moves AS (
    SELECT r.queue_id,
           CASE WHEN (SELECT count(*) FROM cand c WHERE c.rank = r.rank) < $5
                 AND (SELECT count(*) FROM picked p WHERE p.rank = r.rank)
                     = (SELECT count(*) FROM cand c WHERE c.rank = r.rank)
                THEN r.queue_end
                ELSE (SELECT max(p.queue_offset) + 1 FROM picked p WHERE p.rank = r.rank) END AS next
      FROM ranked r
  ), moved AS (
    UPDATE consume_cursors c SET next_offset = mv.next, updated_at = now()
      FROM moves mv
     WHERE c.cluster_id = $1 AND c.namespace = $2 AND c.group_name = $3 AND c.topic = $4
       AND c.queue_id = mv.queue_id AND mv.next IS NOT NULL
    RETURNING 1
  ), handed AS (
    INSERT INTO inflight (cluster_id, namespace, group_name, topic, queue_id, queue_offset, stored_at,
                          msg_id, receipt_handle, visible_at, delivered, first_at)
    SELECT $1, $2, $3, $4, p.queue_id, p.queue_offset, p.stored_at, p.msg_id,
           replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
           now() + make_interval(secs => $10 / 1000.0), 1, now()
      FROM picked p
    -- Still in flight from before an offset reset: handed out again.
    ON CONFLICT (cluster_id, namespace, group_name, topic, queue_id, queue_offset) DO UPDATE
      SET receipt_handle = EXCLUDED.receipt_handle, visible_at = EXCLUDED.visible_at,
          delivered = inflight.delivered + 1
    RETURNING queue_id, queue_offset, receipt_handle, visible_at, first_at, delivered
  )
  SELECT g.read_enabled, g.due,
         EXISTS (SELECT 1 FROM consume_cursors c
                   JOIN topic_queues q ON q.cluster_id = c.cluster_id AND q.namespace = c.namespace
                                      AND q.topic = c.topic AND q.queue_id = c.queue_id
                  WHERE c.cluster_id = $1 AND c.namespace = $2 AND c.group_name = $3 AND c.topic = $4
                    AND c.next_offset < q.next_offset) AS backlog,
         p.queue_id, p.queue_offset, p.msg_id, p.tag, p.keys, p.properties, p.body, p.sharding_key,
         p.born_at, p.deliver_at, p.stored_at,
         h.receipt_handle, h.visible_at, h.first_at, h.delivered
    FROM g
    LEFT JOIN (picked p JOIN handed h ON h.queue_id = p.queue_id AND h.queue_offset = p.queue_offset) ON true
   ORDER BY p.rank, p.queue_offset`;
/** When only locked queues had messages: retry this soon, this many times per call. */
const CONTENDED_RETRY_MS = 5;
const MAX_CONTENDED_RETRIES = 40;

/**
 * Clustering consumption, pop style (the HTTP protocol's model, and RocketMQ 5's): a consumer
 * takes up to `max` messages of a topic for its group; each stays invisible for `invisibleMs`
 * and is handed out again (to any consumer of the group) unless acked by its receipt handle in
 * time, until the group's retry limit, after which it goes to the group's dead-letter topic.
 * Consumers of one group never receive the same visible message twice at once: the group's
 * queue cursors and in-flight rows are taken with row locks (SKIP LOCKED, so parallel pops
 * share the queues rather than wait).
 */
@Injectable()
export class ConsumeService {
  /** (group, topic) pairs whose every queue has a cursor (see ensureCursors). */
  private readonly completeCursors = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: TopicDirectory,
    private readonly arrivals: Arrivals,
    private readonly store: MessageStore,
    private readonly sql: SqlReader,
    private readonly rates: Rates,
  ) {}

  async pop(req: PopRequest): Promise<Delivered[]> {
    const messages = await this.popWaiting(req);
    this.rates.count('consume', ownerKey(req.clusterId, req.namespace, req.group), messages.length);
    return messages;
  }

  private async popWaiting(req: PopRequest): Promise<Delivered[]> {
    const { topic, group } = await this.resolve(req);
    const deadline = Date.now() + req.waitMs;
    let contended = 0;
    for (;;) {
      const wake = this.arrivals.next(topic);
      const { messages: got, backlog } = await this.popOnce(req, topic, group);
      if (got.length) {
        wake.cancel();
        return got;
      }
      // Queues with messages that other pops held locked: try again shortly, not after a second.
      if (
        !group.broadcast &&
        contended < MAX_CONTENDED_RETRIES &&
        (backlog ?? (await this.backlogWaiting(req)))
      ) {
        wake.cancel();
        contended += 1;
        await new Promise((r) => setTimeout(r, CONTENDED_RETRY_MS));
        continue;
      }
      if (Date.now() >= deadline) {
        wake.cancel();
        return got;
      }
      // Wait for new messages of the topic, or re-check at least every second (redeliveries).
      await wake.until(Math.min(1_000, deadline - Date.now()));
    }
  }

  async ack(
    clusterId: string,
    namespace: string,
    group: string,
    topic: string,
    receiptHandles: readonly string[],
  ): Promise<AckFailure[]> {
    const rows = await this.sql.returning<{ receipt_handle: string }>(
      `DELETE FROM inflight WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3 AND topic = $4
          AND receipt_handle = ANY($5) RETURNING receipt_handle`,
      [clusterId, namespace, group, topic, receiptHandles],
    );
    const acked = new Set(rows.map((r) => r.receipt_handle));
    for (const h of receiptHandles) if (h.startsWith(BROADCAST_HANDLE)) acked.add(h);
    return receiptHandles
      .filter((h) => !acked.has(h))
      .map((receiptHandle) => ({
        receiptHandle,
        code: 'ReceiptHandleError' as const,
        message:
          'The receipt handle is not valid: the message was acked already, or its invisibility ended and it was handed out again.',
      }));
  }

  private async resolve(req: PopRequest): Promise<{ topic: TopicInfo; group: GroupInfo }> {
    const [topic, group] = await Promise.all([
      this.directory.get(req.clusterId, req.namespace, req.topic),
      this.directory.group(req.clusterId, req.namespace, req.group),
    ]);
    if (!topic)
      throw new DataPlaneError(
        'TopicNotExist',
        `Topic ${req.topic} does not exist in namespace ${req.namespace}.`,
      );
    if (!group)
      throw new DataPlaneError(
        'GroupNotExist',
        `Group ${req.group} does not exist in namespace ${req.namespace}.`,
      );
    if (!group.readEnabled)
      throw new DataPlaneError(
        'AccessDenied',
        `Group ${req.group} has consumption disabled (ReadEnable false).`,
      );
    return { topic, group };
  }

  private async popOnce(
    req: PopRequest,
    topic: TopicInfo,
    group: GroupInfo,
  ): Promise<{ messages: Delivered[]; backlog?: boolean }> {
    try {
      if (
        !group.broadcast &&
        !req.orderly &&
        this.completeCursors.has(this.cursorsKey(req, topic, group))
      ) {
        const quick = await this.popNew(req, topic);
        if (quick) return quick;
      }
      return {
        messages: await this.dataSource.transaction((em) => this.popIn(em, req, topic, group)),
      };
    } catch (e) {
      // The topic was deleted while this pop ran (its cursors went with it).
      if (pgFailure(e)?.code === PG_FOREIGN_KEY_VIOLATION)
        throw new DataPlaneError('TopicNotExist', `Topic ${req.topic} no longer exists.`);
      throw e;
    }
  }

  /**
   * The common pop in one statement (one round trip, no transaction held open across the
   * network): the group check under its share lock, up to CURSORS_PER_POP unlocked cursors with
   * messages, their messages (first cursor first), the cursors moved past what was taken (past
   * filtered-out and expired messages too), and the in-flight rows with new receipt handles —
   * what popIn does statement by statement. Undefined when the group has due redeliveries: those
   * take the transaction path. Requires every queue to have a cursor (ensureCursors ran).
   */
  private async popNew(
    req: PopRequest,
    topic: TopicInfo,
  ): Promise<{ messages: Delivered[]; backlog: boolean } | undefined> {
    const rows = await this.sql.returning<
      Partial<MessageRow> & {
        read_enabled: boolean;
        due: boolean;
        backlog: boolean;
        receipt_handle: string | null;
        visible_at: Date | null;
        first_at: Date | null;
        delivered: number | null;
      }
    >(POP_NEW, [
      req.clusterId,
      req.namespace,
      req.group,
      req.topic,
      req.max,
      CURSORS_PER_POP,
      topic.createdAt,
      topic.retentionMs,
      req.tags === '*' ? null : req.tags,
      req.invisibleMs,
    ]);
    const [first] = rows;
    if (!first) throw new DataPlaneError('GroupNotExist', `Group ${req.group} no longer exists.`);
    if (!first.read_enabled)
      throw new DataPlaneError('AccessDenied', `Group ${req.group} has consumption disabled.`);
    if (first.due) return undefined;
    const messages: Delivered[] = [];
    for (const r of rows)
      if (r.receipt_handle)
        messages.push(
          this.delivered(
            r as MessageRow,
            req.topic,
            r.receipt_handle,
            r.first_at!,
            r.visible_at!,
            r.delivered!,
          ),
        );
    return { messages, backlog: first.backlog };
  }

  private async popIn(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    group: GroupInfo,
  ): Promise<Delivered[]> {
    // Checked in every round of a long poll, under a share lock: a deleted or disabled group
    // stops its consumers at once (a deletion waits for the pops in progress; other changes do not).
    // The same statement tells whether any in-flight message is due again (most pops: none).
    const [current] = (await em.query(
      `SELECT g.read_enabled,
              EXISTS (SELECT 1 FROM inflight i
                       WHERE i.cluster_id = $1 AND i.namespace = $2 AND i.group_name = $3 AND i.topic = $4
                         AND i.visible_at <= now()) AS due
         FROM groups g WHERE g.cluster_id = $1 AND g.namespace = $2 AND g.name = $3 FOR KEY SHARE OF g`,
      [req.clusterId, req.namespace, req.group, req.topic],
    )) as Array<{ read_enabled: boolean; due: boolean }>;
    if (!current) throw new DataPlaneError('GroupNotExist', `Group ${req.group} no longer exists.`);
    if (!current.read_enabled)
      throw new DataPlaneError('AccessDenied', `Group ${req.group} has consumption disabled.`);
    if (group.broadcast) return this.popBroadcast(em, req, topic);
    if (req.orderly) return this.popOrderly(em, req, topic, group);
    const out: Delivered[] = [];
    if (current.due) await this.redeliver(em, req, topic, group, out);
    if (out.length < req.max) await this.deliverNew(em, req, topic, group, out);
    return out;
  }

  /** Messages whose invisibility ended: handed out again, or dead-lettered past the retry limit. */
  private async redeliver(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    group: GroupInfo,
    out: Delivered[],
  ): Promise<void> {
    const due = (await em.query(
      `SELECT queue_id, queue_offset, stored_at, delivered, first_at FROM inflight
        WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3 AND topic = $4 AND visible_at <= now()
        ORDER BY visible_at LIMIT $5 FOR UPDATE SKIP LOCKED`,
      [req.clusterId, req.namespace, req.group, req.topic, req.max],
    )) as InflightRow[];
    for (const row of due) await this.again(em, req, topic, group, row, out);
  }

  /** Hands an in-flight message out again with a new receipt handle, or dead-letters it past the retry limit. */
  private async again(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    group: GroupInfo,
    row: InflightRow,
    out: Delivered[],
  ): Promise<void> {
    if (row.delivered > group.retryMaxTimes) {
      await this.deadLetter(em, req, topic, row);
      return;
    }
    const handle = newReceiptHandle();
    const [updated] = (await em.query(
      `UPDATE inflight SET receipt_handle = $7, visible_at = now() + make_interval(secs => $8 / 1000.0),
              delivered = delivered + 1
        WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3 AND topic = $4 AND queue_id = $5
          AND queue_offset = $6
        RETURNING delivered, visible_at`,
      [
        req.clusterId,
        req.namespace,
        req.group,
        req.topic,
        row.queue_id,
        row.queue_offset,
        handle,
        req.invisibleMs,
      ],
    )) as [Array<{ delivered: number; visible_at: Date }>, number];
    const [message] = await this.messagesAt(em, req, [row]);
    if (!message) {
      // Expired by retention or deleted with its topic: nothing left to deliver.
      await this.forget(em, req, row);
      return;
    }
    out.push(
      this.delivered(
        message,
        req.topic,
        handle,
        row.first_at,
        updated[0].visible_at,
        updated[0].delivered,
      ),
    );
  }

  /** Messages never handed out yet, from each queue's cursor (queues another pop holds are skipped). */
  private async deliverNew(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    group: GroupInfo,
    out: Delivered[],
  ): Promise<void> {
    for (const cursor of await this.lockCursors(em, req, topic, group, true)) {
      const room = req.max - out.length;
      if (room <= 0) break;
      await this.takeNew(em, req, topic, cursor, room, out);
    }
  }

  /**
   * Orderly consumption (ordered topics; the HTTP protocol's `trans=order`): a queue's next
   * messages are handed out only once every message handed out before is acked; until then the
   * queue is blocked, and when their invisibility ends the same messages come again, in order
   * (or go to the dead-letter topic past the retry limit, unblocking the queue). A sharding key
   * maps to one queue, so its messages are consumed one batch after the other, in order.
   */
  private async popOrderly(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    group: GroupInfo,
  ): Promise<Delivered[]> {
    const out: Delivered[] = [];
    for (const cursor of await this.lockCursors(em, req, topic, group, false)) {
      const room = req.max - out.length;
      if (room <= 0) break;
      const pending = (await em.query(
        `SELECT queue_id, queue_offset, stored_at, delivered, first_at, visible_at <= now() AS due
           FROM inflight
          WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3 AND topic = $4 AND queue_id = $5
          ORDER BY queue_offset`,
        [req.clusterId, req.namespace, req.group, req.topic, cursor.queue_id],
      )) as Array<InflightRow & { due: boolean }>;
      if (!pending.length) {
        await this.takeNew(em, req, topic, cursor, room, out);
        continue;
      }
      if (pending.some((p) => !p.due)) continue;
      for (const row of pending.slice(0, room)) await this.again(em, req, topic, group, row, out);
    }
    return out;
  }

  /**
   * Broadcasting groups: every consumer client gets every message, from its own position: the
   * messages stored after its first poll of the topic (as RocketMQ's broadcasting consumers
   * start from the last offset). Positions advance as messages are handed out: there is no
   * server-side retry.
   */
  private async popBroadcast(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
  ): Promise<Delivered[]> {
    const client = req.clientId ?? '';
    await em.query(
      `INSERT INTO broadcast_clients (cluster_id, namespace, group_name, client_id, topic)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [req.clusterId, req.namespace, req.group, client, req.topic],
    );
    await em.query(
      `INSERT INTO broadcast_cursors (cluster_id, namespace, group_name, client_id, topic, queue_id, next_offset)
       SELECT q.cluster_id, q.namespace, b.group_name, b.client_id, q.topic, q.queue_id,
              coalesce((SELECT m.queue_offset FROM messages m
                         WHERE m.cluster_id = q.cluster_id AND m.namespace = q.namespace AND m.topic = q.topic
                           AND m.queue_id = q.queue_id AND m.stored_at >= b.since
                         ORDER BY m.queue_offset LIMIT 1), q.next_offset)
         FROM broadcast_clients b
         JOIN topic_queues q ON q.cluster_id = b.cluster_id AND q.namespace = b.namespace AND q.topic = b.topic
        WHERE b.cluster_id = $1 AND b.namespace = $2 AND b.group_name = $3 AND b.client_id = $4 AND b.topic = $5
       ON CONFLICT DO NOTHING`,
      [req.clusterId, req.namespace, req.group, client, req.topic],
    );
    const cursors = (await em.query(
      `SELECT c.queue_id, c.next_offset, coalesce(q.next_offset, 0) AS queue_end
         FROM broadcast_cursors c
         LEFT JOIN topic_queues q ON q.cluster_id = c.cluster_id AND q.namespace = c.namespace
                                  AND q.topic = c.topic AND q.queue_id = c.queue_id
        WHERE c.cluster_id = $1 AND c.namespace = $2 AND c.group_name = $3 AND c.client_id = $4 AND c.topic = $5
          AND c.next_offset < coalesce(q.next_offset, 0)
        ORDER BY c.updated_at, c.queue_id
        FOR UPDATE OF c SKIP LOCKED`,
      [req.clusterId, req.namespace, req.group, client, req.topic],
    )) as Cursor[];
    const out: Delivered[] = [];
    const now = new Date();
    for (const cursor of cursors) {
      const room = req.max - out.length;
      if (room <= 0) break;
      const rows = await this.readFrom(em, req, topic, cursor, room);
      const next =
        rows.length === room
          ? Number(rows[rows.length - 1].queue_offset) + 1
          : Number(cursor.queue_end);
      await em.query(
        `UPDATE broadcast_cursors SET next_offset = $7, updated_at = now()
          WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3 AND client_id = $4 AND topic = $5
            AND queue_id = $6`,
        [req.clusterId, req.namespace, req.group, client, req.topic, cursor.queue_id, next],
      );
      for (const row of rows)
        out.push(
          this.delivered(row, req.topic, `${BROADCAST_HANDLE}${newReceiptHandle()}`, now, now, 1),
        );
    }
    return out;
  }

  /** The group's cursors on the topic that no other pop holds (`withNew`: only those with messages left). */
  private async lockCursors(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    group: GroupInfo,
    withNew: boolean,
  ): Promise<Cursor[]> {
    await this.ensureCursors(em, req, topic, group);
    return (await em.query(
      `SELECT c.queue_id, c.next_offset, coalesce(q.next_offset, 0) AS queue_end
         FROM consume_cursors c
         LEFT JOIN topic_queues q ON q.cluster_id = c.cluster_id AND q.namespace = c.namespace
                                  AND q.topic = c.topic AND q.queue_id = c.queue_id
        WHERE c.cluster_id = $1 AND c.namespace = $2 AND c.group_name = $3 AND c.topic = $4
          AND ($5 = false OR c.next_offset < coalesce(q.next_offset, 0))
        ORDER BY c.updated_at, c.queue_id
        LIMIT $6
        FOR UPDATE OF c SKIP LOCKED`,
      [
        req.clusterId,
        req.namespace,
        req.group,
        req.topic,
        withNew,
        withNew ? CURSORS_PER_POP : 1024,
      ],
    )) as Cursor[];
  }

  /** Whether some queue of the topic has messages for the group that no cursor lock hid from this pop. */
  private async backlogWaiting(req: PopRequest): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM consume_cursors c
         JOIN topic_queues q ON q.cluster_id = c.cluster_id AND q.namespace = c.namespace
                            AND q.topic = c.topic AND q.queue_id = c.queue_id
        WHERE c.cluster_id = $1 AND c.namespace = $2 AND c.group_name = $3 AND c.topic = $4
          AND c.next_offset < q.next_offset
        LIMIT 1`,
      [req.clusterId, req.namespace, req.group, req.topic],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Up to `room` deliverable messages of a queue from a cursor (tag filter, retention, topic incarnation). */
  private async readFrom(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    cursor: Cursor,
    room: number,
  ): Promise<MessageRow[]> {
    return (await em.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
        WHERE m.cluster_id = $1 AND m.namespace = $2 AND m.topic = $3 AND m.queue_id = $4
          AND m.queue_offset >= $5 AND m.queue_offset < $6
          AND ${DELIVERABLE}
        ORDER BY m.queue_offset LIMIT $10`,
      [
        req.clusterId,
        req.namespace,
        req.topic,
        cursor.queue_id,
        cursor.next_offset,
        cursor.queue_end,
        topic.createdAt,
        topic.retentionMs,
        req.tags === '*' ? null : req.tags,
        room,
      ],
    )) as MessageRow[];
  }

  /** Hands out up to `room` messages of a queue from its cursor, and moves the cursor past them. */
  private async takeNew(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    cursor: Cursor,
    room: number,
    out: Delivered[],
  ): Promise<void> {
    if (Number(cursor.next_offset) >= Number(cursor.queue_end)) return;
    // One statement: read the messages, move the cursor past them (past filtered-out and expired
    // ones too), and record them in flight with new receipt handles.
    const rows = (await em.query(
      `WITH msgs AS (
         SELECT ${MESSAGE_COLUMNS} FROM messages m
          WHERE m.cluster_id = $1 AND m.namespace = $2 AND m.topic = $3 AND m.queue_id = $4
            AND m.queue_offset >= $5 AND m.queue_offset < $6
            AND ${DELIVERABLE}
          ORDER BY m.queue_offset LIMIT $10),
       moved AS (
         UPDATE consume_cursors
            SET next_offset = CASE WHEN (SELECT count(*) FROM msgs) = $10
                                   THEN (SELECT max(queue_offset) + 1 FROM msgs) ELSE $6::bigint END,
                updated_at = now()
          WHERE cluster_id = $1 AND namespace = $2 AND group_name = $11 AND topic = $3 AND queue_id = $4
         RETURNING 1),
       handed AS (
         INSERT INTO inflight (cluster_id, namespace, group_name, topic, queue_id, queue_offset, stored_at,
                               msg_id, receipt_handle, visible_at, delivered, first_at)
         SELECT $1, $2, $11, $3, $4, queue_offset, stored_at, msg_id,
                replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
                now() + make_interval(secs => $12 / 1000.0), 1, now()
           FROM msgs
         -- Still in flight from before an offset reset: handed out again.
         ON CONFLICT (cluster_id, namespace, group_name, topic, queue_id, queue_offset) DO UPDATE
           SET receipt_handle = EXCLUDED.receipt_handle, visible_at = EXCLUDED.visible_at,
               delivered = inflight.delivered + 1
         RETURNING queue_offset, receipt_handle, visible_at, first_at, delivered)
       SELECT msgs.*, h.receipt_handle, h.visible_at, h.first_at, h.delivered
         FROM msgs JOIN handed h USING (queue_offset) ORDER BY msgs.queue_offset`,
      [
        req.clusterId,
        req.namespace,
        req.topic,
        cursor.queue_id,
        cursor.next_offset,
        cursor.queue_end,
        topic.createdAt,
        topic.retentionMs,
        req.tags === '*' ? null : req.tags,
        room,
        req.group,
        req.invisibleMs,
      ],
    )) as Array<
      MessageRow & { receipt_handle: string; visible_at: Date; first_at: Date; delivered: number }
    >;
    for (const r of rows)
      out.push(
        this.delivered(r, req.topic, r.receipt_handle, r.first_at, r.visible_at, r.delivered),
      );
  }

  private cursorsKey(req: PopRequest, topic: TopicInfo, group: GroupInfo): string {
    return `${req.clusterId}/${req.namespace}/${req.group}@${group.createdAt}/${req.topic}@${topic.createdAt}#${topic.partitions}`;
  }

  /**
   * A group's first pop of a topic creates its cursors: each queue starts at the first message
   * stored after the group was created (a group sees what was sent since it exists).
   */
  private async ensureCursors(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    group: GroupInfo,
  ): Promise<void> {
    // Once every queue of the topic has a cursor for the group, nothing is left to create: a
    // group or topic deleted and created again has a new creation time, so a new cache key.
    const complete = this.cursorsKey(req, topic, group);
    if (this.completeCursors.has(complete)) return;
    await em.query(
      `INSERT INTO consume_cursors (cluster_id, namespace, group_name, topic, queue_id, next_offset)
       SELECT $1::text, $2::text, $3::text, $4::text, q.queue_id,
              coalesce((SELECT m.queue_offset FROM messages m
                         WHERE m.cluster_id = q.cluster_id AND m.namespace = q.namespace AND m.topic = q.topic
                           AND m.queue_id = q.queue_id AND m.stored_at >= to_timestamp($5 / 1000.0)
                         ORDER BY m.queue_offset LIMIT 1), q.next_offset)
         FROM topic_queues q
        WHERE q.cluster_id = $1::text AND q.namespace = $2::text AND q.topic = $4::text
          -- Only queues without a cursor: an existing cursor that another pop holds is not waited for.
          AND NOT EXISTS (SELECT 1 FROM consume_cursors c
                           WHERE c.cluster_id = q.cluster_id AND c.namespace = q.namespace
                             AND c.group_name = $3::text AND c.topic = q.topic AND c.queue_id = q.queue_id)
       ON CONFLICT DO NOTHING`,
      [
        req.clusterId,
        req.namespace,
        req.group,
        req.topic,
        Math.max(group.createdAt, topic.createdAt),
      ],
    );
    const [{ n }] = (await em.query(
      `SELECT count(*)::int AS n FROM consume_cursors
        WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3 AND topic = $4`,
      [req.clusterId, req.namespace, req.group, req.topic],
    )) as Array<{ n: number }>;
    if (n >= topic.partitions) {
      if (this.completeCursors.size > 10_000) this.completeCursors.clear();
      this.completeCursors.add(complete);
    }
  }

  private async messagesAt(
    em: EntityManager,
    req: PopRequest,
    rows: readonly InflightRow[],
  ): Promise<MessageRow[]> {
    return (await em.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
        WHERE m.cluster_id = $1 AND m.namespace = $2 AND m.topic = $3 AND m.queue_id = $4
          AND m.queue_offset = $5 AND m.stored_at = $6`,
      [
        req.clusterId,
        req.namespace,
        req.topic,
        rows[0].queue_id,
        rows[0].queue_offset,
        rows[0].stored_at,
      ],
    )) as MessageRow[];
  }

  private async forget(em: EntityManager, req: PopRequest, row: InflightRow): Promise<void> {
    await em.query(
      `DELETE FROM inflight WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3 AND topic = $4
          AND queue_id = $5 AND queue_offset = $6`,
      [req.clusterId, req.namespace, req.group, req.topic, row.queue_id, row.queue_offset],
    );
  }

  /** Past the retry limit: the message moves to `%DLQ%<group>` (created on first use), in this transaction. */
  private async deadLetter(
    em: EntityManager,
    req: PopRequest,
    topic: TopicInfo,
    row: InflightRow,
  ): Promise<void> {
    const [message] = await this.messagesAt(em, req, [row]);
    await this.forget(em, req, row);
    if (!message) return;
    const dlq = `%DLQ%${req.group}`;
    await this.store.ensurePartitions(Date.now());
    await em.query(
      `INSERT INTO topics (cluster_id, namespace, name, type, partition_num, remark, system_group)
       VALUES ($1, $2, $3, 'DeadLetter', 1, '', $4) ON CONFLICT (cluster_id, namespace, name) DO NOTHING`,
      [req.clusterId, req.namespace, dlq, req.group],
    );
    const [{ next_offset }] = (await em.query(
      `INSERT INTO topic_queues (cluster_id, namespace, topic, queue_id, next_offset, last_write_at)
       VALUES ($1, $2, $3, 0, 1, now())
       ON CONFLICT (cluster_id, namespace, topic, queue_id)
         DO UPDATE SET next_offset = topic_queues.next_offset + 1, last_write_at = now()
       RETURNING next_offset`,
      [req.clusterId, req.namespace, dlq],
    )) as Array<{ next_offset: string }>;
    await em.query(
      `INSERT INTO messages (cluster_id, namespace, topic, queue_id, queue_offset, msg_id, tag, keys, properties,
                             body, sharding_key, born_at, reconsume, stored_at)
       VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())`,
      [
        req.clusterId,
        req.namespace,
        dlq,
        Number(next_offset) - 1,
        message.msg_id,
        message.tag,
        message.keys,
        { ...message.properties, ORIGIN_TOPIC: topic.name },
        message.body,
        message.sharding_key,
        message.born_at,
        row.delivered,
      ],
    );
  }

  private delivered(
    m: MessageRow,
    topic: string,
    receiptHandle: string,
    firstAt: Date,
    visibleAt: Date,
    deliveredTimes: number,
  ): Delivered {
    return {
      msgId: m.msg_id,
      receiptHandle,
      topic,
      queueId: m.queue_id,
      offset: Number(m.queue_offset),
      tag: m.tag,
      keys: m.keys,
      properties: m.properties,
      body: m.body,
      shardingKey: m.sharding_key,
      bornAt: new Date(m.born_at).getTime(),
      storedAt: new Date(m.stored_at).getTime(),
      deliverAt: m.deliver_at ? new Date(m.deliver_at).getTime() : null,
      firstConsumedAt: new Date(firstAt).getTime(),
      nextVisibleAt: new Date(visibleAt).getTime(),
      deliveredTimes,
    };
  }
}
