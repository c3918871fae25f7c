import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every committed change to a tenant's clusters, namespaces or tags notifies
 * `rmq_scope_changed` with `<owner_uin>/<region>`, so API processes can drop cached list
 * results for that scope (ReadCache). NOTIFY is transactional: it is delivered on commit, once
 * per distinct payload per transaction.
 */
export class ScopeChangeNotifications1764100000000 implements MigrationInterface {
  name = 'ScopeChangeNotifications1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_scope_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('rmq_scope_changed', OLD.owner_uin || '/' || OLD.region);
        ELSE
          PERFORM pg_notify('rmq_scope_changed', NEW.owner_uin || '/' || NEW.region);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION notify_namespace_scope_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        cid varchar;
      BEGIN
        IF TG_OP = 'DELETE' THEN cid := OLD.cluster_id; ELSE cid := NEW.cluster_id; END IF;
        PERFORM pg_notify('rmq_scope_changed', c.owner_uin || '/' || c.region) FROM clusters c WHERE c.id = cid;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER clusters_scope_changed AFTER INSERT OR UPDATE OR DELETE ON clusters FOR EACH ROW EXECUTE FUNCTION notify_scope_changed()`,
    );
    await q.query(
      `CREATE TRIGGER resource_tags_scope_changed AFTER INSERT OR UPDATE OR DELETE ON resource_tags FOR EACH ROW EXECUTE FUNCTION notify_scope_changed()`,
    );
    await q.query(
      `CREATE TRIGGER namespaces_scope_changed AFTER INSERT OR UPDATE OR DELETE ON namespaces FOR EACH ROW EXECUTE FUNCTION notify_namespace_scope_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER namespaces_scope_changed ON namespaces`);
    await q.query(`DROP TRIGGER resource_tags_scope_changed ON resource_tags`);
    await q.query(`DROP TRIGGER clusters_scope_changed ON clusters`);
    await q.query(`DROP FUNCTION notify_namespace_scope_changed()`);
    await q.query(`DROP FUNCTION notify_scope_changed()`);
  }
}
