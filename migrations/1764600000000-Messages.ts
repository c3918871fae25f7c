import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data plane's storage: messages, the queues' offsets, and each group's consumption state.
 *  - `topic_queues`: one row per queue of a topic, holding the next offset to assign. Storing a
 *    batch takes the row lock, so offsets are assigned and committed in order: every offset
 *    below a committed `next_offset` is committed.
 *  - `messages`: partitioned by day of `stored_at`; retention drops whole partitions, so
 *    deleting old messages does not slow down as the table grows. Messages waiting for their
 *    delivery time (delay) or for their producer's decision (transaction half messages) are not
 *    in a queue yet: they live in `pending_messages` and enter their queue when due/committed.
 *  - `consume_cursors`: per (group, topic, queue) the next offset never handed out;
 *    `inflight`: messages handed out and not yet acked, each invisible until `visible_at`
 *    (then handed out again, up to the group's retry limit, then dead-lettered).
 */
export class Messages1764600000000 implements MigrationInterface {
  name = 'Messages1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE topic_queues (
        cluster_id   varchar(32)  NOT NULL,
        namespace    varchar(32)  NOT NULL,
        topic        varchar(80)  NOT NULL,
        queue_id     smallint     NOT NULL,
        next_offset  bigint       NOT NULL DEFAULT 0,
        last_write_at timestamptz,
        CONSTRAINT topic_queues_pkey PRIMARY KEY (cluster_id, namespace, topic, queue_id),
        CONSTRAINT topic_queues_topic_fkey FOREIGN KEY (cluster_id, namespace, topic)
          REFERENCES topics (cluster_id, namespace, name) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE messages (
        cluster_id    varchar(32)  NOT NULL,
        namespace     varchar(32)  NOT NULL,
        topic         varchar(80)  NOT NULL,
        queue_id      smallint     NOT NULL,
        queue_offset  bigint       NOT NULL,
        msg_id        varchar(40)  NOT NULL,
        tag           varchar(128) NOT NULL DEFAULT '',
        keys          text[]       NOT NULL DEFAULT '{}',
        properties    jsonb        NOT NULL DEFAULT '{}',
        body          bytea        NOT NULL,
        sharding_key  varchar(128),
        born_at       timestamptz  NOT NULL,
        deliver_at    timestamptz,
        reconsume     integer      NOT NULL DEFAULT 0,
        stored_at     timestamptz  NOT NULL,
        CONSTRAINT messages_pkey PRIMARY KEY (cluster_id, namespace, topic, queue_id, queue_offset, stored_at)
      ) PARTITION BY RANGE (stored_at)`);
    await q.query(`CREATE INDEX messages_by_id ON messages (cluster_id, namespace, msg_id)`);

    await q.query(`
      CREATE TABLE pending_messages (
        cluster_id    varchar(32)  NOT NULL,
        namespace     varchar(32)  NOT NULL,
        topic         varchar(80)  NOT NULL,
        msg_id        varchar(40)  NOT NULL,
        kind          varchar(12)  NOT NULL CONSTRAINT pending_messages_kind CHECK (kind IN ('delay', 'transaction')),
        due_at        timestamptz  NOT NULL,
        checks        integer      NOT NULL DEFAULT 0,
        receipt_handle varchar(96) CONSTRAINT pending_messages_receipt_unique UNIQUE,
        message       jsonb        NOT NULL,
        body          bytea        NOT NULL,
        created_at    timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT pending_messages_pkey PRIMARY KEY (cluster_id, namespace, msg_id),
        CONSTRAINT pending_messages_topic_fkey FOREIGN KEY (cluster_id, namespace, topic)
          REFERENCES topics (cluster_id, namespace, name) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX pending_messages_due ON pending_messages (due_at)`);

    await q.query(`
      CREATE TABLE consume_cursors (
        cluster_id   varchar(32)  NOT NULL,
        namespace    varchar(32)  NOT NULL,
        group_name   varchar(64)  NOT NULL,
        topic        varchar(80)  NOT NULL,
        queue_id     smallint     NOT NULL,
        next_offset  bigint       NOT NULL,
        updated_at   timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT consume_cursors_pkey PRIMARY KEY (cluster_id, namespace, group_name, topic, queue_id),
        CONSTRAINT consume_cursors_group_fkey FOREIGN KEY (cluster_id, namespace, group_name)
          REFERENCES groups (cluster_id, namespace, name) ON DELETE CASCADE,
        CONSTRAINT consume_cursors_topic_fkey FOREIGN KEY (cluster_id, namespace, topic)
          REFERENCES topics (cluster_id, namespace, name) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE inflight (
        cluster_id      varchar(32)  NOT NULL,
        namespace       varchar(32)  NOT NULL,
        group_name      varchar(64)  NOT NULL,
        topic           varchar(80)  NOT NULL,
        queue_id        smallint     NOT NULL,
        queue_offset    bigint       NOT NULL,
        stored_at       timestamptz  NOT NULL,
        msg_id          varchar(40)  NOT NULL,
        receipt_handle  varchar(96)  NOT NULL,
        visible_at      timestamptz  NOT NULL,
        delivered       integer      NOT NULL,
        first_at        timestamptz  NOT NULL,
        CONSTRAINT inflight_pkey PRIMARY KEY (cluster_id, namespace, group_name, topic, queue_id, queue_offset),
        CONSTRAINT inflight_receipt_unique UNIQUE (receipt_handle),
        CONSTRAINT inflight_group_fkey FOREIGN KEY (cluster_id, namespace, group_name)
          REFERENCES groups (cluster_id, namespace, name) ON DELETE CASCADE,
        CONSTRAINT inflight_topic_fkey FOREIGN KEY (cluster_id, namespace, topic)
          REFERENCES topics (cluster_id, namespace, name) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX inflight_due ON inflight (cluster_id, namespace, group_name, topic, visible_at)`,
    );

    // Broadcasting groups: each consumer client has its own position (and no server-side retry),
    // starting with the messages stored after its first poll of the topic.
    await q.query(`
      CREATE TABLE broadcast_clients (
        cluster_id   varchar(32)  NOT NULL,
        namespace    varchar(32)  NOT NULL,
        group_name   varchar(64)  NOT NULL,
        client_id    varchar(512) NOT NULL,
        topic        varchar(80)  NOT NULL,
        since        timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT broadcast_clients_pkey PRIMARY KEY (cluster_id, namespace, group_name, client_id, topic),
        CONSTRAINT broadcast_clients_group_fkey FOREIGN KEY (cluster_id, namespace, group_name)
          REFERENCES groups (cluster_id, namespace, name) ON DELETE CASCADE,
        CONSTRAINT broadcast_clients_topic_fkey FOREIGN KEY (cluster_id, namespace, topic)
          REFERENCES topics (cluster_id, namespace, name) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE broadcast_cursors (
        cluster_id   varchar(32)  NOT NULL,
        namespace    varchar(32)  NOT NULL,
        group_name   varchar(64)  NOT NULL,
        client_id    varchar(512) NOT NULL,
        topic        varchar(80)  NOT NULL,
        queue_id     smallint     NOT NULL,
        next_offset  bigint       NOT NULL,
        updated_at   timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT broadcast_cursors_pkey PRIMARY KEY (cluster_id, namespace, group_name, client_id, topic, queue_id),
        CONSTRAINT broadcast_cursors_group_fkey FOREIGN KEY (cluster_id, namespace, group_name)
          REFERENCES groups (cluster_id, namespace, name) ON DELETE CASCADE,
        CONSTRAINT broadcast_cursors_topic_fkey FOREIGN KEY (cluster_id, namespace, topic)
          REFERENCES topics (cluster_id, namespace, name) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE broadcast_cursors`);
    await q.query(`DROP TABLE broadcast_clients`);
    await q.query(`DROP TABLE inflight`);
    await q.query(`DROP TABLE consume_cursors`);
    await q.query(`DROP TABLE pending_messages`);
    await q.query(`DROP TABLE messages`);
    await q.query(`DROP TABLE topic_queues`);
  }
}
