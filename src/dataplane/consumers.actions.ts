import { Injectable } from '@nestjs/common';
import { Action } from '../gateway/action.decorator.js';
import { ApiError } from '../gateway/api-error.js';
import { cam } from '../gateway/cam-resource.js';
import type { RequestContext, Scope } from '../gateway/request-context.js';
import { TDMQ } from '../gateway/services.js';
import { ClustersService } from '../rocketmq/clusters/clusters.service.js';
import type {
  DescribeRocketMQGroupsRequest,
  RocketMQGroup,
} from '../rocketmq/groups/dto/group.dto.js';
import { GroupsService } from '../rocketmq/groups/groups.service.js';
import {
  DescribeRocketMQConsumeStatsRequest,
  DescribeRocketMQConsumeStatsResponse,
  DescribeRocketMQConsumerConnectionDetailRequest,
  DescribeRocketMQConsumerConnectionDetailResponse,
  DescribeRocketMQConsumerConnectionsRequest,
  DescribeRocketMQConsumerConnectionsResponse,
  DescribeRocketMQProducersRequest,
  DescribeRocketMQProducersResponse,
} from './consumers.dto.js';
import { ConsumerLag } from './state/consumer-lag.js';
import { ownerKey, Presence } from './state/presence.js';
import { TopicDirectory } from './topic-directory.js';

const EXAMPLE = { ClusterId: 'rocketmq-abcd12345678', NamespaceId: 'prod' };
const ONLINE =
  'Clients are listed while they poll (consumers) or publish (producers) and disappear after missing two intervals (CLIENT_INTERVAL_MS, 30 s).';

/** Who is connected to a group or topic, and where groups stand (backlog per queue). */
@Injectable()
export class ConsumersActions {
  constructor(
    private readonly clusters: ClustersService,
    private readonly groups: GroupsService,
    private readonly presence: Presence,
    private readonly lag: ConsumerLag,
    private readonly topics: TopicDirectory,
  ) {}

  @Action({
    name: 'DescribeRocketMQConsumerConnections',
    service: TDMQ,
    request: DescribeRocketMQConsumerConnectionsRequest,
    response: DescribeRocketMQConsumerConnectionsResponse,
    summary: 'The consumers of a group that are online, with the group',
    description: `${ONLINE} Accumulative: the group’s backlog on the topics the client consumes (null if the group never consumed them). Unknown group: \`ResourceNotFound.Group\`.`,
    example: { ...EXAMPLE, GroupId: 'order-consumers', Offset: 0, Limit: 20 },
    resource: cam.one((r: DescribeRocketMQConsumerConnectionsRequest) =>
      cam.group(r.ClusterId, r.NamespaceId, r.GroupId),
    ),
  })
  async connections(req: DescribeRocketMQConsumerConnectionsRequest, ctx: RequestContext) {
    const { clusterId, group } = await this.group(
      ctx.scope,
      req.ClusterId,
      req.NamespaceId,
      req.GroupId,
    );
    const [clients, lag] = await Promise.all([
      this.presence.online('consumer', ownerKey(clusterId, req.NamespaceId, req.GroupId)),
      this.lag.lagOf(clusterId, req.NamespaceId, [req.GroupId]),
    ]);
    const byTopic = lag.get(req.GroupId)?.byTopic;
    const connections = clients.map((c) => {
      const known = Object.keys(c.topics).filter((t) => byTopic?.has(t));
      return {
        ClientId: c.clientId,
        ClientAddr: c.addr,
        Language: c.language,
        Version: c.version,
        Accumulative: known.length ? known.reduce((n, t) => n + byTopic!.get(t)!, 0) : null,
      };
    });
    if (req.SortedBy === 'accumulative') {
      const sign = req.SortOrder === 'desc' ? -1 : 1;
      connections.sort((a, b) => sign * ((a.Accumulative ?? -1) - (b.Accumulative ?? -1)));
    } else if (req.SortOrder === 'desc') connections.reverse();
    return {
      TotalCount: connections.length,
      Connections: connections.slice(req.Offset, req.Offset + req.Limit),
      GroupDetail: group,
    };
  }

  @Action({
    name: 'DescribeRocketMQConsumerConnectionDetail',
    service: TDMQ,
    request: DescribeRocketMQConsumerConnectionDetailRequest,
    response: DescribeRocketMQConsumerConnectionDetailResponse,
    summary: 'The topics an online consumer of a group consumes',
    description: `${ONLINE} A client that is not online lists nothing. Unknown group: \`ResourceNotFound.Group\`.`,
    example: {
      ...EXAMPLE,
      GroupId: 'order-consumers',
      ClientId: '10.0.0.7@HTTP#mq-nodejs-sdk/1.0.4',
      Offset: 0,
      Limit: 20,
    },
    resource: cam.one((r: DescribeRocketMQConsumerConnectionDetailRequest) =>
      cam.group(r.ClusterId, r.NamespaceId, r.GroupId),
    ),
  })
  async connectionDetail(
    req: DescribeRocketMQConsumerConnectionDetailRequest,
    ctx: RequestContext,
  ) {
    const { clusterId } = await this.group(ctx.scope, req.ClusterId, req.NamespaceId, req.GroupId);
    const [clients, lag] = await Promise.all([
      this.presence.online('consumer', ownerKey(clusterId, req.NamespaceId, req.GroupId)),
      this.lag.lagOf(clusterId, req.NamespaceId, [req.GroupId]),
    ]);
    const client = clients.find((c) => c.clientId === req.ClientId);
    const byTopic = lag.get(req.GroupId)?.byTopic;
    const details = [];
    for (const [name, seen] of Object.entries(client?.topics ?? {}).sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      const topic = await this.topics.get(clusterId, req.NamespaceId, name);
      if (!topic) continue;
      if (req.FilterType?.length && !req.FilterType.includes(topic.type)) continue;
      details.push({
        Topic: name,
        Type: topic.type,
        PartitionNum: topic.partitions,
        Accumulative: byTopic?.get(name) ?? null,
        LastConsumptionTime: seen.lastSeen,
        SubRule: seen.subRule,
      });
    }
    return {
      TotalCount: details.length,
      Details: details.slice(req.Offset, req.Offset + req.Limit),
    };
  }

