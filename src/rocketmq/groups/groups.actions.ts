import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { TDMQ } from '../../gateway/services.js';
import { EmptyResponse } from '../common/empty.dto.js';
import {
  CreateRocketMQGroupRequest,
  DeleteRocketMQGroupRequest,
  DescribeRocketMQGroupsRequest,
  DescribeRocketMQGroupsResponse,
  DescribeRocketMQSubscriptionsRequest,
  DescribeRocketMQSubscriptionsResponse,
  DescribeRocketMQTopicsByGroupRequest,
  DescribeRocketMQTopicsByGroupResponse,
  ModifyRocketMQGroupRequest,
} from './dto/group.dto.js';
import { GroupsService } from './groups.service.js';

@Injectable()
export class GroupsActions {
  constructor(private readonly groups: GroupsService) {}

  @Action({
    name: 'CreateRocketMQGroup',
    service: TDMQ,
    request: CreateRocketMQGroupRequest,
    response: EmptyResponse,
    summary: 'Create a consumer group in one or more namespaces',
    description:
      'All-or-nothing across `Namespaces`. The cluster group quota (10000 by default) gives `LimitExceeded`, a taken name `ResourceInUse.Group`, ' +
      'a missing namespace `ResourceNotFound.Namespace`. Consumers must use an existing group: groups are never created implicitly.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      Namespaces: ['prod'],
      GroupId: 'order-consumers',
      ReadEnable: true,
      BroadcastEnable: false,
      GroupType: 'TCP',
      RetryMaxTimes: 16,
    },
    resource: cam.one((r: CreateRocketMQGroupRequest) =>
      r.Namespaces.map((ns) => cam.namespace(r.ClusterId, ns)),
    ),
  })
  async create(req: CreateRocketMQGroupRequest, ctx: RequestContext) {
    await this.groups.create(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'DescribeRocketMQGroups',
    service: TDMQ,
    request: DescribeRocketMQGroupsRequest,
    response: DescribeRocketMQGroupsResponse,
    summary: 'List the consumer groups of a namespace',
    description:
      'Newest first, or by subscribed-topic count (`SortedBy: subscribeNum`). Filters combine with AND; `TotalCount` counts all matches.',
    example: { ClusterId: 'rocketmq-abcd12345678', NamespaceId: 'prod', Offset: 0, Limit: 20 },
    resource: cam.list('group', (r: DescribeRocketMQGroupsRequest) =>
      cam.namespace(r.ClusterId, r.NamespaceId),
    ),
  })
  list(req: DescribeRocketMQGroupsRequest, ctx: RequestContext) {
    return this.groups.list(ctx.scope, req, ctx.visibility);
  }

  @Action({
    name: 'ModifyRocketMQGroup',
    service: TDMQ,
    request: ModifyRocketMQGroupRequest,
    response: EmptyResponse,
    summary: 'Change a group’s remark, consumption, broadcasting or retry limit',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      NamespaceId: 'prod',
      GroupId: 'order-consumers',
      RetryMaxTimes: 8,
    },
    resource: cam.one((r: ModifyRocketMQGroupRequest) =>
      cam.group(r.ClusterId, r.NamespaceId, r.GroupId),
    ),
  })
  async modify(req: ModifyRocketMQGroupRequest, ctx: RequestContext) {
    await this.groups.modify(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'DeleteRocketMQGroup',
    service: TDMQ,
    request: DeleteRocketMQGroupRequest,
    response: EmptyResponse,
    summary: 'Delete a consumer group',
    description:
      'Its consumers stop receiving at once; its subscriptions, offsets, retry and dead-letter topics and tags are removed.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      NamespaceId: 'prod',
      GroupId: 'order-consumers',
    },
    resource: cam.one((r: DeleteRocketMQGroupRequest) =>
      cam.group(r.ClusterId, r.NamespaceId, r.GroupId),
    ),
  })
  async delete(req: DeleteRocketMQGroupRequest, ctx: RequestContext) {
    await this.groups.delete(ctx.scope, req.ClusterId, req.NamespaceId, req.GroupId);
    return {};
  }

  @Action({
    name: 'DescribeRocketMQTopicsByGroup',
    service: TDMQ,
    request: DescribeRocketMQTopicsByGroupRequest,
    response: DescribeRocketMQTopicsByGroupResponse,
    summary: 'List the topics a group subscribes to',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      NamespaceId: 'prod',
      GroupId: 'order-consumers',
      Offset: 0,
      Limit: 20,
    },
    resource: cam.list('topic', (r: DescribeRocketMQTopicsByGroupRequest) =>
      cam.group(r.ClusterId, r.NamespaceId, r.GroupId),
    ),
  })
  topics(req: DescribeRocketMQTopicsByGroupRequest, ctx: RequestContext) {
    return this.groups.topicsOf(
      ctx.scope,
      req.ClusterId,
      req.NamespaceId,
      req.GroupId,
      req.Offset,
      req.Limit,
      ctx.visibility,
    );
  }

  @Action({
    name: 'DescribeRocketMQSubscriptions',
    service: TDMQ,
    request: DescribeRocketMQSubscriptionsRequest,
    response: DescribeRocketMQSubscriptionsResponse,
    summary: 'List a group’s subscriptions',
    description: 'Empty until the group’s consumers subscribe through the data plane.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      Namespace: 'prod',
      Group: 'order-consumers',
      Offset: 0,
      Limit: 20,
    },
    resource: cam.one((r: DescribeRocketMQSubscriptionsRequest) =>
      cam.group(r.ClusterId, r.Namespace, r.Group),
    ),
  })
  subscriptions(req: DescribeRocketMQSubscriptionsRequest, ctx: RequestContext) {
    return this.groups.subscriptionsOf(
      ctx.scope,
      req.ClusterId,
      req.Namespace,
      req.Group,
      req.Offset,
      req.Limit,
    );
  }
}
