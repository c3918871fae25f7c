import { Injectable } from '@nestjs/common';
import { SqlReader } from '../../database/sql-reader.js';

/** A group's position on one queue of a topic. */
export interface QueuePosition {
  topic: string;
  queueId: number;
  /** The first offset not yet consumed (acked): the group's committed offset. */
  consumerOffset: number;
  /** The next offset the queue will write. */
  brokerOffset: number;
  /** When the group last took messages from the queue (epoch ms). */
  lastTimestamp: number;
}

/**
 * How far behind groups are. Committed offset = the cursor, or the oldest message of the queue
 * still in flight (handed out, not acked); lag = broker offset − committed offset. A group that
 * never consumed a topic has no position there: its lag is unknown (null), not 0.
 */
@Injectable()
export class ConsumerLag {
  constructor(private readonly sql: SqlReader) {}

  async positions(clusterId: string, namespace: string, group: string): Promise<QueuePosition[]> {
    const rows = await this.sql.rows<{
      topic: string;
      queue_id: number;
      consumer_offset: string;
      broker_offset: string;
      last_at: string;
    }>(
      `SELECT c.topic, c.queue_id,
              least(c.next_offset, coalesce((SELECT min(i.queue_offset) FROM inflight i
                 WHERE i.cluster_id = c.cluster_id AND i.namespace = c.namespace AND i.group_name = c.group_name
                   AND i.topic = c.topic AND i.queue_id = c.queue_id), c.next_offset)) AS consumer_offset,
              coalesce(q.next_offset, 0) AS broker_offset,
              (extract(epoch from c.updated_at) * 1000)::bigint AS last_at
         FROM consume_cursors c
         LEFT JOIN topic_queues q ON q.cluster_id = c.cluster_id AND q.namespace = c.namespace
                                  AND q.topic = c.topic AND q.queue_id = c.queue_id
        WHERE c.cluster_id = $1 AND c.namespace = $2 AND c.group_name = $3
        ORDER BY c.topic, c.queue_id`,
      [clusterId, namespace, group],
    );
    return rows.map((r) => ({
      topic: r.topic,
      queueId: r.queue_id,
      consumerOffset: Number(r.consumer_offset),
      brokerOffset: Number(r.broker_offset),
      lastTimestamp: Number(r.last_at),
    }));
  }

  /** Lag per topic (null for topics the group never consumed), and in total (null if none). */
  async lagOf(
    clusterId: string,
    namespace: string,
    groups: readonly string[],
  ): Promise<Map<string, { total: number; byTopic: Map<string, number> }>> {
    const out = new Map<string, { total: number; byTopic: Map<string, number> }>();
    if (!groups.length) return out;
    const rows = await this.sql.rows<{ group_name: string; topic: string; lag: string }>(
      `SELECT c.group_name, c.topic,
              sum(greatest(coalesce(q.next_offset, 0) - least(c.next_offset,
                coalesce((SELECT min(i.queue_offset) FROM inflight i
                  WHERE i.cluster_id = c.cluster_id AND i.namespace = c.namespace AND i.group_name = c.group_name
                    AND i.topic = c.topic AND i.queue_id = c.queue_id), c.next_offset)), 0)) AS lag
         FROM consume_cursors c
         LEFT JOIN topic_queues q ON q.cluster_id = c.cluster_id AND q.namespace = c.namespace
                                  AND q.topic = c.topic AND q.queue_id = c.queue_id
        WHERE c.cluster_id = $1 AND c.namespace = $2 AND c.group_name = ANY($3)
        GROUP BY c.group_name, c.topic`,
      [clusterId, namespace, groups],
    );
    for (const r of rows) {
      const entry = out.get(r.group_name) ?? { total: 0, byTopic: new Map<string, number>() };
      entry.byTopic.set(r.topic, Number(r.lag));
      entry.total += Number(r.lag);
      out.set(r.group_name, entry);
    }
    return out;
  }
}
