import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/columns.js';

/**
 * A virtual RocketMQ cluster. Quotas are per cluster (defaults from config); the usage
 * counters are maintained by triggers on the child tables, and CHECK constraints hold
 * usage ≤ quota even under concurrent creates.
 */
@Entity({ name: 'clusters' })
export class ClusterEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'owner_uin', type: 'varchar', length: 20 })
  ownerUin!: string;

  @Column({ type: 'varchar', length: 32 })
  region!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 128 })
  remark!: string;

  @Column({ name: 'public_access_enabled', type: 'boolean' })
  publicAccessEnabled!: boolean;

  @Column({ name: 'max_namespaces', type: 'integer' })
  maxNamespaces!: number;

  @Column({ name: 'max_topics', type: 'integer' })
  maxTopics!: number;

  @Column({ name: 'max_groups', type: 'integer' })
  maxGroups!: number;

  @Column({ name: 'max_roles', type: 'integer' })
  maxRoles!: number;

  @Column({ name: 'max_retention_ms', type: 'bigint', transformer: bigintAsNumber })
  maxRetentionMs!: number;

  @Column({ name: 'max_delay_ms', type: 'bigint', transformer: bigintAsNumber })
  maxDelayMs!: number;

  @Column({ name: 'max_queues_per_topic', type: 'integer' })
  maxQueuesPerTopic!: number;

  @Column({ name: 'max_tps_per_namespace', type: 'integer' })
  maxTpsPerNamespace!: number;

  @Column({ name: 'max_tps', type: 'integer' })
  maxTps!: number;

  @Column({ name: 'namespace_count', type: 'integer', default: 0 })
  namespaceCount!: number;

  @Column({ name: 'topic_count', type: 'integer', default: 0 })
  topicCount!: number;

  @Column({ name: 'group_count', type: 'integer', default: 0 })
  groupCount!: number;

  @Column({ name: 'role_count', type: 'integer', default: 0 })
  roleCount!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
