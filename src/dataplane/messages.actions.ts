import { Injectable } from '@nestjs/common';
import { Action } from '../gateway/action.decorator.js';
import { ApiError } from '../gateway/api-error.js';
import { cam } from '../gateway/cam-resource.js';
import type { RequestContext } from '../gateway/request-context.js';
import { TDMQ } from '../gateway/services.js';
import { ClustersService } from '../rocketmq/clusters/clusters.service.js';
import { EmptyResponse } from '../rocketmq/common/empty.dto.js';
import { DataPlaneError } from './dataplane-error.js';
import {
  ResetRocketMQConsumerOffSetRequest,
  SendRocketMQMessageRequest,
  SendRocketMQMessageResponse,
} from './messages.dto.js';
import { OffsetsService } from './offsets.service.js';
import { ProduceService } from './produce.service.js';

/** A data-plane refusal as an API 3.0 error. */
function asApiError(e: unknown): unknown {
  if (!(e instanceof DataPlaneError)) return e;
  switch (e.code) {
    case 'TopicNotExist':
      return new ApiError('ResourceNotFound.Topic', e.message);
    case 'InvalidArgument':
    case 'MessageTooLarge':
      return new ApiError('InvalidParameterValue', e.message);
    default:
      return new ApiError('FailedOperation', e.message);
  }
}

/** Control-plane actions over the data plane: test sends and offset resets. */
@Injectable()
export class MessagesActions {
  constructor(
    private readonly clusters: ClustersService,
    private readonly produce: ProduceService,
    private readonly offsets: OffsetsService,
  ) {}

  @Action({
    name: 'SendRocketMQMessage',
    service: TDMQ,
    request: SendRocketMQMessageRequest,
    response: SendRocketMQMessageResponse,
    summary: 'Send a test message to a topic (the same produce path as applications)',
    description:
      'Stored durably before the answer, like any produced message. The message must suit the topic: PartitionedOrder topics need a sharding key and ' +
      'DelayScheduled topics a delivery time, which this action cannot give (`FailedOperation`); Retry and DeadLetter topics take no messages. ' +
      'Unknown topic: `ResourceNotFound.Topic`; a body over 4 MiB or a bad tag or key: `InvalidParameterValue`. CAM: the topic.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      NamespaceId: 'prod',
      TopicName: 'orders',
      MsgBody: '{"orderId":42}',
      MsgTag: 'created',
      MsgKey: 'order-42',
    },
    resource: cam.one((r: SendRocketMQMessageRequest) =>
      cam.topic(r.ClusterId, r.NamespaceId, r.TopicName),
    ),
  })
  async send(req: SendRocketMQMessageRequest, ctx: RequestContext) {
    const cluster = await this.clusters.require(ctx.scope, req.ClusterId);
    try {
      const produced = await this.produce.produce(cluster.id, req.NamespaceId, req.TopicName, {
        body: Buffer.from(req.MsgBody, 'utf8'),
        tag: req.MsgTag || undefined,
        keys: req.MsgKey ? [req.MsgKey] : undefined,
      });
      return { Result: true, MsgId: produced.msgId };
    } catch (e) {
      throw asApiError(e);
    }
  }

  @Action({
    name: 'ResetRocketMQConsumerOffSet',
    service: TDMQ,
    request: ResetRocketMQConsumerOffSetRequest,
    response: EmptyResponse,
    summary: 'Move a group’s consumption position: to the latest message, or to a time',
    description:
      'Type 0: the group skips everything stored so far; Type 1: it restarts at the first message stored at or after ResetTimestamp (epoch ms, required). ' +
      'On `Topic`, or every topic the group consumes. Works for offline groups. RetryFlag true also drops messages waiting for redelivery. ' +
      'Unknown group or topic: `ResourceNotFound.Group` / `ResourceNotFound.Topic`. CAM: the consumer `consumer/<cluster>/<namespace>/<topic or *>/<group>`.',
    example: {
      ClusterId: 'rocketmq-abcd12345678',
      NamespaceId: 'prod',
      GroupId: 'order-consumers',
      Type: 1,
      Topic: 'orders',
      ResetTimestamp: 1764000000000,
    },
    resource: cam.one((r: ResetRocketMQConsumerOffSetRequest) => ({
      type: 'consumer',
      path: [r.ClusterId, r.NamespaceId, r.Topic ?? '*', r.GroupId],
    })),
  })
  async reset(req: ResetRocketMQConsumerOffSetRequest, ctx: RequestContext) {
    const cluster = await this.clusters.require(ctx.scope, req.ClusterId);
    if (req.Type === 1 && req.ResetTimestamp === undefined)
      throw new ApiError('InvalidParameter', 'ResetTimestamp is required with Type 1.');
    await this.offsets.reset(
      cluster.id,
      req.NamespaceId,
      req.GroupId,
      req.Topic,
      req.Type === 0 ? { latest: true } : { timestamp: req.ResetTimestamp! },
      req.RetryFlag === true,
    );
    return {};
  }
}
