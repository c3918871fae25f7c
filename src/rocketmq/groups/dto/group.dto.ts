import {
  BoolField,
  IntField,
  ObjectArrayField,
  Out,
  StringArrayField,
  StringField,
} from '../../../gateway/fields.js';
import { TagFilterInput, TagOutput } from '../../../tags/tag.dto.js';
import { GROUP_NAME, ID_REF, REMARK } from '../../common/names.js';
import { LIMIT, OFFSET } from '../../common/paging.js';
import { RocketMQSubscription } from '../../subscriptions/dto/subscription.types.js';

export const GROUP_TYPES = ['TCP', 'HTTP'] as const;
/** 0–1000 as Tencent documents the retry limit (5.x MaxRetryTimes); 0 sends failures straight to the DLQ. */
export const RETRY_MAX_TIMES = { min: 0, max: 1000 };
export const DEFAULT_RETRY_MAX_TIMES = 16;

const clusterId = () =>
  StringField({ description: 'Cluster ID', example: 'rocketmq-abcd12345678', ...ID_REF });
const namespaceId = () =>
  StringField({ description: 'Namespace of the group', example: 'prod', ...ID_REF });
const groupRef = (description = 'Consumer group name') =>
  StringField({ description, example: 'order-consumers', ...ID_REF });

export class CreateRocketMQGroupRequest {
  @StringField({
    description:
      'Group name: 3-64 letters, digits, "-" and "_"; unique in each namespace; RocketMQ system group names are refused. Groups are never created implicitly.',
    example: 'order-consumers',
    ...GROUP_NAME,
  })
  GroupId!: string;

  @StringArrayField({
    description: 'Namespaces to create the group in (1-10): all of them or none.',
    example: ['prod'],
    minItems: 1,
    maxItems: 10,
    item: ID_REF,
  })
  Namespaces!: string[];

  @BoolField({ description: 'Whether the group may consume.', example: true })
  ReadEnable!: boolean;

  @BoolField({
    description: 'Broadcasting (every consumer gets every message) instead of clustering.',
    example: false,
  })
  BroadcastEnable!: boolean;

  @clusterId()
  ClusterId!: string;

  @StringField({
    description: 'Remark, up to 128 characters.',
    example: 'order service',
    optional: true,
    ...REMARK,
  })
  Remark?: string;

  @StringField({
    description: 'Protocol of the group’s clients: TCP (RocketMQ clients) or HTTP (HTTP SDKs).',
    example: 'TCP',
    optional: true,
    default: 'TCP',
    enum: GROUP_TYPES,
  })
  GroupType = 'TCP';

  @IntField({
    description: 'Deliveries retried before a message goes to the dead-letter queue (0-1000).',
    example: 16,
    optional: true,
    default: DEFAULT_RETRY_MAX_TIMES,
    ...RETRY_MAX_TIMES,
  })
  RetryMaxTimes = DEFAULT_RETRY_MAX_TIMES;
}

export class DescribeRocketMQGroupsRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @IntField({
    description: 'Offset of the first result (default 0).',
    example: 0,
    optional: true,
    default: 0,
    ...OFFSET,
  })
  Offset = 0;

  @IntField({
    description: 'Page size, 0-100 (default 20; 0 returns only TotalCount).',
    example: 20,
    optional: true,
    default: 20,
    ...LIMIT,
  })
  Limit = 20;

  @StringField({
    description: 'Only groups subscribed to this topic.',
    example: 'orders',
    optional: true,
    maxLength: 80,
  })
  FilterTopic?: string;

  @StringField({
    description: 'Only groups whose name contains this text (case-insensitive).',
    example: 'order',
    optional: true,
    maxLength: 64,
  })
  FilterGroup?: string;

  @StringField({
    description: 'Sort by the number of subscribed topics.',
    example: 'subscribeNum',
    optional: true,
    enum: ['subscribeNum'],
  })
  SortedBy?: string;

  @StringField({
    description: 'asc or desc (default desc).',
    example: 'desc',
    optional: true,
    enum: ['asc', 'desc'],
  })
  SortOrder?: string;

  @StringField({
    description: 'Only this group (exact name).',
    example: 'order-consumers',
    optional: true,
    maxLength: 64,
  })
  FilterOneGroup?: string;

  @StringArrayField({
    description: 'Only groups of these protocols.',
    example: ['TCP'],
    optional: true,
    maxItems: 2,
    item: { enum: GROUP_TYPES },
  })
  Types?: string[];

  @ObjectArrayField(() => TagFilterInput, {
    description: 'Only groups carrying these tags (all filters apply).',
    example: [{ TagKey: 'team', TagValues: ['orders'] }],
    optional: true,
    maxItems: 10,
  })
  TagFilters?: TagFilterInput[];
}

export class RocketMQGroup {
  @Out({ description: 'Group name', example: 'order-consumers' })
  Name!: string;

  @Out({ description: 'Consumers online now', example: 0 })
  ConsumerNum!: number;

