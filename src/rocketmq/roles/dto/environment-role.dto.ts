import {
  BoolField,
  IntField,
  ObjectArrayField,
  Out,
  StringArrayField,
  StringField,
} from '../../../gateway/fields.js';
import { FilterInput } from '../../common/filter.dto.js';
import { ID_REF } from '../../common/names.js';
import { OFFSET } from '../../common/paging.js';
import { ROLE_LIMIT, ROLE_NAME } from './role.dto.js';

export const PERMISSIONS = ['produce', 'consume'] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const DETAILED_RESOURCE_TYPES = ['Topic', 'Group', 'Cluster'] as const;

const clusterId = () =>
  StringField({ description: 'Cluster ID', example: 'rocketmq-abcd12345678', ...ID_REF });
const environmentId = () => StringField({ description: 'Namespace', example: 'prod', ...ID_REF });
const permissions = () =>
  StringArrayField({
    description: 'Permissions in the namespace: a non-empty subset of produce and consume.',
    example: ['produce'],
    minItems: 1,
    maxItems: 2,
    item: { enum: PERMISSIONS },
  });

/** A topic- or group-level permission of a TopicAndGroup role. */
export class DetailedRolePerm {
  @StringField({
    description: 'Topic or group name (ignored for ResourceType Cluster)',
    example: 'orders',
    maxLength: 80,
  })
  Resource!: string;

  @BoolField({ description: 'May produce (topics)', example: true })
  PermWrite!: boolean;

  @BoolField({ description: 'May consume (topics and groups)', example: false })
  PermRead!: boolean;

  @StringField({
    description: 'Topic, Group, or Cluster (every topic and group of the namespace)',
    example: 'Topic',
    enum: DETAILED_RESOURCE_TYPES,
  })
  ResourceType!: string;

  @StringField({ description: 'Remark', example: 'order events', optional: true, maxLength: 128 })
  Remark?: string;
}

export class CreateRocketMQEnvironmentRoleRequest {
  @environmentId()
  EnvironmentId!: string;

  @StringField({ description: 'Role to grant', example: 'order-producer', ...ROLE_NAME })
  RoleName!: string;

  @permissions()
  Permissions!: string[];

  @clusterId()
  ClusterId!: string;

  @ObjectArrayField(() => DetailedRolePerm, {
    description: 'Per-topic/group permissions (roles of PermType TopicAndGroup only; up to 200).',
    example: [{ Resource: 'orders', ResourceType: 'Topic', PermWrite: true, PermRead: false }],
    optional: true,
    maxItems: 200,
  })
  DetailedPerms?: DetailedRolePerm[];
}

export class ModifyRocketMQEnvironmentRoleRequest extends CreateRocketMQEnvironmentRoleRequest {}

export class DeleteRocketMQEnvironmentRolesRequest {
  @environmentId()
  EnvironmentId!: string;

  @StringArrayField({
    description: 'Roles whose permissions in the namespace are removed (1-20; all or none).',
    example: ['order-producer'],
    minItems: 1,
    maxItems: 20,
    item: ROLE_NAME,
  })
  RoleNames!: string[];

  @clusterId()
  ClusterId!: string;
}

export class DescribeRocketMQEnvironmentRolesRequest {
  @clusterId()
  ClusterId!: string;

  @StringField({ description: 'Only this namespace', example: 'prod', optional: true, ...ID_REF })
  EnvironmentId?: string;

  @IntField({
    description: 'Offset (default 0).',
    example: 0,
    optional: true,
    default: 0,
    ...OFFSET,
  })
  Offset = 0;

  @IntField({
    description: 'Page size, 0-20 (default 10).',
    example: 10,
    optional: true,
    default: 10,
    ...ROLE_LIMIT,
  })
  Limit = 10;

  @StringField({
    description: 'Only roles whose name contains this text.',
    example: 'order',
    optional: true,
    maxLength: 32,
  })
  RoleName?: string;

  @ObjectArrayField(() => FilterInput, {
    description: 'Filters: `RoleName` with exact names.',
    example: [{ Name: 'RoleName', Values: ['order-producer'] }],
    optional: true,
    maxItems: 5,
  })
  Filters?: FilterInput[];
}

export class DetailedRolePermOutput {
  @Out({ description: 'Topic or group name', example: 'orders' })
  Resource!: string;

  @Out({ description: 'May produce', example: true })
  PermWrite!: boolean;

  @Out({ description: 'May consume', example: false })
  PermRead!: boolean;

  @Out({ description: 'Topic, Group or Cluster', example: 'Topic' })
  ResourceType!: string;

  @Out({ type: String, description: 'Remark', nullable: true, example: null })
  Remark!: string | null;
}

export class EnvironmentRole {
  @Out({ description: 'Namespace', example: 'prod' })
  EnvironmentId!: string;

  @Out({ description: 'Role name', example: 'order-producer' })
  RoleName!: string;

  @Out({ description: 'produce and/or consume', type: [String], example: ['produce'] })
  Permissions!: string[];

  @Out({
    type: String,
    description: 'The role’s remark',
    nullable: true,
    example: 'order service producers',
  })
  RoleDescribe!: string | null;

  @Out({ description: 'Creation time, YYYY-MM-DD HH:mm:ss (UTC)', example: '2026-11-24 08:00:00' })
  CreateTime!: string;

  @Out({ description: 'Last change, YYYY-MM-DD HH:mm:ss (UTC)', example: '2026-11-24 08:00:00' })
  UpdateTime!: string;

  @Out({
    description:
      'Per-topic/group permissions (an extension of the SDK model, for TopicAndGroup roles)',
    type: () => [DetailedRolePermOutput],
  })
  DetailedPerms!: DetailedRolePermOutput[];
}

export class DescribeRocketMQEnvironmentRolesResponse {
  @Out({ description: 'Number of bindings matching the query', example: 1 })
  TotalCount!: number;

  @Out({ description: 'Bindings of this page', type: () => [EnvironmentRole] })
  EnvironmentRoleSets!: EnvironmentRole[];
}
