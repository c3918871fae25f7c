import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tag API: each account's catalog of tags created without a resource (CreateTag), who
 * attached a resource's tag (DescribeResourcesByTags' CreateUin), and the indexes the tag
 * listings page over (by account, then key and value, or resource name).
 */
export class TagCatalog1764500000000 implements MigrationInterface {
  name = 'TagCatalog1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tag_catalog (
        owner_uin  varchar(20)  NOT NULL,
        tag_key    varchar(255) NOT NULL,
        tag_value  varchar(127) NOT NULL DEFAULT '',
        create_uin varchar(20)  NOT NULL,
        created_at timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT tag_catalog_pkey PRIMARY KEY (owner_uin, tag_key, tag_value)
      )`);
    await q.query(`ALTER TABLE resource_tags ADD COLUMN create_uin varchar(20)`);
    await q.query(
      `CREATE INDEX resource_tags_owner_key ON resource_tags (owner_uin, tag_key, tag_value)`,
    );
    await q.query(
      `CREATE INDEX resource_tags_owner_resource ON resource_tags (owner_uin, resource)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX resource_tags_owner_resource`);
    await q.query(`DROP INDEX resource_tags_owner_key`);
    await q.query(`ALTER TABLE resource_tags DROP COLUMN create_uin`);
    await q.query(`DROP TABLE tag_catalog`);
  }
}
