import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import type { ErrorCode } from '../../gateway/api-error.js';
import { cam, type CamResourceRef } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { TDMQ } from '../../gateway/services.js';
import { EmptyResponse } from '../common/empty.dto.js';
import {
  CreateRocketMQEnvironmentRoleRequest,
  DeleteRocketMQEnvironmentRolesRequest,
  DescribeRocketMQEnvironmentRolesRequest,
  DescribeRocketMQEnvironmentRolesResponse,
  ModifyRocketMQEnvironmentRoleRequest,
} from './dto/environment-role.dto.js';
import {
  CreateRocketMQRoleRequest,
  CreateRocketMQRoleResponse,
  DeleteRocketMQRolesRequest,
  DeleteRocketMQRolesResponse,
  DescribeRocketMQRolesRequest,
  DescribeRocketMQRolesResponse,
  ModifyRocketMQRoleRequest,
  ModifyRocketMQRoleResponse,
  RotateRocketMQRoleTokenRequest,
  RotateRocketMQRoleTokenResponse,
} from './dto/role.dto.js';
import { EnvironmentRolesService } from './environment-roles.service.js';
import { RolesService } from './roles.service.js';

/** The codes the hosted role actions document for missing and invalid parameters. */
const ROLE_VALIDATION_CODES: Partial<
  Record<'MissingParameter' | 'InvalidParameterValue', ErrorCode>
> = {
  MissingParameter: 'MissingParameter.NeedMoreParams',
  InvalidParameterValue: 'InvalidParameterValue.InvalidParams',
};

const role = (clusterId: string, name: string): CamResourceRef => ({
  type: 'role',
  path: [clusterId, name],
});
const binding = (clusterId: string, namespace: string, name: string): CamResourceRef => ({
  type: 'environmentRole',
  path: [clusterId, namespace, name],
});

@Injectable()
export class RolesActions {
  constructor(
    private readonly roles: RolesService,
    private readonly bindings: EnvironmentRolesService,
  ) {}

