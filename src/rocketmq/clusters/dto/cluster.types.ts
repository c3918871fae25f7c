import { Out } from '../../../gateway/fields.js';

/** Response shapes of the cluster actions, field for field as the SDK models them. */

export class VpcConfig {
  @Out({ description: 'VPC ID', example: 'vpc-123' })
  VpcId!: string;

  @Out({ description: 'Subnet ID', example: 'subnet-123' })
  SubnetId!: string;
}

export class RocketMQClusterInfo {
  @Out({ description: 'Cluster ID', example: 'rocketmq-abcd12345678' })
  ClusterId!: string;

  @Out({ description: 'Cluster name', example: 'dev' })
  ClusterName!: string;

  @Out({
    description: 'Region the cluster was created in (never changes)',
    example: 'ap-guangzhou',
  })
  Region!: string;

  @Out({ description: 'Creation time, epoch milliseconds', example: 1764000000000 })
  CreateTime!: number;

  @Out({ type: String, description: 'Remark', nullable: true, example: 'team A' })
  Remark!: string | null;

  @Out({
    description:
      'TCP (RocketMQ protocol) public access point; empty while public access is disabled',
    example: '203.0.113.10:8081',
  })
  PublicEndPoint!: string;

  @Out({ description: 'TCP (RocketMQ protocol) VPC access point', example: '10.0.0.5:8081' })
  VpcEndPoint!: string;

  @Out({
    type: Boolean,
    description: 'Whether namespaces have their own access points (they share the cluster’s here)',
    nullable: true,
    example: false,
  })
  SupportNamespaceEndpoint!: boolean | null;

  @Out({ description: 'VPCs bound to the cluster', type: () => [VpcConfig], nullable: true })
  Vpcs!: VpcConfig[] | null;

  @Out({
    type: Boolean,
    description: 'Whether this is an exclusive (VIP) instance; clusters created here are virtual',
    nullable: true,
    example: false,
  })
  IsVip!: boolean | null;

  @Out({ type: Boolean, description: 'RocketMQ cluster marker', nullable: true, example: true })
  RocketMQFlag!: boolean | null;

  @Out({
    type: Number,
    description: 'Billing status: 1 normal, 2 stopped, 3 destroyed',
    nullable: true,
    example: 1,
  })
  Status!: number | null;

  @Out({
    type: Number,
    description: 'Time service was suspended for arrears, epoch ms (never here)',
    nullable: true,
    example: null,
  })
  IsolateTime!: number | null;

  @Out({
    type: String,
    description:
      'HTTP protocol public access point (the data-plane HTTP endpoint); null while public access is disabled',
    nullable: true,
    example: 'http://203.0.113.10:3000/rocketmq/rocketmq-abcd12345678',
  })
  HttpPublicEndpoint!: string | null;

  @Out({
    type: String,
    description: 'HTTP protocol VPC access point',
    nullable: true,
    example: 'http://10.0.0.5:3000/rocketmq/rocketmq-abcd12345678',
  })
  HttpVpcEndpoint!: string | null;

  @Out({
    type: String,
    description: 'TCP internal access point',
    nullable: true,
    example: '10.0.0.5:8081',
  })
  InternalEndpoint!: string | null;

  @Out({
    type: String,
    description: 'HTTP protocol internal access point',
    nullable: true,
    example: 'http://10.0.0.5:3000/rocketmq/rocketmq-abcd12345678',
  })
  HttpInternalEndpoint!: string | null;

  @Out({
    type: Boolean,
    description: 'Whether data-plane ACL (role tokens) is enforced; always on for virtual clusters',
    nullable: true,
    example: true,
  })
  AclEnabled!: boolean | null;

  @Out({
    type: String,
    description: 'Public CLB instance ID (not applicable)',
    nullable: true,
    example: null,
  })
  PublicClbId!: string | null;

  @Out({ type: String, description: 'VIP (not applicable)', nullable: true, example: null })
  Vip!: string | null;

  @Out({
    type: String,
    description: 'VPC the cluster belongs to (not applicable)',
    nullable: true,
    example: null,
  })
  VpcId!: string | null;

  @Out({
    type: Boolean,
    description: 'Whether metadata migration into this cluster is supported',
    nullable: true,
    example: true,
  })
  SupportMigration!: boolean | null;

