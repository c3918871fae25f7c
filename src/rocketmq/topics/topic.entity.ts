import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A topic; Retry/DeadLetter topics belong to a group (systemGroup) and go with it. */
@Entity({ name: 'topics' })
export class TopicEntity {
  @PrimaryColumn({ name: 'cluster_id', type: 'varchar', length: 32 })
  clusterId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  namespace!: string;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: string;

  @Column({ name: 'partition_num', type: 'integer' })
  partitionNum!: number;

  @Column({ type: 'varchar', length: 128 })
  remark!: string;

  @Column({ name: 'system_group', type: 'varchar', length: 64, nullable: true })
  systemGroup!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
