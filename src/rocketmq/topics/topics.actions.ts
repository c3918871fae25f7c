import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { TDMQ } from '../../gateway/services.js';
import { EmptyResponse } from '../common/empty.dto.js';
import {
  CreateRocketMQTopicRequest,
  DeleteRocketMQTopicRequest,
  DescribeRocketMQTopicRequest,
  DescribeRocketMQTopicResponse,
  DescribeRocketMQTopicsRequest,
  DescribeRocketMQTopicsResponse,
  DescribeRocketMQTopicStatsRequest,
  DescribeRocketMQTopicStatsResponse,
  ModifyRocketMQTopicRequest,
} from './dto/topic.dto.js';
import { TopicsService } from './topics.service.js';

@Injectable()
export class TopicsActions {
  constructor(private readonly topics: TopicsService) {}

  @Action({
    name: 'CreateRocketMQTopic',
    service: TDMQ,
    request: CreateRocketMQTopicRequest,
    response: EmptyResponse,
    summary: 'Create a topic in one or more namespaces',
    description:
      'All-or-nothing across `Namespaces`. The cluster topic quota (1000 by default) gives `LimitExceeded`, a taken name `ResourceInUse.Topic`, ' +
      'a missing namespace `ResourceNotFound.Namespace`, partitions out of range `InvalidParameter.Partition`. Retry and DeadLetter topics are system-managed.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      Namespaces: ['prod'],
      Topic: 'orders',
      Type: 'Normal',
      PartitionNum: 4,
      Remark: 'order events',
    },
    resource: cam.one((r: CreateRocketMQTopicRequest) =>
      r.Namespaces.map((ns) => cam.namespace(r.ClusterId, ns)),
    ),
  })
  async create(req: CreateRocketMQTopicRequest, ctx: RequestContext) {
    await this.topics.create(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'DescribeRocketMQTopics',
    service: TDMQ,
    request: DescribeRocketMQTopicsRequest,
    response: DescribeRocketMQTopicsResponse,
    summary: 'List the topics of a namespace',
    description:
      'Newest first. Filters combine with AND; `TotalCount` counts all matches. The group’s Retry and DeadLetter topics are listed with those types.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      NamespaceId: 'prod',
      Offset: 0,
      Limit: 20,
      FilterName: 'order',
    },
    resource: cam.list('topic', (r: DescribeRocketMQTopicsRequest) =>
      cam.namespace(r.ClusterId, r.NamespaceId),
    ),
  })
  list(req: DescribeRocketMQTopicsRequest, ctx: RequestContext) {
    return this.topics.list(ctx.scope, req, ctx.visibility);
  }

  @Action({
    name: 'DescribeRocketMQTopic',
    service: TDMQ,
    request: DescribeRocketMQTopicRequest,
    response: DescribeRocketMQTopicResponse,
    summary: 'Describe a topic and the groups subscribed to it',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      NamespaceId: 'prod',
      TopicName: 'orders',
      Offset: 0,
      Limit: 20,
    },
    resource: cam.one((r: DescribeRocketMQTopicRequest) =>
      cam.topic(r.ClusterId, r.NamespaceId, r.TopicName),
    ),
  })
  describe(req: DescribeRocketMQTopicRequest, ctx: RequestContext) {
    return this.topics.describe(ctx.scope, req);
  }

  @Action({
    name: 'ModifyRocketMQTopic',
    service: TDMQ,
    request: ModifyRocketMQTopicRequest,
    response: EmptyResponse,
    summary: 'Change a topic’s remark or add partitions',
    description:
      'Partitions only go up, to at most the cluster’s MaxQueuesPerTopic; GlobalOrder topics keep 1 (`InvalidParameter.Partition`).',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      NamespaceId: 'prod',
      Topic: 'orders',
      Remark: 'order events',
      PartitionNum: 8,
    },
    resource: cam.one((r: ModifyRocketMQTopicRequest) =>
      cam.topic(r.ClusterId, r.NamespaceId, r.Topic),
    ),
  })
  async modify(req: ModifyRocketMQTopicRequest, ctx: RequestContext) {
    await this.topics.modify(ctx.scope, req);
    return {};
  }

  @Action({
    name: 'DeleteRocketMQTopic',
    service: TDMQ,
    request: DeleteRocketMQTopicRequest,
    response: EmptyResponse,
    summary: 'Delete a topic with its messages',
    description:
      'The topic disappears at once, with its subscriptions and tags. Retry and DeadLetter topics go with their group (`UnsupportedOperation` here).',
    example: { ClusterId: 'rocketmq-abcd12345678', NamespaceId: 'prod', Topic: 'orders' },
    resource: cam.one((r: DeleteRocketMQTopicRequest) =>
      cam.topic(r.ClusterId, r.NamespaceId, r.Topic),
    ),
  })
  async delete(req: DeleteRocketMQTopicRequest, ctx: RequestContext) {
    await this.topics.delete(ctx.scope, req.ClusterId, req.NamespaceId, req.Topic);
    return {};
  }

  @Action({
    name: 'DescribeRocketMQTopicStats',
    service: TDMQ,
    request: DescribeRocketMQTopicStatsRequest,
    response: DescribeRocketMQTopicStatsResponse,
    summary: 'Per-partition offsets of a topic',
    example: { ClusterId: 'rocketmq-abcd12345678', NamespaceId: 'prod', TopicName: 'orders' },
    resource: cam.one((r: DescribeRocketMQTopicStatsRequest) =>
      cam.topic(r.ClusterId, r.NamespaceId, r.TopicName),
    ),
  })
  stats(req: DescribeRocketMQTopicStatsRequest, ctx: RequestContext) {
    return this.topics.stats(ctx.scope, req.ClusterId, req.NamespaceId, req.TopicName);
  }
}