  @Action({
    name: 'CreateRocketMQRole',
    service: TDMQ,
    request: CreateRocketMQRoleRequest,
    response: CreateRocketMQRoleResponse,
    summary: 'Create a data-plane role and its token',
    description:
      'Producers and consumers authenticate with AccessKey = the token, SecretKey = the role name. The token is shown by this action, ' +
      'DescribeRocketMQRoles and RotateRocketMQRoleToken; it is stored hashed and sealed with the master key. A taken name gives `ResourceInUse.Role`.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      RoleName: 'order-producer',
      Remark: 'order service',
      PermType: 'Cluster',
    },
    resource: cam.one((r: CreateRocketMQRoleRequest) => cam.cluster(r.ClusterId)),
    validationCodes: ROLE_VALIDATION_CODES,
  })
  create(req: CreateRocketMQRoleRequest, ctx: RequestContext) {
    return this.roles.create(ctx.scope, req);
  }

  @Action({
    name: 'DescribeRocketMQRoles',
    service: TDMQ,
    request: DescribeRocketMQRolesRequest,
    response: DescribeRocketMQRolesResponse,
    summary: 'List the roles of a cluster with their tokens',
    description:
      'Offset default 0, Limit default 10 (at most 20). `RoleName` matches contained text; `Filters` RoleName matches exact names.',
    example: { ClusterId: 'rocketmq-abcd12345678', Offset: 0, Limit: 10 },
    resource: cam.list('role', (r: DescribeRocketMQRolesRequest) => cam.cluster(r.ClusterId)),
    validationCodes: ROLE_VALIDATION_CODES,
  })
  list(req: DescribeRocketMQRolesRequest, ctx: RequestContext) {
    return this.roles.list(ctx.scope, req, ctx.visibility);
  }

  @Action({
    name: 'ModifyRocketMQRole',
    service: TDMQ,
    request: ModifyRocketMQRoleRequest,
    response: ModifyRocketMQRoleResponse,
    summary: 'Change a role’s remark or permission type',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      RoleName: 'order-producer',
      Remark: 'producers',
    },
    resource: cam.one((r: ModifyRocketMQRoleRequest) => role(r.ClusterId, r.RoleName)),
    validationCodes: ROLE_VALIDATION_CODES,
  })
  modify(req: ModifyRocketMQRoleRequest, ctx: RequestContext) {
    return this.roles.modify(ctx.scope, req);
  }

  @Action({
    name: 'DeleteRocketMQRoles',
    service: TDMQ,
    request: DeleteRocketMQRolesRequest,
    response: DeleteRocketMQRolesResponse,
    summary: 'Delete roles (all or none)',
    description:
      'A role that still has permissions in a namespace stops the whole call with `ResourceInUse.EnvironmentRole`; a missing one with `ResourceNotFound.Role`.',
    example: { ClusterId: 'rocketmq-abcd12345678', RoleNames: ['order-producer'] },
    resource: cam.one((r: DeleteRocketMQRolesRequest) =>
      r.RoleNames.map((n) => role(r.ClusterId, n)),
    ),
    validationCodes: ROLE_VALIDATION_CODES,
  })
  delete(req: DeleteRocketMQRolesRequest, ctx: RequestContext) {
    return this.roles.delete(ctx.scope, req.ClusterId, req.RoleNames);
  }

  @Action({
    name: 'RotateRocketMQRoleToken',
    service: TDMQ,
    request: RotateRocketMQRoleTokenRequest,
    response: RotateRocketMQRoleTokenResponse,
    summary: 'Rotate a role’s token (extension)',
    description:
      'Not in the SDK model: an extension of this service. Call it with the SDK’s generic `client.request("RotateRocketMQRoleToken", {...})`. ' +
      'Issues a new token; the previous one is refused everywhere within 1 s (at once on this process).',
    example: { ClusterId: 'rocketmq-abcd12345678', RoleName: 'order-producer' },
    resource: cam.one((r: RotateRocketMQRoleTokenRequest) => role(r.ClusterId, r.RoleName)),
    validationCodes: ROLE_VALIDATION_CODES,
    extension: true,
  })
  rotate(req: RotateRocketMQRoleTokenRequest, ctx: RequestContext) {
    return this.roles.rotate(ctx.scope, req.ClusterId, req.RoleName);
  }

  @Action({
    name: 'CreateRocketMQEnvironmentRole',
    service: TDMQ,
    request: CreateRocketMQEnvironmentRoleRequest,
    response: EmptyResponse,
    summary: 'Grant a role produce and/or consume in a namespace',
    description:
      'Permissions: a non-empty subset of produce, consume. DetailedPerms (per topic/group PermWrite/PermRead) only for TopicAndGroup roles. ' +
      'An existing grant gives `ResourceInUse.EnvironmentRole`; a missing namespace `ResourceNotFound.Environment`, role `ResourceNotFound.Role`.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      EnvironmentId: 'prod',
      RoleName: 'order-producer',
      Permissions: ['produce'],
    },
    resource: cam.one((r: CreateRocketMQEnvironmentRoleRequest) =>
      binding(r.ClusterId, r.EnvironmentId, r.RoleName),
    ),
    validationCodes: ROLE_VALIDATION_CODES,
  })
  async grant(req: CreateRocketMQEnvironmentRoleRequest, ctx: RequestContext) {
    await this.bindings.create(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'ModifyRocketMQEnvironmentRole',
    service: TDMQ,
    request: ModifyRocketMQEnvironmentRoleRequest,
    response: EmptyResponse,
    summary: 'Replace a role’s permissions in a namespace',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      EnvironmentId: 'prod',
      RoleName: 'order-producer',
      Permissions: ['produce', 'consume'],
    },
    resource: cam.one((r: ModifyRocketMQEnvironmentRoleRequest) =>
      binding(r.ClusterId, r.EnvironmentId, r.RoleName),
    ),
    validationCodes: ROLE_VALIDATION_CODES,
  })
  async modifyGrant(req: ModifyRocketMQEnvironmentRoleRequest, ctx: RequestContext) {
    await this.bindings.modify(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'DeleteRocketMQEnvironmentRoles',
    service: TDMQ,
    request: DeleteRocketMQEnvironmentRolesRequest,
    response: EmptyResponse,
    summary: 'Remove roles’ permissions in a namespace (all or none)',
    description:
      'Running clients of these roles lose access to the namespace at once (within 1 s everywhere).',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      EnvironmentId: 'prod',
      RoleNames: ['order-producer'],
    },
    resource: cam.one((r: DeleteRocketMQEnvironmentRolesRequest) =>
      r.RoleNames.map((n) => binding(r.ClusterId, r.EnvironmentId, n)),
    ),
    validationCodes: ROLE_VALIDATION_CODES,
  })
  async revoke(req: DeleteRocketMQEnvironmentRolesRequest, ctx: RequestContext) {
    await this.bindings.delete(ctx.scope, req.ClusterId, req.EnvironmentId, req.RoleNames);
    return {};
  }

  @Action({
    name: 'DescribeRocketMQEnvironmentRoles',
    service: TDMQ,
    request: DescribeRocketMQEnvironmentRolesRequest,
    response: DescribeRocketMQEnvironmentRolesResponse,
    summary: 'List roles’ permissions per namespace',
    description:
      'Offset default 0, Limit default 10 (at most 20). Each binding also carries its DetailedPerms (an extension of the SDK model).',
    example: { ClusterId: 'rocketmq-abcd12345678', EnvironmentId: 'prod', Offset: 0, Limit: 10 },
    resource: cam.list('environmentRole', (r: DescribeRocketMQEnvironmentRolesRequest) =>
      cam.cluster(r.ClusterId),
    ),
    validationCodes: ROLE_VALIDATION_CODES,
  })
  listGrants(req: DescribeRocketMQEnvironmentRolesRequest, ctx: RequestContext) {
    return this.bindings.list(ctx.scope, req, ctx.visibility);
  }
}
