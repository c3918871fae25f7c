import {
  BoolField,
  IntField,
  ObjectArrayField,
  Out,
  StringArrayField,
  StringField,
} from '../../../gateway/fields.js';
import { TagInput } from '../../../tags/tag.dto.js';
import { FilterInput } from '../../common/filter.dto.js';
import { CLUSTER_NAME, ID_REF, REMARK } from '../../common/names.js';
import { LIMIT, OFFSET } from '../../common/paging.js';
import {
  RocketMQClusterConfig,
  RocketMQClusterDetail,
  RocketMQClusterInfo,
  RocketMQClusterRecentStats,
} from './cluster.types.js';

const clusterId = (description = 'Cluster ID') =>
  StringField({ description, example: 'rocketmq-abcd12345678', ...ID_REF });

export class CreateRocketMQClusterRequest {
  @StringField({
    description:
      'Cluster name: 3-64 letters, digits, "-" and "_"; unique in the account and region.',
    example: 'dev',
    ...CLUSTER_NAME,
  })
  Name!: string;

  @StringField({
    description: 'Remark, up to 128 characters.',
    example: 'development cluster',
    optional: true,
    ...REMARK,
  })
  Remark?: string;

  @ObjectArrayField(() => TagInput, {
    description: 'Tags to attach (at most 50).',
    example: [{ TagKey: 'env', TagValue: 'dev' }],
    optional: true,
    maxItems: 50,
  })
  TagList?: TagInput[];
}

export class CreateRocketMQClusterResponse {
  @Out({ description: 'ID of the new cluster', example: 'rocketmq-abcd12345678' })
  ClusterId!: string;
}

export class DescribeRocketMQClustersRequest {
  @IntField({ description: 'Offset of the first result (0-based).', example: 0, ...OFFSET })
  Offset!: number;

  @IntField({ description: 'Page size, 0-100 (0 returns only TotalCount).', example: 20, ...LIMIT })
  Limit!: number;

  @StringField({
    description: 'Only clusters whose ID contains this text.',
    example: 'abcd',
    optional: true,
    maxLength: 64,
  })
  IdKeyword?: string;

  @StringField({
    description: 'Only clusters whose name contains this text.',
    example: 'dev',
    optional: true,
    maxLength: 64,
  })
  NameKeyword?: string;

  @StringArrayField({
    description: 'Only these cluster IDs.',
    example: ['rocketmq-abcd12345678'],
    optional: true,
    maxItems: 100,
    item: ID_REF,
  })
  ClusterIdList?: string[];

  @BoolField({
    description: 'Set to true when filtering by tags (tag filters apply either way).',
    example: true,
    optional: true,
  })
  IsTagFilter?: boolean;

  @ObjectArrayField(() => FilterInput, {
    description:
      'Filters, all of which must match. Supported: `tag:<key>` with tag values (any of them).',
    example: [{ Name: 'tag:env', Values: ['dev'] }],
    optional: true,
    maxItems: 10,
  })
  Filters?: FilterInput[];
}

export class DescribeRocketMQClustersResponse {
  @Out({
    description: 'Clusters of this page',
    type: () => [RocketMQClusterDetail],
    nullable: true,
  })
  ClusterList!: RocketMQClusterDetail[] | null;

  @Out({ description: 'Number of clusters matching the query (all pages)', example: 1 })
  TotalCount!: number;
}

export class DescribeRocketMQClusterRequest {
  @clusterId()
  ClusterId!: string;
}

export class DescribeRocketMQClusterResponse {
  @Out({ description: 'Basic information and access points', type: () => RocketMQClusterInfo })
  ClusterInfo!: RocketMQClusterInfo;

  @Out({ description: 'Quotas and live usage', type: () => RocketMQClusterConfig })
  ClusterConfig!: RocketMQClusterConfig;

  @Out({ description: 'Live statistics', type: () => RocketMQClusterRecentStats, nullable: true })
  ClusterStats!: RocketMQClusterRecentStats | null;
}

export class ModifyRocketMQClusterRequest {
  @clusterId()
  ClusterId!: string;

  @StringField({
    description: 'New name: 3-64 letters, digits, "-" and "_".',
    example: 'dev-renamed',
    optional: true,
    ...CLUSTER_NAME,
  })
  ClusterName?: string;

  @StringField({
    description: 'New remark, up to 128 characters.',
    example: 'renamed',
    optional: true,
    ...REMARK,
  })
  Remark?: string;

  @BoolField({
    description: 'Enable or disable the public (HTTP and TCP) access points.',
    example: true,
    optional: true,
  })
  PublicAccessEnabled?: boolean;
}

export class DeleteRocketMQClusterRequest {
  @clusterId('ID of the cluster to delete; it must hold no namespaces, topics, groups or roles.')
  ClusterId!: string;
}
