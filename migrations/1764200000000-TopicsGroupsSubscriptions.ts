import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Topics, consumer groups and their subscriptions.
 *  - Usage counters: inserting/deleting user topics or groups moves the namespace's and the
 *    cluster's counters, once per statement (the cluster's CHECK constraints hold the quotas; the namespace's
 *    counters guard namespace deletion). Retry/DeadLetter topics are system-managed and do
 *    not count against the topic quota.
 *  - topic_type_counts: topics per (cluster, namespace, type), so list totals and the cluster's
 *    topic distribution never count rows.
 *  - groups.subscribe_topic_num follows the subscriptions table (sorting by it is indexed).
 *  - A group's %RETRY%/%DLQ% topics reference it and disappear with it; subscriptions
 *    disappear with their group or topic.
 *  - pg_trgm indexes serve fuzzy name filters on large namespaces.
 */
export class TopicsGroupsSubscriptions1764200000000 implements MigrationInterface {
  name = 'TopicsGroupsSubscriptions1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE groups (
        cluster_id          varchar(32)  NOT NULL,
        namespace           varchar(32)  NOT NULL,
        name                varchar(64)  NOT NULL,
        remark              varchar(128) NOT NULL DEFAULT '',
        read_enabled        boolean      NOT NULL,
        broadcast_enabled   boolean      NOT NULL,
        group_type          varchar(8)   NOT NULL CONSTRAINT groups_type CHECK (group_type IN ('TCP', 'HTTP')),
        retry_max_times     integer      NOT NULL CONSTRAINT groups_retry_max_times CHECK (retry_max_times BETWEEN 0 AND 1000),
        subscribe_topic_num integer      NOT NULL DEFAULT 0 CHECK (subscribe_topic_num >= 0),
        created_at          timestamptz  NOT NULL DEFAULT now(),
        updated_at          timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT groups_pkey PRIMARY KEY (cluster_id, namespace, name),
        CONSTRAINT groups_namespace_fkey FOREIGN KEY (cluster_id, namespace) REFERENCES namespaces (cluster_id, name) ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE INDEX groups_list ON groups (cluster_id, namespace, created_at DESC, name)`,
    );
    await q.query(
      `CREATE INDEX groups_by_subscriptions ON groups (cluster_id, namespace, subscribe_topic_num, name)`,
    );
    await q.query(`CREATE INDEX groups_name_trgm ON groups USING gin (name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE topics (
        cluster_id     varchar(32)  NOT NULL,
        namespace      varchar(32)  NOT NULL,
        name           varchar(80)  NOT NULL,
        type           varchar(20)  NOT NULL CONSTRAINT topics_type CHECK (type IN ('Normal', 'GlobalOrder', 'PartitionedOrder', 'Transaction', 'DelayScheduled', 'Retry', 'DeadLetter')),
        partition_num  integer      NOT NULL CONSTRAINT topics_partition_num CHECK (partition_num BETWEEN 1 AND 1024),
        remark         varchar(128) NOT NULL DEFAULT '',
        system_group   varchar(64),
        last_write_at  timestamptz,
        created_at     timestamptz  NOT NULL DEFAULT now(),
        updated_at     timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT topics_pkey PRIMARY KEY (cluster_id, namespace, name),
        CONSTRAINT topics_namespace_fkey FOREIGN KEY (cluster_id, namespace) REFERENCES namespaces (cluster_id, name) ON DELETE RESTRICT,
        CONSTRAINT topics_system_group_fkey FOREIGN KEY (cluster_id, namespace, system_group) REFERENCES groups (cluster_id, namespace, name) ON DELETE CASCADE,
        CONSTRAINT topics_system_shape CHECK ((type IN ('Retry', 'DeadLetter')) = (system_group IS NOT NULL)),
        CONSTRAINT topics_global_order_single CHECK (type <> 'GlobalOrder' OR partition_num = 1)
      )`);
    await q.query(
      `CREATE INDEX topics_list ON topics (cluster_id, namespace, created_at DESC, name)`,
    );
    await q.query(
      `CREATE INDEX topics_by_type ON topics (cluster_id, namespace, type, created_at DESC, name)`,
    );
    await q.query(`CREATE INDEX topics_name_trgm ON topics USING gin (name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE topic_type_counts (
        cluster_id varchar(32) NOT NULL,
        namespace  varchar(32) NOT NULL,
        type       varchar(20) NOT NULL,
        count      integer     NOT NULL CHECK (count >= 0),
        CONSTRAINT topic_type_counts_pkey PRIMARY KEY (cluster_id, namespace, type)
      )`);

    await q.query(`
      CREATE TABLE subscriptions (
        cluster_id      varchar(32)   NOT NULL,
        namespace       varchar(32)   NOT NULL,
        group_name      varchar(64)   NOT NULL,
        topic_name      varchar(80)   NOT NULL,
        expression_type varchar(8)    NOT NULL DEFAULT 'TAG' CONSTRAINT subscriptions_expression_type CHECK (expression_type IN ('TAG', 'SQL')),
        sub_string      varchar(1024) NOT NULL DEFAULT '*',
        created_at      timestamptz   NOT NULL DEFAULT now(),
        updated_at      timestamptz   NOT NULL DEFAULT now(),
        CONSTRAINT subscriptions_pkey PRIMARY KEY (cluster_id, namespace, group_name, topic_name),
        CONSTRAINT subscriptions_group_fkey FOREIGN KEY (cluster_id, namespace, group_name) REFERENCES groups (cluster_id, namespace, name) ON DELETE CASCADE,
        CONSTRAINT subscriptions_topic_fkey FOREIGN KEY (cluster_id, namespace, topic_name) REFERENCES topics (cluster_id, namespace, name) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX subscriptions_by_topic ON subscriptions (cluster_id, namespace, topic_name, group_name)`,
    );

    // Counters move once per statement (transition tables), not once per row: a bulk insert
    // of N rows updates each counter row once, instead of N times in one transaction.
    await q.query(`
      CREATE FUNCTION topics_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO topic_type_counts AS c (cluster_id, namespace, type, count)
            SELECT cluster_id, namespace, type, count(*)::int FROM changed GROUP BY cluster_id, namespace, type
            ON CONFLICT (cluster_id, namespace, type) DO UPDATE SET count = c.count + EXCLUDED.count;
        ELSE
          UPDATE topic_type_counts c SET count = c.count - d.n
            FROM (SELECT cluster_id, namespace, type, count(*)::int AS n FROM changed GROUP BY cluster_id, namespace, type) d
            WHERE c.cluster_id = d.cluster_id AND c.namespace = d.namespace AND c.type = d.type;
        END IF;
        UPDATE namespaces n SET topic_count = n.topic_count + sign * d.n
          FROM (SELECT cluster_id, namespace, count(*)::int AS n FROM changed WHERE type NOT IN ('Retry', 'DeadLetter') GROUP BY cluster_id, namespace) d
          WHERE n.cluster_id = d.cluster_id AND n.name = d.namespace;
        UPDATE clusters c SET topic_count = c.topic_count + sign * d.n
          FROM (SELECT cluster_id, count(*)::int AS n FROM changed WHERE type NOT IN ('Retry', 'DeadLetter') GROUP BY cluster_id) d
          WHERE c.id = d.cluster_id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER topics_count_insert AFTER INSERT ON topics REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION topics_count()`,
    );
    await q.query(
      `CREATE TRIGGER topics_count_delete AFTER DELETE ON topics REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION topics_count()`,
    );

    await q.query(`
      CREATE FUNCTION groups_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
      BEGIN
        UPDATE namespaces n SET group_count = n.group_count + sign * d.n
          FROM (SELECT cluster_id, namespace, count(*)::int AS n FROM changed GROUP BY cluster_id, namespace) d
          WHERE n.cluster_id = d.cluster_id AND n.name = d.namespace;
        UPDATE clusters c SET group_count = c.group_count + sign * d.n
          FROM (SELECT cluster_id, count(*)::int AS n FROM changed GROUP BY cluster_id) d
          WHERE c.id = d.cluster_id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER groups_count_insert AFTER INSERT ON groups REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION groups_count()`,
    );
    await q.query(
      `CREATE TRIGGER groups_count_delete AFTER DELETE ON groups REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION groups_count()`,
    );

    await q.query(`
      CREATE FUNCTION subscriptions_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
      BEGIN
        UPDATE groups g SET subscribe_topic_num = g.subscribe_topic_num + sign * d.n
          FROM (SELECT cluster_id, namespace, group_name, count(*)::int AS n FROM changed GROUP BY cluster_id, namespace, group_name) d
          WHERE g.cluster_id = d.cluster_id AND g.namespace = d.namespace AND g.name = d.group_name;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER subscriptions_count_insert AFTER INSERT ON subscriptions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION subscriptions_count()`,
    );
    await q.query(
      `CREATE TRIGGER subscriptions_count_delete AFTER DELETE ON subscriptions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION subscriptions_count()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subscriptions`);
    await q.query(`DROP TABLE topic_type_counts`);
    await q.query(`DROP TABLE topics`);
    await q.query(`DROP TABLE groups`);
    await q.query(`DROP FUNCTION subscriptions_count()`);
    await q.query(`DROP FUNCTION groups_count()`);
    await q.query(`DROP FUNCTION topics_count()`);
  }
}