  @Action({
    name: 'DescribeRocketMQConsumeStats',
    service: TDMQ,
    request: DescribeRocketMQConsumeStatsRequest,
    response: DescribeRocketMQConsumeStatsResponse,
    summary: 'Where a group stands on each queue of the topics it consumes',
    description:
      'Per queue: the committed offset (the first message not acked), the queue’s next offset and their difference (the backlog). Topics the group never consumed are absent. Unknown group: `ResourceNotFound.Group`.',
    example: { ...EXAMPLE, ConsumerGroup: 'order-consumers' },
    resource: cam.one((r: DescribeRocketMQConsumeStatsRequest) =>
      cam.group(r.ClusterId, r.NamespaceId, r.ConsumerGroup),
    ),
  })
  async consumeStats(req: DescribeRocketMQConsumeStatsRequest, ctx: RequestContext) {
    const { clusterId } = await this.group(
      ctx.scope,
      req.ClusterId,
      req.NamespaceId,
      req.ConsumerGroup,
    );
    const positions = await this.lag.positions(clusterId, req.NamespaceId, req.ConsumerGroup);
    return {
      ConsumerStatsList: positions.map((p) => ({
        TopicName: p.topic,
        BrokerName: 'broker-0',
        QueueId: p.queueId,
        ConsumerClientId: '',
        ConsumerOffset: p.consumerOffset,
        BrokerOffset: p.brokerOffset,
        DiffTotal: Math.max(0, p.brokerOffset - p.consumerOffset),
        LastTimestamp: p.lastTimestamp,
      })),
    };
  }

  @Action({
    name: 'DescribeRocketMQProducers',
    service: TDMQ,
    request: DescribeRocketMQProducersRequest,
    response: DescribeRocketMQProducersResponse,
    summary: 'The clients that published to a topic recently',
    description: `${ONLINE} Filters: \`ClientId\`, \`ClientIp\` (exact). Unknown topic: \`ResourceNotFound.Topic\`.`,
    example: { ...EXAMPLE, Topic: 'orders', Offset: 0, Limit: 20 },
    resource: cam.one((r: DescribeRocketMQProducersRequest) =>
      cam.topic(r.ClusterId, r.NamespaceId, r.Topic),
    ),
  })
  async producers(req: DescribeRocketMQProducersRequest, ctx: RequestContext) {
    const cluster = await this.clusters.require(ctx.scope, req.ClusterId);
    if (!(await this.topics.get(cluster.id, req.NamespaceId, req.Topic)))
      throw new ApiError(
        'ResourceNotFound.Topic',
        `Topic ${req.Topic} does not exist in namespace ${req.NamespaceId}.`,
      );
    let clients = await this.presence.online(
      'producer',
      ownerKey(cluster.id, req.NamespaceId, req.Topic),
    );
    for (const f of req.Filters ?? []) {
      const values = new Set(f.Values ?? []);
      if (f.Name === 'ClientId') clients = clients.filter((c) => values.has(c.clientId));
      else if (f.Name === 'ClientIp') clients = clients.filter((c) => values.has(c.addr));
      else
        throw new ApiError(
          'InvalidParameterValue',
          `Unknown filter ${f.Name}: use ClientId or ClientIp.`,
        );
    }
    return {
      TotalCount: clients.length,
      Producers: clients.slice(req.Offset, req.Offset + req.Limit).map((c) => ({
        ClientId: c.clientId,
        ClientIp: c.addr,
        Language: c.language,
        Version: c.version,
        LastUpdateTimestamp: c.lastSeen,
      })),
    };
  }

  private async group(
    scope: Scope,
    clusterId: string,
    namespace: string,
    name: string,
  ): Promise<{ clusterId: string; group: RocketMQGroup }> {
    const cluster = await this.clusters.require(scope, clusterId);
    const { Groups } = await this.groups.list(scope, {
      ClusterId: cluster.id,
      NamespaceId: namespace,
      FilterOneGroup: name,
      Offset: 0,
      Limit: 1,
    } as DescribeRocketMQGroupsRequest);
    if (!Groups.length)
      throw new ApiError(
        'ResourceNotFound.Group',
        `Group ${name} does not exist in namespace ${namespace}.`,
      );
    return { clusterId: cluster.id, group: Groups[0] };
  }
}
