import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/columns.js';

/** A namespace (API: "NamespaceId" is its name, unique within the cluster). */
@Entity({ name: 'namespaces' })
export class NamespaceEntity {
  @PrimaryColumn({ name: 'cluster_id', type: 'varchar', length: 32 })
  clusterId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'varchar', length: 128 })
  remark!: string;

  @Column({ name: 'ttl_ms', type: 'bigint', transformer: bigintAsNumber })
  ttlMs!: number;

  @Column({ name: 'retention_ms', type: 'bigint', transformer: bigintAsNumber })
  retentionMs!: number;

  @Column({ name: 'public_access_enabled', type: 'boolean' })
  publicAccessEnabled!: boolean;

  /** Maintained by triggers of the topic, group and role-binding tables. */
  @Column({ name: 'topic_count', type: 'integer', default: 0 })
  topicCount!: number;

  @Column({ name: 'group_count', type: 'integer', default: 0 })
  groupCount!: number;

  @Column({ name: 'role_binding_count', type: 'integer', default: 0 })
  roleBindingCount!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
