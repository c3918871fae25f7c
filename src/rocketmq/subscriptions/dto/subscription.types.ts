import { Out } from '../../../gateway/fields.js';

export class ClientSubscriptionInfo {
  @Out({ description: 'Client ID', example: 'consumer-1@10.0.0.7' })
  ClientId!: string;

  @Out({ type: String, description: 'Client address', nullable: true, example: '10.0.0.7' })
  ClientAddr!: string | null;

  @Out({ type: String, description: 'Subscribed topic', nullable: true, example: 'orders' })
  Topic!: string | null;

  @Out({ type: String, description: 'Subscription expression', nullable: true, example: '*' })
  SubString!: string | null;

  @Out({ type: String, description: 'TAG or SQL', nullable: true, example: 'TAG' })
  ExpressionType!: string | null;
}

/** A group's subscription to a topic, as consumers registered it. */
export class RocketMQSubscription {
  @Out({ description: 'Topic', example: 'orders' })
  Topic!: string;

  @Out({ description: 'Topic type', example: 'Normal' })
  Type!: string;

  @Out({ type: Number, description: 'Partitions of the topic', nullable: true, example: 3 })
  PartitionNum!: number | null;

  @Out({ type: String, description: 'TAG or SQL', nullable: true, example: 'TAG' })
  ExpressionType!: string | null;

  @Out({
    type: String,
    description: 'Subscription expression, e.g. `*` or `TagA || TagB`',
    nullable: true,
    example: '*',
  })
  SubString!: string | null;

  @Out({
    type: Number,
    description:
      'Subscription consistency across the group’s consumers: 0 consistent, 1 inconsistent, 2 unknown',
    nullable: true,
    example: 2,
  })
  Status!: number | null;

  @Out({
    type: Number,
    description: 'Messages not yet consumed; null when unknown',
    nullable: true,
    example: null,
  })
  ConsumerLag!: number | null;

  @Out({
    type: String,
    description: 'Cluster ID',
    nullable: true,
    example: 'rocketmq-abcd12345678',
  })
  ClusterId!: string | null;

  @Out({ type: String, description: 'Consumer group', nullable: true, example: 'order-consumers' })
  ConsumerGroup!: string | null;

  @Out({
    type: Boolean,
    description: 'Whether a consumer of the group is online',
    nullable: true,
    example: false,
  })
  IsOnline!: boolean | null;

  @Out({ type: Number, description: '0 broadcasting, 1 clustering', nullable: true, example: 1 })
  ConsumeType!: number | null;

  @Out({ type: Number, description: 'Same as Status', nullable: true, example: 2 })
  Consistency!: number | null;

  @Out({
    type: Number,
    description:
      'Last poll of the topic by an online consumer of the group, epoch seconds; null when none is online',
    nullable: true,
    example: null,
  })
  LastUpdateTime!: number | null;

  @Out({ type: Number, description: 'The group’s retry limit', nullable: true, example: 16 })
  MaxRetryTimes!: number | null;

  @Out({
    type: String,
    description: 'Protocol of the group’s clients (TCP or HTTP)',
    nullable: true,
    example: 'TCP',
  })
  ClientProtocol!: string | null;

  @Out({
    description: 'Per-client subscription details (online clients)',
    type: () => [ClientSubscriptionInfo],
    nullable: true,
  })
  ClientSubscriptionInfos!: ClientSubscriptionInfo[] | null;
}
