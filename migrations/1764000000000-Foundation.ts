import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access keys, clusters, namespaces and resource tags.
 * Quotas are enforced by the database: child-table triggers maintain usage counters on the
 * parent row and CHECK constraints hold usage ≤ quota, so parallel creates cannot overshoot.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_keys (
        secret_id      varchar(128) PRIMARY KEY,
        owner_uin      varchar(20)  NOT NULL,
        uin            varchar(20)  NOT NULL,
        secret_key_enc text         NOT NULL,
        status         varchar(10)  NOT NULL CONSTRAINT access_keys_status CHECK (status IN ('Active', 'Inactive')),
        created_at     timestamptz  NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX access_keys_user ON access_keys (owner_uin, uin)`);

    await q.query(`
      CREATE TABLE clusters (
        id                    varchar(32)  PRIMARY KEY,
        owner_uin             varchar(20)  NOT NULL,
        region                varchar(32)  NOT NULL,
        name                  varchar(64)  NOT NULL,
        remark                varchar(128) NOT NULL DEFAULT '',
        public_access_enabled boolean      NOT NULL DEFAULT true,
        max_namespaces        integer      NOT NULL CHECK (max_namespaces >= 0),
        max_topics            integer      NOT NULL CHECK (max_topics >= 0),
        max_groups            integer      NOT NULL CHECK (max_groups >= 0),
        max_roles             integer      NOT NULL CHECK (max_roles >= 0),
        max_retention_ms      bigint       NOT NULL CHECK (max_retention_ms > 0),
        max_delay_ms          bigint       NOT NULL CHECK (max_delay_ms > 0),
        max_queues_per_topic  integer      NOT NULL CHECK (max_queues_per_topic > 0),
        max_tps_per_namespace integer      NOT NULL CHECK (max_tps_per_namespace > 0),
        max_tps               integer      NOT NULL CHECK (max_tps > 0),
        namespace_count       integer      NOT NULL DEFAULT 0 CHECK (namespace_count >= 0),
        topic_count           integer      NOT NULL DEFAULT 0 CHECK (topic_count >= 0),
        group_count           integer      NOT NULL DEFAULT 0 CHECK (group_count >= 0),
        role_count            integer      NOT NULL DEFAULT 0 CHECK (role_count >= 0),
        created_at            timestamptz  NOT NULL DEFAULT now(),
        updated_at            timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT clusters_name_unique UNIQUE (owner_uin, region, name),
        CONSTRAINT clusters_namespace_quota CHECK (namespace_count <= max_namespaces),
        CONSTRAINT clusters_topic_quota CHECK (topic_count <= max_topics),
        CONSTRAINT clusters_group_quota CHECK (group_count <= max_groups),
        CONSTRAINT clusters_role_quota CHECK (role_count <= max_roles)
      )`);
    await q.query(
      `CREATE INDEX clusters_scope_created ON clusters (owner_uin, region, created_at DESC, id)`,
    );

    await q.query(`
      CREATE TABLE namespaces (
        cluster_id            varchar(32)  NOT NULL REFERENCES clusters (id) ON DELETE RESTRICT,
        name                  varchar(32)  NOT NULL,
        remark                varchar(128) NOT NULL DEFAULT '',
        ttl_ms                bigint       NOT NULL CHECK (ttl_ms > 0),
        retention_ms          bigint       NOT NULL CHECK (retention_ms > 0),
        public_access_enabled boolean      NOT NULL DEFAULT true,
        topic_count           integer      NOT NULL DEFAULT 0 CHECK (topic_count >= 0),
        group_count           integer      NOT NULL DEFAULT 0 CHECK (group_count >= 0),
        role_binding_count    integer      NOT NULL DEFAULT 0 CHECK (role_binding_count >= 0),
        created_at            timestamptz  NOT NULL DEFAULT now(),
        updated_at            timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT namespaces_pkey PRIMARY KEY (cluster_id, name)
      )`);

    await q.query(`
      CREATE FUNCTION namespaces_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE clusters SET namespace_count = namespace_count + 1 WHERE id = NEW.cluster_id;
          RETURN NEW;
        END IF;
        UPDATE clusters SET namespace_count = namespace_count - 1 WHERE id = OLD.cluster_id;
        RETURN OLD;
      END $$`);
    await q.query(
      `CREATE TRIGGER namespaces_count AFTER INSERT OR DELETE ON namespaces FOR EACH ROW EXECUTE FUNCTION namespaces_count()`,
    );

    await q.query(`
      CREATE TABLE resource_tags (
        resource      varchar(512) NOT NULL,
        tag_key       varchar(255) NOT NULL,
        tag_value     varchar(127) NOT NULL DEFAULT '',
        owner_uin     varchar(20)  NOT NULL,
        service       varchar(32)  NOT NULL,
        region        varchar(32)  NOT NULL,
        resource_type varchar(32)  NOT NULL,
        resource_id   varchar(256) NOT NULL,
        created_at    timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT resource_tags_pkey PRIMARY KEY (resource, tag_key)
      )`);
    await q.query(
      `CREATE INDEX resource_tags_lookup ON resource_tags (owner_uin, service, resource_type, tag_key, tag_value)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE resource_tags`);
    await q.query(`DROP TRIGGER namespaces_count ON namespaces`);
    await q.query(`DROP FUNCTION namespaces_count()`);
    await q.query(`DROP TABLE namespaces`);
    await q.query(`DROP TABLE clusters`);
    await q.query(`DROP TABLE access_keys`);
  }
}
