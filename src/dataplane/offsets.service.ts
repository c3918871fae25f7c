import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../gateway/api-error.js';

/**
 * Where a group's consumption of a topic stands, and resetting it. A group's position on a
 * queue is its cursor (the next offset never handed out); resetting moves every cursor of the
 * chosen topics — for offline groups too (cursors are created where missing).
 */
@Injectable()
export class OffsetsService {
  constructor(private readonly dataSource: DataSource) {}

  async reset(
    clusterId: string,
    namespace: string,
    group: string,
    topic: string | undefined,
    to: { latest: true } | { timestamp: number },
    dropRetries: boolean,
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [exists] = (await em.query(
        'SELECT 1 FROM groups WHERE cluster_id = $1 AND namespace = $2 AND name = $3 FOR SHARE',
        [clusterId, namespace, group],
      )) as unknown[];
      if (!exists)
        throw new ApiError(
          'ResourceNotFound.Group',
          `Group ${group} does not exist in namespace ${namespace}.`,
        );
      const topics = topic
        ? [topic]
        : (
            (await em.query(
              `SELECT topic FROM consume_cursors WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3
               UNION SELECT topic_name FROM subscriptions WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3`,
              [clusterId, namespace, group],
            )) as Array<{ topic: string }>
          ).map((r) => r.topic);
      for (const name of topics) {
        const [known] = (await em.query(
          'SELECT 1 FROM topics WHERE cluster_id = $1 AND namespace = $2 AND name = $3',
          [clusterId, namespace, name],
        )) as unknown[];
        if (!known) {
          if (topic)
            throw new ApiError(
              'ResourceNotFound.Topic',
              `Topic ${name} does not exist in namespace ${namespace}.`,
            );
          continue;
        }
        await em.query(
          `INSERT INTO consume_cursors (cluster_id, namespace, group_name, topic, queue_id, next_offset)
           SELECT q.cluster_id, q.namespace, $3::text, q.topic, q.queue_id,
                  CASE WHEN $5::bigint IS NULL THEN q.next_offset
                       ELSE coalesce((SELECT m.queue_offset FROM messages m
                                       WHERE m.cluster_id = q.cluster_id AND m.namespace = q.namespace
                                         AND m.topic = q.topic AND m.queue_id = q.queue_id
                                         AND m.stored_at >= to_timestamp($5::bigint / 1000.0)
                                       ORDER BY m.queue_offset LIMIT 1), q.next_offset) END
             FROM topic_queues q
            WHERE q.cluster_id = $1::text AND q.namespace = $2::text AND q.topic = $4::text
           ON CONFLICT (cluster_id, namespace, group_name, topic, queue_id)
             DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
          [clusterId, namespace, group, name, 'latest' in to ? null : to.timestamp],
        );
        if (dropRetries)
          await em.query(
            'DELETE FROM inflight WHERE cluster_id = $1 AND namespace = $2 AND group_name = $3 AND topic = $4',
            [clusterId, namespace, group, name],
          );
      }
    });
  }
}
