import {
  IntField,
  ObjectArrayField,
  Out,
  StringArrayField,
  StringField,
} from '../gateway/fields.js';
import { FilterInput } from '../rocketmq/common/filter.dto.js';
import { ID_REF } from '../rocketmq/common/names.js';
import { LIMIT, OFFSET } from '../rocketmq/common/paging.js';
import { RocketMQGroup } from '../rocketmq/groups/dto/group.dto.js';

const clusterId = () =>
  StringField({ description: 'Cluster ID', example: 'rocketmq-abcd12345678', ...ID_REF });
const namespaceId = () => StringField({ description: 'Namespace', example: 'prod', ...ID_REF });
const offset = () =>
  IntField({ description: 'Offset of the first result.', example: 0, ...OFFSET });
const limit = () => IntField({ description: 'Page size, 0-100.', example: 20, ...LIMIT });

export class DescribeRocketMQConsumerConnectionsRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @StringField({ description: 'Consumer group', example: 'order-consumers', ...ID_REF })
  GroupId!: string;

  @offset()
  Offset!: number;

  @limit()
  Limit!: number;

  @StringField({
    description: 'Sort key: `accumulative` (backlog); default: by client id.',
    example: 'accumulative',
    optional: true,
    enum: ['accumulative'],
  })
  SortedBy?: string;

  @StringField({
    description: 'asc (default) or desc.',
    example: 'desc',
    optional: true,
    enum: ['asc', 'desc'],
  })
  SortOrder?: string;
}

export class RocketMQConsumerConnection {
  @Out({
    description: 'Client id (HTTP clients: address and SDK)',
    example: '10.0.0.7@HTTP#mq-nodejs-sdk/1.0.4',
  })
  ClientId!: string;

  @Out({ description: 'Client address', example: '10.0.0.7' })
  ClientAddr!: string;

  @Out({ description: 'Client protocol or language (HTTP for HTTP clients)', example: 'HTTP' })
  Language!: string;

  @Out({
    type: Number,
    description: 'Backlog of the group on the topics this client consumes; null if unknown',
    example: 0,
    nullable: true,
  })
  Accumulative!: number | null;

  @Out({
    description: 'Client version (HTTP: the SDK’s user agent)',
    example: 'mq-nodejs-sdk/1.0.4',
  })
  Version!: string;
}

export class DescribeRocketMQConsumerConnectionsResponse {
  @Out({ description: 'Connected clients', example: 1 })
  TotalCount!: number;

  @Out({ description: 'The page of connected clients', type: () => [RocketMQConsumerConnection] })
  Connections!: RocketMQConsumerConnection[];

  @Out({ description: 'The group', type: () => RocketMQGroup })
  GroupDetail!: RocketMQGroup;
}

export class DescribeRocketMQConsumerConnectionDetailRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @StringField({ description: 'Consumer group', example: 'order-consumers', ...ID_REF })
  GroupId!: string;

  @StringField({
    description: 'Client id (from DescribeRocketMQConsumerConnections)',
    example: '10.0.0.7@HTTP#mq-nodejs-sdk/1.0.4',
    minLength: 1,
    maxLength: 512,
  })
  ClientId!: string;

  @offset()
  Offset!: number;

  @limit()
  Limit!: number;

  @StringArrayField({
    description:
      'Only topics of these types (Normal, GlobalOrder, PartitionedOrder, Transaction, DelayScheduled, Retry, DeadLetter).',
    example: ['Normal'],
    optional: true,
    maxItems: 10,
    item: { maxLength: 32 },
  })
  FilterType?: string[];
}

export class RocketMQConsumerTopic {
  @Out({ description: 'Topic', example: 'orders' })
  Topic!: string;

  @Out({ description: 'Topic type', example: 'Normal' })
  Type!: string;

  @Out({ description: 'Partitions', example: 3 })
  PartitionNum!: number;

  @Out({
    type: Number,
    description: 'The group’s backlog on the topic; null if unknown',
    example: 0,
    nullable: true,
  })
  Accumulative!: number | null;

  @Out({ description: 'When the client last polled the topic (epoch ms)', example: 1764000000000 })
  LastConsumptionTime!: number;

  @Out({ description: 'Subscription expression', example: '*' })
  SubRule!: string;
}

export class DescribeRocketMQConsumerConnectionDetailResponse {
  @Out({ description: 'Topics the client consumes', example: 1 })
  TotalCount!: number;

  @Out({ description: 'The page of topics', type: () => [RocketMQConsumerTopic] })
  Details!: RocketMQConsumerTopic[];
}

export class DescribeRocketMQConsumeStatsRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @StringField({ description: 'Consumer group', example: 'order-consumers', ...ID_REF })
  ConsumerGroup!: string;
}

export class ConsumerStats {
  @Out({ description: 'Topic', example: 'orders' })
  TopicName!: string;

  @Out({ description: 'Broker name', example: 'broker-0' })
  BrokerName!: string;

  @Out({ description: 'Queue', example: 0 })
  QueueId!: number;

  @Out({ description: 'Client holding the queue (pop consumption: none, empty)', example: '' })
  ConsumerClientId!: string;

  @Out({ description: 'The group’s committed offset (first offset not acked)', example: 10 })
  ConsumerOffset!: number;

  @Out({ description: 'The queue’s next offset', example: 12 })
  BrokerOffset!: number;

  @Out({ description: 'Backlog: BrokerOffset − ConsumerOffset', example: 2 })
  DiffTotal!: number;

  @Out({
    description: 'When the group last took messages from the queue (epoch ms)',
    example: 1764000000000,
  })
  LastTimestamp!: number;
}

export class DescribeRocketMQConsumeStatsResponse {
  @Out({ description: 'A row per topic queue the group consumes', type: () => [ConsumerStats] })
  ConsumerStatsList!: ConsumerStats[];
}

export class DescribeRocketMQProducersRequest {
  @clusterId()
  ClusterId!: string;

  @namespaceId()
  NamespaceId!: string;

  @StringField({ description: 'Topic', example: 'orders', ...ID_REF })
  Topic!: string;

  @offset()
  Offset!: number;

  @limit()
  Limit!: number;

  @ObjectArrayField(() => FilterInput, {
    description: 'Filters: `ClientId` or `ClientIp` (values: any of them, exact).',
    example: [{ Name: 'ClientIp', Values: ['10.0.0.7'] }],
    optional: true,
    maxItems: 10,
  })
  Filters?: FilterInput[];
}

export class ProducerInfo {
  @Out({
    description: 'Client id (HTTP clients: address and SDK)',
    example: '10.0.0.7@HTTP#mq-nodejs-sdk/1.0.4',
  })
  ClientId!: string;

  @Out({ description: 'Client address', example: '10.0.0.7' })
  ClientIp!: string;

  @Out({ description: 'Client protocol or language', example: 'HTTP' })
  Language!: string;

  @Out({ description: 'Client version', example: 'mq-nodejs-sdk/1.0.4' })
  Version!: string;

  @Out({ description: 'Last publish (epoch ms)', example: 1764000000000 })
  LastUpdateTimestamp!: number;
}

export class DescribeRocketMQProducersResponse {
  @Out({ description: 'The page of producers that published recently', type: () => [ProducerInfo] })
  Producers!: ProducerInfo[];

  @Out({ description: 'Producers that published within two intervals', example: 1 })
  TotalCount!: number;
}
