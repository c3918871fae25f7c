import { BoolField, IntField, Out, StringField } from '../../../gateway/fields.js';
import { ID_REF, NAMESPACE_NAME, REMARK } from '../../common/names.js';
import { LIMIT, OFFSET } from '../../common/paging.js';

const DAY_MS = 86_400_000;
/** Deprecated in the SDK but accepted: unconsumed-message TTL, 60 s to 15 days. */
export const TTL_RANGE = { min: 60_000, max: 15 * DAY_MS };
/** Absolute bounds; the cluster's MaxRetentionTime narrows the upper one. */
export const RETENTION_RANGE = { min: 60_000, max: 365 * DAY_MS };

const clusterId = () =>
  StringField({ description: 'Cluster ID', example: 'rocketmq-abcd12345678', ...ID_REF });

export class CreateRocketMQNamespaceRequest {
  @clusterId()
  ClusterId!: string;

  @StringField({
    description:
      'Namespace name: 3-32 letters, digits and "_"; unique in the cluster and immutable.',
    example: 'prod',
    ...NAMESPACE_NAME,
  })
  NamespaceId!: string;

  @IntField({
    description:
      'Time to live of unconsumed messages, ms (60 s - 15 days; deprecated by the SDK, kept for compatibility). Defaults to the retention.',
    example: 259200000,
    optional: true,
    ...TTL_RANGE,
  })
  Ttl?: number;

  @IntField({
    description:
      'Message retention, ms: from 60000 up to the cluster’s MaxRetentionTime (3 days by default, which is also the default).',
    example: 259200000,
    optional: true,
    ...RETENTION_RANGE,
  })
  RetentionTime?: number;

  @StringField({
    description: 'Remark, up to 128 characters.',
    example: 'production traffic',
    optional: true,
    ...REMARK,
  })
  Remark?: string;
}

export class DescribeRocketMQNamespacesRequest {
  @clusterId()
  ClusterId!: string;

  @IntField({ description: 'Offset of the first result (0-based).', example: 0, ...OFFSET })
  Offset!: number;

  @IntField({ description: 'Page size, 0-100 (0 returns only TotalCount).', example: 20, ...LIMIT })
  Limit!: number;

  @StringField({
    description: 'Only namespaces whose name contains this text.',
    example: 'prod',
    optional: true,
    maxLength: 64,
  })
  NameKeyword?: string;
}

export class RocketMQNamespace {
  @Out({ description: 'Namespace name', example: 'prod' })
  NamespaceId!: string;

  @Out({ description: 'Time to live of unconsumed messages, ms (deprecated)', example: 259200000 })
  Ttl!: number;

  @Out({ description: 'Message retention, ms', example: 259200000 })
  RetentionTime!: number;

  @Out({ type: String, description: 'Remark', nullable: true, example: 'production traffic' })
  Remark!: string | null;

  @Out({
    type: String,
    description: 'TCP public access point (null while public access is disabled)',
    nullable: true,
    example: '203.0.113.10:8081',
  })
  PublicEndpoint!: string | null;

  @Out({
    type: String,
    description: 'TCP VPC access point',
    nullable: true,
    example: '10.0.0.5:8081',
  })
  VpcEndpoint!: string | null;

  @Out({
    type: String,
    description: 'TCP internal access point',
    nullable: true,
    example: '10.0.0.5:8081',
  })
  InternalEndpoint!: string | null;
}

export class DescribeRocketMQNamespacesResponse {
  @Out({ description: 'Namespaces of this page', type: () => [RocketMQNamespace], nullable: true })
  Namespaces!: RocketMQNamespace[] | null;

  @Out({ description: 'Number of namespaces matching the query (all pages)', example: 1 })
  TotalCount!: number;
}

export class ModifyRocketMQNamespaceRequest {
  @clusterId()
  ClusterId!: string;

  @StringField({ description: 'Namespace name', example: 'prod', ...ID_REF })
  NamespaceId!: string;

  @IntField({
    description: 'New TTL of unconsumed messages, ms (60 s - 15 days; deprecated).',
    example: 86400000,
    optional: true,
    ...TTL_RANGE,
  })
  Ttl?: number;

  @IntField({
    description: 'New retention, ms, up to the cluster’s MaxRetentionTime.',
    example: 86400000,
    optional: true,
    ...RETENTION_RANGE,
  })
  RetentionTime?: number;

  @StringField({
    description: 'New remark, up to 128 characters.',
    example: 'renamed',
    optional: true,
    ...REMARK,
  })
  Remark?: string;

  @BoolField({
    description: 'Enable or disable the namespace’s public access point.',
    example: true,
    optional: true,
  })
  PublicAccessEnabled?: boolean;
}

export class DeleteRocketMQNamespaceRequest {
  @clusterId()
  ClusterId!: string;

  @StringField({
    description:
      'Name of the namespace to delete; it must hold no topics, groups or role bindings.',
    example: 'prod',
    ...ID_REF,
  })
  NamespaceId!: string;
}
