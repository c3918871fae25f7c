import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tag on a resource addressed by its six-segment name (qcs::tdmq:<region>:uin/<owner>:<type>/<id>). */
@Entity({ name: 'resource_tags' })
export class ResourceTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 512 })
  resource!: string;

  @PrimaryColumn({ name: 'tag_key', type: 'varchar', length: 255 })
  tagKey!: string;

  @Column({ name: 'tag_value', type: 'varchar', length: 127 })
  tagValue!: string;

  @Column({ name: 'owner_uin', type: 'varchar', length: 20 })
  ownerUin!: string;

  @Column({ type: 'varchar', length: 32 })
  service!: string;

  @Column({ type: 'varchar', length: 32 })
  region!: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 32 })
  resourceType!: string;

  /** The id path below the type (cluster id, cluster/namespace, ...). */
  @Column({ name: 'resource_id', type: 'varchar', length: 256 })
  resourceId!: string;

  /** Who attached the tag through the tag API (null: attached with the resource, or before this was recorded). */
  @Column({ name: 'create_uin', type: 'varchar', length: 20, nullable: true })
  createUin!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
