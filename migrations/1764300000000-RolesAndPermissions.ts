import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data-plane ACL: roles (one token each) and their permissions per namespace.
 *  - The token is stored as a SHA-256 (lookup) and sealed with the master key (display):
 *    the table alone reveals no token.
 *  - A role bound to a namespace cannot be deleted (foreign key), nor can the namespace
 *    (its role_binding_count guard); counters move once per statement.
 *  - Every committed change notifies rmq_acl_changed with the cluster id, so data-plane ACL
 *    caches drop what they hold for that cluster.
 */
export class RolesAndPermissions1764300000000 implements MigrationInterface {
  name = 'RolesAndPermissions1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roles (
        cluster_id       varchar(32)  NOT NULL REFERENCES clusters (id) ON DELETE RESTRICT,
        name             varchar(32)  NOT NULL,
        remark           varchar(128) NOT NULL DEFAULT '',
        perm_type        varchar(16)  NOT NULL CONSTRAINT roles_perm_type CHECK (perm_type IN ('Cluster', 'TopicAndGroup')),
        token_hash       bytea        NOT NULL CONSTRAINT roles_token_hash_unique UNIQUE,
        token_sealed     text         NOT NULL,
        secret_sealed    text,
        token_issued_at  timestamptz  NOT NULL DEFAULT now(),
        created_at       timestamptz  NOT NULL DEFAULT now(),
        updated_at       timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT roles_pkey PRIMARY KEY (cluster_id, name)
      )`);
    await q.query(`CREATE INDEX roles_list ON roles (cluster_id, created_at DESC, name)`);

    await q.query(`
      CREATE TABLE environment_roles (
        cluster_id     varchar(32) NOT NULL,
        namespace      varchar(32) NOT NULL,
        role_name      varchar(32) NOT NULL,
        permissions    text[]      NOT NULL CONSTRAINT environment_roles_permissions
                         CHECK (cardinality(permissions) BETWEEN 1 AND 2 AND permissions <@ ARRAY['produce', 'consume']),
        detailed_perms jsonb       NOT NULL DEFAULT '[]',
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT environment_roles_pkey PRIMARY KEY (cluster_id, namespace, role_name),
        CONSTRAINT environment_roles_namespace_fkey FOREIGN KEY (cluster_id, namespace) REFERENCES namespaces (cluster_id, name) ON DELETE RESTRICT,
        CONSTRAINT environment_roles_role_fkey FOREIGN KEY (cluster_id, role_name) REFERENCES roles (cluster_id, name) ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE INDEX environment_roles_by_role ON environment_roles (cluster_id, role_name)`,
    );

    await q.query(`
      CREATE FUNCTION roles_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
      BEGIN
        UPDATE clusters c SET role_count = c.role_count + sign * d.n
          FROM (SELECT cluster_id, count(*)::int AS n FROM changed GROUP BY cluster_id) d
          WHERE c.id = d.cluster_id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER roles_count_insert AFTER INSERT ON roles REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION roles_count()`,
    );
    await q.query(
      `CREATE TRIGGER roles_count_delete AFTER DELETE ON roles REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION roles_count()`,
    );

    await q.query(`
      CREATE FUNCTION environment_roles_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
      BEGIN
        UPDATE namespaces n SET role_binding_count = n.role_binding_count + sign * d.n
          FROM (SELECT cluster_id, namespace, count(*)::int AS n FROM changed GROUP BY cluster_id, namespace) d
          WHERE n.cluster_id = d.cluster_id AND n.name = d.namespace;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER environment_roles_count_insert AFTER INSERT ON environment_roles REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION environment_roles_count()`,
    );
    await q.query(
      `CREATE TRIGGER environment_roles_count_delete AFTER DELETE ON environment_roles REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION environment_roles_count()`,
    );

    await q.query(`
      CREATE FUNCTION notify_acl_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('rmq_acl_changed', OLD.cluster_id);
        ELSE
          PERFORM pg_notify('rmq_acl_changed', NEW.cluster_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER roles_acl_changed AFTER INSERT OR UPDATE OR DELETE ON roles FOR EACH ROW EXECUTE FUNCTION notify_acl_changed()`,
    );
    await q.query(
      `CREATE TRIGGER environment_roles_acl_changed AFTER INSERT OR UPDATE OR DELETE ON environment_roles FOR EACH ROW EXECUTE FUNCTION notify_acl_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE environment_roles`);
    await q.query(`DROP TABLE roles`);
    await q.query(`DROP FUNCTION notify_acl_changed()`);
    await q.query(`DROP FUNCTION environment_roles_count()`);
    await q.query(`DROP FUNCTION roles_count()`);
  }
}
