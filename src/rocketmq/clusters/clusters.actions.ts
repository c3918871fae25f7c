import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { TDMQ } from '../../gateway/services.js';
import { EmptyResponse } from '../common/empty.dto.js';
import { ClustersService } from './clusters.service.js';
import {
  CreateRocketMQClusterRequest,
  CreateRocketMQClusterResponse,
  DeleteRocketMQClusterRequest,
  DescribeRocketMQClusterRequest,
  DescribeRocketMQClusterResponse,
  DescribeRocketMQClustersRequest,
  DescribeRocketMQClustersResponse,
  ModifyRocketMQClusterRequest,
} from './dto/cluster.dto.js';

@Injectable()
export class ClustersActions {
  constructor(private readonly clusters: ClustersService) {}

  @Action({
    name: 'CreateRocketMQCluster',
    service: TDMQ,
    request: CreateRocketMQClusterRequest,
    response: CreateRocketMQClusterResponse,
    summary: 'Create a virtual RocketMQ cluster',
    description:
      'Creates a cluster in the request region with the default quotas (10 namespaces, 1000 topics, 10000 groups, 3-day retention). ' +
      'Names are unique per account and region (`InvalidParameterValue.ClusterNameDuplication`); the per-region cluster quota gives `LimitExceeded.Clusters`.',
    example: { Name: 'dev', Remark: 'development', TagList: [{ TagKey: 'env', TagValue: 'dev' }] },
    resource: cam.any(),
    requestTags: (r: CreateRocketMQClusterRequest) =>
      (r.TagList ?? []).map((t) => `${t.TagKey}&${t.TagValue}`),
  })
  create(req: CreateRocketMQClusterRequest, ctx: RequestContext) {
    return this.clusters.create(ctx.scope, req);
  }

  @Action({
    name: 'DescribeRocketMQClusters',
    service: TDMQ,
    request: DescribeRocketMQClustersRequest,
    response: DescribeRocketMQClustersResponse,
    summary: 'List clusters',
    description:
      'Lists the clusters of the request region, newest first, with quota usage. Filters combine with AND; `TotalCount` counts all matches.',
    example: { Offset: 0, Limit: 20 },
    resource: cam.list('cluster'),
  })
  list(req: DescribeRocketMQClustersRequest, ctx: RequestContext) {
    return this.clusters.list(ctx.scope, req, ctx.visibility);
  }

  @Action({
    name: 'DescribeRocketMQCluster',
    service: TDMQ,
    request: DescribeRocketMQClusterRequest,
    response: DescribeRocketMQClusterResponse,
    summary: 'Describe one cluster',
    description:
      'Basic information, this deployment’s access points, quotas with live usage, and statistics.',
    example: { ClusterId: 'rocketmq-abcd12345678' },
    resource: cam.one((r: DescribeRocketMQClusterRequest) => cam.cluster(r.ClusterId)),
  })
  describe(req: DescribeRocketMQClusterRequest, ctx: RequestContext) {
    return this.clusters.describe(ctx.scope, req.ClusterId);
  }

  @Action({
    name: 'ModifyRocketMQCluster',
    service: TDMQ,
    request: ModifyRocketMQClusterRequest,
    response: EmptyResponse,
    summary: 'Rename a cluster, change its remark or public access',
    example: { ClusterId: 'rocketmq-abcd12345678', Remark: 'renamed' },
    resource: cam.one((r: ModifyRocketMQClusterRequest) => cam.cluster(r.ClusterId)),
  })
  async modify(req: ModifyRocketMQClusterRequest, ctx: RequestContext) {
    await this.clusters.modify(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'DeleteRocketMQCluster',
    service: TDMQ,
    request: DeleteRocketMQClusterRequest,
    response: EmptyResponse,
    summary: 'Delete an empty cluster',
    description:
      'Refused with `FailedOperation.DeleteCluster` while the cluster holds namespaces, topics, groups or roles. Its tags are removed with it.',
    example: { ClusterId: 'rocketmq-abcd12345678' },
    resource: cam.one((r: DeleteRocketMQClusterRequest) => cam.cluster(r.ClusterId)),
  })
  async delete(req: DeleteRocketMQClusterRequest, ctx: RequestContext) {
    await this.clusters.delete(ctx.scope, req.ClusterId);
    return {};
  }
}
