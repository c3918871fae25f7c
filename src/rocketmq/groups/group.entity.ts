import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A consumer group; never created implicitly. */
@Entity({ name: 'groups' })
export class GroupEntity {
  @PrimaryColumn({ name: 'cluster_id', type: 'varchar', length: 32 })
  clusterId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  namespace!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 128 })
  remark!: string;

  @Column({ name: 'read_enabled', type: 'boolean' })
  readEnabled!: boolean;

  @Column({ name: 'broadcast_enabled', type: 'boolean' })
  broadcastEnabled!: boolean;

  @Column({ name: 'group_type', type: 'varchar', length: 8 })
  groupType!: string;

  @Column({ name: 'retry_max_times', type: 'integer' })
  retryMaxTimes!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
