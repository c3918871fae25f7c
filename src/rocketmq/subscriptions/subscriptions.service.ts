import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlReader } from '../../database/sql-reader.js';
import { ConsumerLag } from '../../dataplane/state/consumer-lag.js';
import { ownerKey, Presence, type SeenClient } from '../../dataplane/state/presence.js';
import type { RocketMQSubscription } from './dto/subscription.types.js';

export interface SubscriptionKey {
  clusterId: string;
  namespace: string;
  group: string;
  topic: string;
}

interface SubscriptionRow {
  namespace: string;
  topic: string;
  group: string;
  type: string;
  partitionNum: number;
  expressionType: string;
  subString: string;
  broadcast: boolean;
  retryMaxTimes: number;
  groupType: string;
}

const COLUMNS = `s.namespace, s.topic_name AS topic, s.group_name AS "group", t.type, t.partition_num AS "partitionNum",
  s.expression_type AS "expressionType", s.sub_string AS "subString", g.broadcast_enabled AS broadcast,
  g.retry_max_times AS "retryMaxTimes", g.group_type AS "groupType"`;
const JOINS = `JOIN topics t ON t.cluster_id = s.cluster_id AND t.namespace = s.namespace AND t.name = s.topic_name
  JOIN groups g ON g.cluster_id = s.cluster_id AND g.namespace = s.namespace AND g.name = s.group_name`;

/**
 * Which groups subscribe to which topics, with which expression. Consumers register their
 * subscriptions through the data plane (`record`); the control plane lists them.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: SqlReader,
    private readonly lag: ConsumerLag,
    private readonly presence: Presence,
  ) {}

  /** Registers (or updates) a group's subscription to a topic; both must exist. */
  async record(
    key: SubscriptionKey,
    expressionType: 'TAG' | 'SQL',
    subString: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO subscriptions (cluster_id, namespace, group_name, topic_name, expression_type, sub_string)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cluster_id, namespace, group_name, topic_name)
       DO UPDATE SET expression_type = EXCLUDED.expression_type, sub_string = EXCLUDED.sub_string, updated_at = now()`,
      [key.clusterId, key.namespace, key.group, key.topic, expressionType, subString],
    );
  }

  async ofGroup(
    clusterId: string,
    namespace: string,
    group: string,
    offset: number,
    limit: number,
  ) {
    return this.page(
      `s.cluster_id = $1 AND s.namespace = $2 AND s.group_name = $3`,
      [clusterId, namespace, group],
      clusterId,
      offset,
      limit,
      's.topic_name',
    );
  }

  async ofTopic(
    clusterId: string,
    namespace: string,
    topic: string,
    offset: number,
    limit: number,
    group?: string,
  ) {
    const values: unknown[] = [clusterId, namespace, topic];
    let where = `s.cluster_id = $1 AND s.namespace = $2 AND s.topic_name = $3`;
    if (group !== undefined) where += ` AND s.group_name = $${values.push(group)}`;
    return this.page(where, values, clusterId, offset, limit, 's.group_name');
  }

  private async page(
    where: string,
    values: unknown[],
    clusterId: string,
    offset: number,
    limit: number,
    orderBy: string,
  ) {
    const [{ total }] = await this.sql.rows<{ total: number }>(
      `SELECT count(*)::int AS total FROM subscriptions s WHERE ${where}`,
      values,
    );
    const rows =
      limit === 0 || offset >= total
        ? []
        : await this.sql.rows<SubscriptionRow>(
            `SELECT ${COLUMNS} FROM subscriptions s ${JOINS} WHERE ${where} ORDER BY ${orderBy} LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
            [...values, limit, offset],
          );
    return { total, items: await this.live(rows, clusterId) };
  }

  /** Each subscription with what the data plane knows: its consumers online, the group's lag. */
  private async live(rows: SubscriptionRow[], clusterId: string): Promise<RocketMQSubscription[]> {
    const groups = [...new Set(rows.map((r) => `${r.namespace}\n${r.group}`))].map((k) => {
      const [namespace, group] = k.split('\n');
      return { namespace, group };
    });
    const lagByGroup = new Map<string, Map<string, number>>();
    const clientsByGroup = new Map<string, SeenClient[]>();
    await Promise.all(
      groups.map(async ({ namespace, group }) => {
        const key = `${namespace}\n${group}`;
        const [lag, clients] = await Promise.all([
          this.lag.lagOf(clusterId, namespace, [group]),
          this.presence.online('consumer', ownerKey(clusterId, namespace, group)),
        ]);
        lagByGroup.set(key, lag.get(group)?.byTopic ?? new Map());
        clientsByGroup.set(key, clients);
      }),
    );
    return rows.map((r) => {
      const key = `${r.namespace}\n${r.group}`;
      const consumers = clientsByGroup.get(key)!.filter((c) => c.topics[r.topic]);
      return view(r, clusterId, lagByGroup.get(key)!.get(r.topic) ?? null, consumers);
    });
  }
}

/**
 * A subscription with its live state: online while a consumer of the group polls the topic;
 * Status/Consistency 0 when every online consumer uses the recorded expression, 1 when one
 * does not, 2 (unknown) with none online; ConsumerLag null when the group never consumed the
 * topic; LastUpdateTime the last poll (epoch seconds).
 */
function view(
  r: SubscriptionRow,
  clusterId: string,
  lag: number | null,
  consumers: SeenClient[],
): RocketMQSubscription {
  const online = consumers.length > 0;
  const consistent = consumers.every((c) => c.topics[r.topic].subRule === r.subString);
  const consistency = online ? (consistent ? 0 : 1) : 2;
  const lastPoll = Math.max(0, ...consumers.map((c) => c.topics[r.topic].lastSeen));
  return {
    Topic: r.topic,
    Type: r.type,
    PartitionNum: r.partitionNum,
    ExpressionType: r.expressionType,
    SubString: r.subString,
    Status: consistency,
    ConsumerLag: lag,
    ClusterId: clusterId,
    ConsumerGroup: r.group,
    IsOnline: online,
    ConsumeType: r.broadcast ? 0 : 1,
    Consistency: consistency,
    LastUpdateTime: online ? Math.floor(lastPoll / 1000) : null,
    MaxRetryTimes: r.retryMaxTimes,
    ClientProtocol: r.groupType,
    ClientSubscriptionInfos: consumers.map((c) => ({
      ClientId: c.clientId,
      ClientAddr: c.addr,
      Topic: r.topic,
      SubString: c.topics[r.topic].subRule,
      ExpressionType: r.expressionType,
    })),
  };
}
