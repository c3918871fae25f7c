import { BoolField, IntField, Out, StringField } from '../gateway/fields.js';
import { ID_REF } from '../rocketmq/common/names.js';

const clusterId = () =>
  StringField({ description: 'Cluster ID', example: 'rocketmq-abcd12345678', ...ID_REF });

export class SendRocketMQMessageRequest {
  @clusterId()
  ClusterId!: string;

  @StringField({ description: 'Namespace of the topic', example: 'prod', ...ID_REF })
  NamespaceId!: string;

  @StringField({ description: 'Topic to send to', example: 'orders', ...ID_REF })
  TopicName!: string;

  @StringField({
    description: 'Message body (UTF-8 text), at most 4 MiB.',
    example: '{"orderId":42}',
    minLength: 1,
  })
  MsgBody!: string;

  @StringField({
    description: 'Message key (used by query by key), at most 128 characters.',
    example: 'order-42',
    optional: true,
    maxLength: 128,
  })
  MsgKey?: string;

  @StringField({
    description: 'Message tag (consumers filter on it), at most 128 characters, no "|".',
    example: 'created',
    optional: true,
    maxLength: 128,
  })
  MsgTag?: string;
}

export class SendRocketMQMessageResponse {
  @Out({ description: 'true: the message is stored', example: true })
  Result!: boolean;

  @Out({ description: 'The message ID', example: '01A1B2C3D4E5F60718293A4B5C6D7E8F90' })
  MsgId!: string;
}

export class ResetRocketMQConsumerOffSetRequest {
  @clusterId()
  ClusterId!: string;

  @StringField({ description: 'Namespace of the group', example: 'prod', ...ID_REF })
  NamespaceId!: string;

  @StringField({ description: 'Consumer group', example: 'order-consumers', ...ID_REF })
  GroupId!: string;

  @IntField({
    description: '0: from the latest offset (skip everything stored); 1: from ResetTimestamp.',
    example: 0,
    min: 0,
    max: 1,
  })
  Type!: number;

  @StringField({
    description: 'Only this topic; default: every topic the group consumes.',
    example: 'orders',
    optional: true,
    ...ID_REF,
  })
  Topic?: string;

  @IntField({
    description:
      'Type 1: epoch milliseconds (1970 to 9999); consumption restarts at the first message stored at or after it.',
    example: 1764000000000,
    optional: true,
    timestamp: 'ms',
  })
  ResetTimestamp?: number;

  @BoolField({
    description:
      'Also drop the group’s messages awaiting redelivery (its retries) on those topics; default false keeps them.',
    example: false,
    optional: true,
  })
  RetryFlag?: boolean;
}
