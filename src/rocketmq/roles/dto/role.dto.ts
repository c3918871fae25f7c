import {
  IntField,
  ObjectArrayField,
  Out,
  StringArrayField,
  StringField,
} from '../../../gateway/fields.js';
import { FilterInput } from '../../common/filter.dto.js';
import { ID_REF } from '../../common/names.js';
import { OFFSET } from '../../common/paging.js';

/** product-spec.md §6: role name max 32 of letters, digits, "-" and "_"; remark ≤ 100. */
export const ROLE_NAME = {
  minLength: 1,
  maxLength: 32,
  pattern: /^[A-Za-z0-9_-]+$/,
  patternHint: 'letters, digits, "-" and "_"',
};
export const ROLE_REMARK = { maxLength: 100 };
export const PERM_TYPES = ['Cluster', 'TopicAndGroup'] as const;
/** DescribeRocketMQRoles / DescribeRocketMQEnvironmentRoles: default 10, at most 20. */
export const ROLE_LIMIT = { min: 0, max: 20 };

const clusterId = () =>
  StringField({ description: 'Cluster ID', example: 'rocketmq-abcd12345678', ...ID_REF });

export class CreateRocketMQRoleRequest {
  @StringField({
    description:
      'Role name: up to 32 letters, digits, "-" and "_"; unique in the cluster. Clients use it as their SecretKey.',
    example: 'order-producer',
    ...ROLE_NAME,
  })
  RoleName!: string;

  @clusterId()
  ClusterId!: string;

  @StringField({
    description: 'Remark, up to 100 characters.',
    example: 'order service producers',
    optional: true,
    ...ROLE_REMARK,
  })
  Remark?: string;

  @StringField({
    description:
      'Cluster: namespace permissions apply to every topic and group; TopicAndGroup: only the per-topic/group DetailedPerms of each binding apply.',
    example: 'Cluster',
    optional: true,
    default: 'Cluster',
    enum: PERM_TYPES,
  })
  PermType = 'Cluster';

  @StringField({
    description:
      'AUTO (default): the service generates the token. MANUAL: AccessKey (and optionally SecretKey) are given, e.g. to keep the keys of a migrated ACL.',
    example: 'AUTO',
    optional: true,
    default: 'AUTO',
    enum: ['AUTO', 'MANUAL'],
  })
  RoleGenerateMode = 'AUTO';

  @StringField({
    description: 'MANUAL only: the token (AccessKey), 16-256 visible ASCII characters, unique.',
    example: 'migratedAccessKey0001',
    optional: true,
    minLength: 16,
    maxLength: 256,
    pattern: /^[\x21-\x7e]+$/,
    patternHint: 'visible ASCII characters',
  })
  AccessKey?: string;

  @StringField({
    description:
      'MANUAL only: the SecretKey clients sign with (default: the role name), 8-256 visible ASCII characters.',
    example: 'migratedSecretKey',
    optional: true,
    minLength: 8,
    maxLength: 256,
    pattern: /^[\x21-\x7e]+$/,
    patternHint: 'visible ASCII characters',
  })
  SecretKey?: string;
}

export class CreateRocketMQRoleResponse {
  @Out({ description: 'Role name', example: 'order-producer' })
  RoleName!: string;

  @Out({
    description: 'The role’s token: clients use it as their AccessKey',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.…',
  })
  Token!: string;

  @Out({ type: String, description: 'Remark', nullable: true, example: 'order service producers' })
  Remark!: string | null;
}

export class DescribeRocketMQRolesRequest {
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

  @clusterId()
  ClusterId!: string;

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

export class Role {
  @Out({ description: 'Role name', example: 'order-producer' })
  RoleName!: string;

  @Out({
    description: 'The role’s token (AccessKey)',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.…',
  })
  Token!: string;

  @Out({ type: String, description: 'Remark', nullable: true, example: 'order service producers' })
  Remark!: string | null;

  @Out({ description: 'Creation time, YYYY-MM-DD HH:mm:ss (UTC)', example: '2026-11-24 08:00:00' })
  CreateTime!: string;

  @Out({ description: 'Last change, YYYY-MM-DD HH:mm:ss (UTC)', example: '2026-11-24 08:00:00' })
  UpdateTime!: string;

  @Out({ description: 'Cluster or TopicAndGroup', example: 'Cluster' })
  PermType!: string;

  @Out({
    description: 'Permanent: the token changes only when rotated (RotateRocketMQRoleToken)',
    example: 'Permanent',
  })
  TokenType!: string;

  @Out({ type: String, description: 'Secret manager ID (not used)', nullable: true, example: null })
  SecretName!: string | null;

  @Out({
    type: Number,
    description: 'Automatic rotation period, days (not used)',
    nullable: true,
    example: null,
  })
  RotateFreq!: number | null;
}

export class DescribeRocketMQRolesResponse {
  @Out({ description: 'Number of roles matching the query', example: 1 })
  TotalCount!: number;

  @Out({ description: 'Roles of this page', type: () => [Role] })
  RoleSets!: Role[];
}

export class ModifyRocketMQRoleRequest {
  @StringField({ description: 'Role name', example: 'order-producer', ...ROLE_NAME })
  RoleName!: string;

  @clusterId()
  ClusterId!: string;

  @StringField({
    description: 'New remark, up to 100 characters.',
    example: 'producers',
    optional: true,
    ...ROLE_REMARK,
  })
  Remark?: string;

  @StringField({
    description: 'New permission type.',
    example: 'TopicAndGroup',
    optional: true,
    enum: PERM_TYPES,
  })
  PermType?: string;
}

export class ModifyRocketMQRoleResponse {
  @Out({ description: 'Role name', example: 'order-producer' })
  RoleName!: string;

  @Out({ type: String, description: 'Remark', nullable: true, example: 'producers' })
  Remark!: string | null;
}

export class DeleteRocketMQRolesRequest {
  @StringArrayField({
    description:
      'Roles to delete (1-20). All or none: a role still bound to a namespace (ResourceInUse.EnvironmentRole) or a missing role stops the whole call.',
    example: ['order-producer'],
    minItems: 1,
    maxItems: 20,
    item: ROLE_NAME,
  })
  RoleNames!: string[];

  @clusterId()
  ClusterId!: string;
}

export class DeleteRocketMQRolesResponse {
  @Out({ description: 'Roles deleted', type: [String], example: ['order-producer'] })
  RoleNames!: string[];
}

export class RotateRocketMQRoleTokenRequest {
  @StringField({ description: 'Role name', example: 'order-producer', ...ROLE_NAME })
  RoleName!: string;

  @clusterId()
  ClusterId!: string;
}

export class RotateRocketMQRoleTokenResponse {
  @Out({ description: 'Role name', example: 'order-producer' })
  RoleName!: string;

  @Out({
    description: 'The new token; the previous one stops working at once (within 1 s everywhere)',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.…',
  })
  Token!: string;
}
