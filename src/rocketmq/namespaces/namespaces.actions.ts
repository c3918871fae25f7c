import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { TDMQ } from '../../gateway/services.js';
import { EmptyResponse } from '../common/empty.dto.js';
import {
  CreateRocketMQNamespaceRequest,
  DeleteRocketMQNamespaceRequest,
  DescribeRocketMQNamespacesRequest,
  DescribeRocketMQNamespacesResponse,
  ModifyRocketMQNamespaceRequest,
} from './dto/namespace.dto.js';
import { NamespacesService } from './namespaces.service.js';

@Injectable()
export class NamespacesActions {
  constructor(private readonly namespaces: NamespacesService) {}

  @Action({
    name: 'CreateRocketMQNamespace',
    service: TDMQ,
    request: CreateRocketMQNamespaceRequest,
    response: EmptyResponse,
    summary: 'Create a namespace in a cluster',
    description:
      'At most 10 namespaces per cluster (`LimitExceeded`, enforced by the database under concurrency). ' +
      'A duplicate name gives `ResourceInUse.Namespace`. Retention defaults to 3 days and may not exceed the cluster’s MaxRetentionTime.',
    example: { ClusterId: 'rocketmq-abcd12345678', NamespaceId: 'prod', Remark: 'production' },
    resource: cam.one((r: CreateRocketMQNamespaceRequest) => cam.cluster(r.ClusterId)),
  })
  async create(req: CreateRocketMQNamespaceRequest, ctx: RequestContext) {
    await this.namespaces.create(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'DescribeRocketMQNamespaces',
    service: TDMQ,
    request: DescribeRocketMQNamespacesRequest,
    response: DescribeRocketMQNamespacesResponse,
    summary: 'List the namespaces of a cluster',
    example: { ClusterId: 'rocketmq-abcd12345678', Offset: 0, Limit: 20 },
    resource: cam.list('namespace', (r: DescribeRocketMQNamespacesRequest) =>
      cam.cluster(r.ClusterId),
    ),
  })
  list(req: DescribeRocketMQNamespacesRequest, ctx: RequestContext) {
    return this.namespaces.list(ctx.scope, req, ctx.visibility);
  }

  @Action({
    name: 'ModifyRocketMQNamespace',
    service: TDMQ,
    request: ModifyRocketMQNamespaceRequest,
    response: EmptyResponse,
    summary: 'Change a namespace’s retention, TTL, remark or public access',
    example: { ClusterId: 'rocketmq-abcd12345678', NamespaceId: 'prod', RetentionTime: 86400000 },
    resource: cam.one((r: ModifyRocketMQNamespaceRequest) =>
      cam.namespace(r.ClusterId, r.NamespaceId),
    ),
  })
  async modify(req: ModifyRocketMQNamespaceRequest, ctx: RequestContext) {
    await this.namespaces.modify(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'DeleteRocketMQNamespace',
    service: TDMQ,
    request: DeleteRocketMQNamespaceRequest,
    response: EmptyResponse,
    summary: 'Delete an empty namespace',
    description:
      'Refused with `FailedOperation` while it holds topics or groups, and with `FailedOperation.RoleInUse` while roles hold permissions on it.',
    example: { ClusterId: 'rocketmq-abcd12345678', NamespaceId: 'prod' },
    resource: cam.one((r: DeleteRocketMQNamespaceRequest) =>
      cam.namespace(r.ClusterId, r.NamespaceId),
    ),
  })
  async delete(req: DeleteRocketMQNamespaceRequest, ctx: RequestContext) {
    await this.namespaces.delete(ctx.scope, req.ClusterId, req.NamespaceId);
    return {};
  }
}