  @Out({
    type: Number,
    description:
      'Instance status: 0 creating, 1 normal, 2 isolating, 3 destroyed, 4 abnormal, 5 delivery failed, 6 changing spec, 7 spec change failed',
    nullable: true,
    example: 1,
  })
  InstanceStatus!: number | null;

  @Out({
    type: Number,
    description: 'Availability zone (not applicable)',
    nullable: true,
    example: null,
  })
  ZoneId!: number | null;

  @Out({
    description: 'Availability zones of the nodes (not applicable)',
    nullable: true,
    type: [Number],
    example: null,
  })
  ZoneIds!: number[] | null;

  @Out({ description: 'Whether the cluster is frozen', example: false })
  IsFrozen!: boolean;

  @Out({
    description: 'Whether topics are created automatically (never: topics are created explicitly)',
    example: false,
  })
  AutoCreateTopicEnabled!: boolean;

  @Out({ description: 'Whether the cluster admin feature is enabled', example: false })
  AdminFeatureEnabled!: boolean;

  @Out({
    type: String,
    description: 'Admin AccessKey (admin feature disabled)',
    nullable: true,
    example: null,
  })
  AdminAccessKey!: string | null;

  @Out({
    type: String,
    description: 'Admin SecretKey (admin feature disabled)',
    nullable: true,
    example: null,
  })
  AdminSecretKey!: string | null;

  @Out({ description: 'Whether deletion protection is on', example: false })
  EnableDeletionProtection!: boolean;

  @Out({
    type: Boolean,
    description:
      'Whether consumer groups are created automatically (never: groups are created explicitly)',
    nullable: true,
    example: false,
  })
  AutoCreateConsumeGroupEnabled!: boolean | null;
}

export class RocketMQTopicDistribution {
  @Out({ description: 'Topic type', example: 'Normal' })
  TopicType!: string;

  @Out({ description: 'Number of topics of that type', example: 0 })
  Count!: number;
}

export class RocketMQClusterConfig {
  @Out({ description: 'TPS limit of one namespace', example: 5000 })
  MaxTpsPerNamespace!: number;

  @Out({ description: 'Namespace quota', example: 10 })
  MaxNamespaceNum!: number;

  @Out({ description: 'Namespaces in use', example: 1 })
  UsedNamespaceNum!: number;

  @Out({ description: 'Topic quota', example: 1000 })
  MaxTopicNum!: number;

  @Out({ description: 'Topics in use', example: 0 })
  UsedTopicNum!: number;

  @Out({ description: 'Group quota', example: 10000 })
  MaxGroupNum!: number;

  @Out({ description: 'Groups in use', example: 0 })
  UsedGroupNum!: number;

  @Out({ description: 'Longest message retention, ms', example: 259200000 })
  MaxRetentionTime!: number;

  @Out({ description: 'Longest message delay, ms', example: 259200000 })
  MaxLatencyTime!: number;

  @Out({
    type: Number,
    description: 'Most queues (partitions) one topic may have',
    nullable: true,
    example: 16,
  })
  MaxQueuesPerTopic!: number | null;

  @Out({ description: 'Topics per type', type: () => [RocketMQTopicDistribution], nullable: true })
  TopicDistribution!: RocketMQTopicDistribution[] | null;

  @Out({ description: 'Role quota', example: 1000 })
  MaxRoleNum!: number;

  @Out({ description: 'Cluster TPS limit', example: 5000 })
  MaxTpsLimit!: number;
}

export class RocketMQClusterRecentStats {
  @Out({ description: 'Number of topics', example: 0 })
  TopicNum!: number;

  @Out({ description: 'Messages produced', example: 0 })
  ProducedMsgNum!: number;

  @Out({ description: 'Messages consumed', example: 0 })
  ConsumedMsgNum!: number;

  @Out({ description: 'Messages not yet consumed (backlog)', example: 0 })
  AccumulativeMsgNum!: number;
}

export class RocketMQClusterDetail {
  @Out({ description: 'Basic information', type: () => RocketMQClusterInfo })
  Info!: RocketMQClusterInfo;

  @Out({ description: 'Quotas and usage', type: () => RocketMQClusterConfig })
  Config!: RocketMQClusterConfig;

  @Out({
    type: Number,
    description:
      'Status: 0 creating, 1 normal, 2 deleting, 3 deleted, 4 isolating, 5 creation failed, 6 deletion failed',
    nullable: true,
    example: 1,
  })
  Status!: number | null;
}