  @Out({
    description:
      'Consumption rate: messages delivered to the group’s consumers per second, averaged over the last minute (2 decimals)',
    example: 12.5,
  })
  TPS!: number;

  @Out({
    type: Number,
    description: 'Messages not yet consumed (backlog); null when unknown',
    nullable: true,
    example: 0,
  })
  TotalAccumulative!: number | null;

  @Out({ description: '0 clustering, 1 broadcasting', example: 0 })
  ConsumptionMode!: number;

  @Out({ description: 'Whether the group may consume', example: true })
  ReadEnabled!: boolean;

  @Out({
    type: Number,
    description: 'Partitions of the group’s retry topic',
    nullable: true,
    example: 1,
  })
  RetryPartitionNum!: number | null;

  @Out({ description: 'Creation time, epoch ms', example: 1764000000000 })
  CreateTime!: number;

  @Out({ description: 'Last change, epoch ms', example: 1764000000000 })
  UpdateTime!: number;

  @Out({
    type: String,
    description: 'Protocol of the connected clients; null while none is connected',
    nullable: true,
    example: null,
  })
  ClientProtocol!: string | null;

  @Out({ type: String, description: 'Remark', nullable: true, example: 'order service' })
  Remark!: string | null;

  @Out({
    type: String,
    description: 'ACTIVELY (pull) or PASSIVELY (push); null while no consumer is connected',
    nullable: true,
    example: null,
  })
  ConsumerType!: string | null;

  @Out({ description: 'Broadcasting consumption', example: false })
  BroadcastEnabled!: boolean;

  @Out({ type: String, description: 'TCP or HTTP', nullable: true, example: 'TCP' })
  GroupType!: string | null;

  @Out({ type: Number, description: 'Retry limit', nullable: true, example: 16 })
  RetryMaxTimes!: number | null;

  @Out({
    type: String,
    description: 'Cluster ID',
    nullable: true,
    example: 'rocketmq-abcd12345678',
  })
  InstanceId!: string | null;

  @Out({ type: String, description: 'Namespace', nullable: true, example: 'prod' })
  Namespace!: string | null;

  @Out({ description: 'Number of topics subscribed', example: 0 })
  SubscribeTopicNum!: number;

  @Out({ description: 'Tags of the group', type: () => [TagOutput] })
  TagList!: TagOutput[];
}

export class DescribeRocketMQGroupsResponse {
  @Out({ description: 'Number of groups matching the query (all pages)', example: 1 })
  TotalCount!: number;

  @Out({ description: 'Groups of this page', type: () => [RocketMQGroup] })
  Groups!: RocketMQGroup[];
}

export class ModifyRocketMQGroupRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @groupRef()
  GroupId!: string;

  @StringField({
    description: 'New remark, up to 128 characters.',
    example: 'order service v2',
    optional: true,
    ...REMARK,
  })
  Remark?: string;

  @BoolField({ description: 'Allow or stop consumption.', example: true, optional: true })
  ReadEnable?: boolean;

  @BoolField({ description: 'Broadcasting instead of clustering.', example: false, optional: true })
  BroadcastEnable?: boolean;

  @IntField({
    description: 'New retry limit (0-1000).',
    example: 8,
    optional: true,
    ...RETRY_MAX_TIMES,
  })
  RetryMaxTimes?: number;
}

export class DeleteRocketMQGroupRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @groupRef(
    'Group to delete: its consumers stop at once; its offsets, retry and dead-letter topics go with it',
  )
  GroupId!: string;
}

export class DescribeRocketMQTopicsByGroupRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @groupRef()
  GroupId!: string;

  @IntField({
    description: 'Offset (default 0).',
    example: 0,
    optional: true,
    default: 0,
    ...OFFSET,
  })
  Offset = 0;

  @IntField({
    description: 'Page size, 0-100 (default 20).',
    example: 20,
    optional: true,
    default: 20,
    ...LIMIT,
  })
  Limit = 20;
}

export class DescribeRocketMQTopicsByGroupResponse {
  @Out({ description: 'Number of topics the group subscribes to', example: 1 })
  TotalCount!: number;

  @Out({ description: 'Topic names of this page', type: [String], example: ['orders'] })
  Topics!: string[];
}

export class DescribeRocketMQSubscriptionsRequest {
  @clusterId()
  ClusterId!: string;

  @StringField({ description: 'Namespace of the group', example: 'prod', ...ID_REF })
  Namespace!: string;

  @StringField({ description: 'Consumer group name', example: 'order-consumers', ...ID_REF })
  Group!: string;

  @IntField({ description: 'Offset of the first result.', example: 0, ...OFFSET })
  Offset!: number;

  @IntField({ description: 'Page size, 0-100.', example: 20, ...LIMIT })
  Limit!: number;
}

export class DescribeRocketMQSubscriptionsResponse {
  @Out({ description: 'Number of subscriptions', example: 0 })
  TotalCount!: number;

  @Out({
    description: 'Subscriptions of this page (empty until consumers subscribe)',
    type: () => [RocketMQSubscription],
    nullable: true,
  })
  Subscriptions!: RocketMQSubscription[] | null;
}
