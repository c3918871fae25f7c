import {
  IntField,
  ObjectArrayField,
  Out,
  StringArrayField,
  StringField,
} from '../../../gateway/fields.js';
import { TagFilterInput, TagOutput } from '../../../tags/tag.dto.js';
import { ID_REF, REMARK, TOPIC_NAME } from '../../common/names.js';
import { LIMIT, OFFSET } from '../../common/paging.js';
import { RocketMQSubscription } from '../../subscriptions/dto/subscription.types.js';

/** Types a user creates; Retry and DeadLetter topics are system-managed (one of each per group). */
export const USER_TOPIC_TYPES = [
  'Normal',
  'GlobalOrder',
  'PartitionedOrder',
  'Transaction',
  'DelayScheduled',
] as const;
export const SYSTEM_TOPIC_TYPES = ['Retry', 'DeadLetter'] as const;
export const ALL_TOPIC_TYPES = [...USER_TOPIC_TYPES, ...SYSTEM_TOPIC_TYPES] as const;
export type UserTopicType = (typeof USER_TOPIC_TYPES)[number];
export type TopicType = (typeof ALL_TOPIC_TYPES)[number];

/** Partitions a topic gets when none are asked for. */
export const DEFAULT_PARTITIONS = 3;

const clusterId = () =>
  StringField({ description: 'Cluster ID', example: 'rocketmq-abcd12345678', ...ID_REF });
const namespaceId = (description = 'Namespace of the topic') =>
  StringField({ description, example: 'prod', ...ID_REF });
const topicRef = (description = 'Topic name') =>
  StringField({ description, example: 'orders', ...ID_REF });

export class CreateRocketMQTopicRequest {
  @StringField({
    description:
      'Topic name: 3-64 letters, digits, "-" and "_"; unique in each namespace; RocketMQ system names (rmq_sys_*, TBW102, …) are refused.',
    example: 'orders',
    ...TOPIC_NAME,
  })
  Topic!: string;

  @StringArrayField({
    description:
      'Namespaces to create the topic in (1-10): it is created in all of them or in none.',
    example: ['prod'],
    minItems: 1,
    maxItems: 10,
    item: ID_REF,
  })
  Namespaces!: string[];

  @StringField({ description: 'Topic type.', example: 'Normal', enum: USER_TOPIC_TYPES })
  Type!: string;

  @clusterId()
  ClusterId!: string;

  @StringField({
    description: 'Remark, up to 128 characters.',
    example: 'order events',
    optional: true,
    ...REMARK,
  })
  Remark?: string;

  @IntField({
    description: `Partitions (queues), 1 to the cluster's MaxQueuesPerTopic (16 by default); default ${DEFAULT_PARTITIONS}. GlobalOrder topics have exactly 1 (omit it or pass 1). Out of range: InvalidParameter.Partition.`,
    example: 4,
    optional: true,
  })
  PartitionNum?: number;
}

export class DescribeRocketMQTopicsRequest {
  @IntField({ description: 'Offset of the first result (0-based).', example: 0, ...OFFSET })
  Offset!: number;

  @IntField({ description: 'Page size, 0-100 (0 returns only TotalCount).', example: 20, ...LIMIT })
  Limit!: number;

  @clusterId()
  ClusterId!: string;

  @namespaceId('Namespace to list')
  NamespaceId!: string;

  @StringArrayField({
    description: 'Only topics of these types (Retry and DeadLetter select the system topics).',
    example: ['Normal'],
    optional: true,
    maxItems: 7,
    item: { enum: ALL_TOPIC_TYPES },
  })
  FilterType?: string[];

  @StringField({
    description: 'Only topics whose name contains this text (case-insensitive).',
    example: 'order',
    optional: true,
    maxLength: 80,
  })
  FilterName?: string;

  @StringField({
    description: 'Only topics this consumer group subscribes to.',
    example: 'order-consumers',
    optional: true,
    maxLength: 64,
  })
  FilterGroup?: string;

  @ObjectArrayField(() => TagFilterInput, {
    description: 'Only topics carrying these tags (all filters apply).',
    example: [{ TagKey: 'env', TagValues: ['prod'] }],
    optional: true,
    maxItems: 10,
  })
  TagFilters?: TagFilterInput[];
}

export class RocketMQTopic {
  @Out({ description: 'Topic name', example: 'orders' })
  Name!: string;

  @Out({
    description:
      'Normal, GlobalOrder, PartitionedOrder, Transaction, DelayScheduled; system: Retry, DeadLetter',
    example: 'Normal',
  })
  Type!: string;

  @Out({ description: 'Number of consumer groups subscribed', example: 0 })
  GroupNum!: number;

  @Out({ type: String, description: 'Remark', nullable: true, example: 'order events' })
  Remark!: string | null;

  @Out({ description: 'Partitions (queues)', example: 3 })
  PartitionNum!: number;

  @Out({ description: 'Creation time, epoch ms', example: 1764000000000 })
  CreateTime!: number;

  @Out({ description: 'Last change, epoch ms', example: 1764000000000 })
  UpdateTime!: number;

  @Out({
    type: String,
    description: 'Cluster ID',
    nullable: true,
    example: 'rocketmq-abcd12345678',
  })
  InstanceId!: string | null;

  @Out({ type: String, description: 'Namespace', nullable: true, example: 'prod' })
  Namespace!: string | null;

  @Out({
    type: Number,
    description: 'Last message written, epoch seconds; null until one is',
    nullable: true,
    example: null,
  })
  LastUpdateTime!: number | null;

  @Out({
    type: Number,
    description: 'Number of subscriptions (groups subscribed)',
    nullable: true,
    example: 0,
  })
  SubscriptionCount!: number | null;

  @Out({
    description: 'Subscriptions (DescribeRocketMQTopic only; null in lists)',
    type: () => [RocketMQSubscription],
    nullable: true,
  })
  SubscriptionData!: RocketMQSubscription[] | null;

  @Out({ description: 'Tags of the topic', type: () => [TagOutput] })
  TagList!: TagOutput[];
}

export class DescribeRocketMQTopicsResponse {
  @Out({ description: 'Number of topics matching the query (all pages)', example: 1 })
  TotalCount!: number;

  @Out({ description: 'Topics of this page', type: () => [RocketMQTopic] })
  Topics!: RocketMQTopic[];
}

export class DescribeRocketMQTopicRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @topicRef()
  TopicName!: string;

  @StringField({
    description: 'Only this group’s subscription in SubscriptionData.',
    example: 'order-consumers',
    optional: true,
    maxLength: 64,
  })
  ConsumerGroup?: string;

  @IntField({
    description: 'Offset into the subscriptions (default 0).',
    example: 0,
    optional: true,
    default: 0,
    ...OFFSET,
  })
  Offset = 0;

  @IntField({
    description: 'Subscriptions per page, 0-100 (default 20).',
    example: 20,
    optional: true,
    default: 20,
    ...LIMIT,
  })
  Limit = 20;
}

export class DescribeRocketMQTopicResponse {
  @Out({ description: 'The topic with its subscriptions (paged)', type: () => RocketMQTopic })
  Topic!: RocketMQTopic;
}

export class ModifyRocketMQTopicRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @topicRef()
  Topic!: string;

  @StringField({
    description: 'New remark, up to 128 characters.',
    example: 'order events v2',
    ...REMARK,
  })
  Remark!: string;

  @IntField({
    description:
      'New partition count: only up, at most the cluster’s MaxQueuesPerTopic; GlobalOrder topics keep 1.',
    example: 8,
    optional: true,
  })
  PartitionNum?: number;
}

export class DeleteRocketMQTopicRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @topicRef('Topic to delete (its messages are deleted too)')
  Topic!: string;
}

export class DescribeRocketMQTopicStatsRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @topicRef()
  TopicName!: string;
}

export class TopicStats {
  @Out({
    type: String,
    description: 'Broker holding the queue',
    nullable: true,
    example: 'broker-0',
  })
  BrokerName!: string | null;

  @Out({ type: Number, description: 'Queue (partition) number', nullable: true, example: 0 })
  QueueId!: number | null;

  @Out({ type: Number, description: 'Smallest offset still stored', nullable: true, example: 0 })
  MinOffset!: number | null;

  @Out({ type: Number, description: 'Next offset to be written', nullable: true, example: 0 })
  MaxOffset!: number | null;

  @Out({ type: Number, description: 'Messages stored in the queue', nullable: true, example: 0 })
  MessageCount!: number | null;

  @Out({
    type: Number,
    description: 'Last write, epoch ms; null until a message is written',
    nullable: true,
    example: null,
  })
  LastUpdateTimestamp!: number | null;
}

export class DescribeRocketMQTopicStatsResponse {
  @Out({ description: 'One row per partition', type: () => [TopicStats] })
  TopicStatsList!: TopicStats[];
}
