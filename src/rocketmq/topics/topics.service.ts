import { Injectable } from '@nestjs/common';
import { JobQueues } from '../../jobs/jobs.module.js';
import { DataSource, type EntityManager } from 'typeorm';
import { ReadCache } from '../../database/read-cache.js';
import { SqlReader } from '../../database/sql-reader.js';
import { ApiError, notFound } from '../../gateway/api-error.js';
import { cam } from '../../gateway/cam-resource.js';
import {
  exactNameCondition,
  namePrefixCondition,
  SEE_ALL,
  visiblePage,
  type ListVisibility,
} from '../../gateway/list-visibility.js';
import type { Scope } from '../../gateway/request-context.js';
import { TagsService } from '../../tags/tags.service.js';
import type { ClusterEntity } from '../clusters/cluster.entity.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { deadLetterTopicOf, isReservedTopicName, retryTopicOf } from '../common/names.js';
import { likeContains } from '../common/paging.js';
import { createInNamespaces } from '../namespaces/create-in-namespaces.js';
import { NamespacesService } from '../namespaces/namespaces.service.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import {
  DEFAULT_PARTITIONS,
  SYSTEM_TOPIC_TYPES,
  type CreateRocketMQTopicRequest,
  type DescribeRocketMQTopicRequest,
  type DescribeRocketMQTopicResponse,
  type DescribeRocketMQTopicsRequest,
  type DescribeRocketMQTopicsResponse,
  type DescribeRocketMQTopicStatsResponse,
  type ModifyRocketMQTopicRequest,
  type RocketMQTopic,
} from './dto/topic.dto.js';
import { TopicEntity } from './topic.entity.js';

interface TopicRow {
  name: string;
  type: string;
  partitionNum: number;
  remark: string;
  createdAtMs: number;
  updatedAtMs: number;
  lastWriteS: number | null;
  groupNum: number;
}

const TOPIC_COLUMNS = `t.name, t.type, t.partition_num AS "partitionNum", t.remark,
  floor(extract(epoch FROM t.created_at) * 1000)::float8 AS "createdAtMs",
  floor(extract(epoch FROM t.updated_at) * 1000)::float8 AS "updatedAtMs",
  (SELECT floor(extract(epoch FROM max(q.last_write_at)))::float8 FROM topic_queues q
     WHERE q.cluster_id = t.cluster_id AND q.namespace = t.namespace AND q.topic = t.name) AS "lastWriteS",
  (SELECT count(*)::int FROM subscriptions s WHERE s.cluster_id = t.cluster_id AND s.namespace = t.namespace AND s.topic_name = t.name) AS "groupNum"`;

const isSystemType = (type: string) => (SYSTEM_TOPIC_TYPES as readonly string[]).includes(type);

const partitionFault = (message: string) => new ApiError('InvalidParameter.Partition', message);

@Injectable()
export class TopicsService {
  constructor(
    private readonly clusters: ClustersService,
    private readonly namespaces: NamespacesService,
    private readonly subscriptions: SubscriptionsService,
    private readonly tags: TagsService,
    private readonly sql: SqlReader,
    private readonly cache: ReadCache,
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueues,
  ) {}

  async create(scope: Scope, req: CreateRocketMQTopicRequest): Promise<void> {
    const cluster = await this.clusters.get(scope, req.ClusterId);
    if (isReservedTopicName(req.Topic)) {
      throw new ApiError(
        'InvalidParameterValue',
        `The topic name ${req.Topic} is reserved by RocketMQ.`,
      );
    }
    const partitions = this.partitionsFor(req.Type, req.PartitionNum, cluster);
    await createInNamespaces(
      this.dataSource,
      this.namespaces,
      {
        kind: 'Topic',
        entity: TopicEntity,
        table: 'topics',
        quotaConstraint: 'clusters_topic_quota',
        quota: cluster.maxTopics,
      },
      cluster.id,
      req.Topic,
      req.Namespaces,
      (namespace) =>
        ({
          clusterId: cluster.id,
          namespace,
          name: req.Topic,
          type: req.Type,
          partitionNum: partitions,
          remark: req.Remark ?? '',
          systemGroup: null,
        }) as TopicEntity,
    );
    // Cluster usage (UsedTopicNum, TopicDistribution) changed: this process reads its own write.
    this.cache.invalidate(scope);
  }

  async list(
    scope: Scope,
    req: DescribeRocketMQTopicsRequest,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<DescribeRocketMQTopicsResponse> {
    const cluster = await this.clusters.require(scope, req.ClusterId);
    await this.namespaces.requireAll(cluster.id, [req.NamespaceId], 'NamespaceId');
    const values: unknown[] = [cluster.id, req.NamespaceId];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = ['t.cluster_id = $1', 't.namespace = $2'];
    if (req.FilterType?.length) where.push(`t.type = ANY(${param(req.FilterType)})`);
    if (req.FilterName) where.push(`t.name ILIKE ${param(likeContains(req.FilterName))}`);
    if (req.FilterGroup !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM subscriptions s WHERE s.cluster_id = t.cluster_id AND s.namespace = t.namespace AND s.topic_name = t.name AND s.group_name = ${param(req.FilterGroup)})`,
      );
    }
    const tagMatches = (req.TagFilters ?? []).map((f) => ({ key: f.TagKey, values: f.TagValues }));
    where.push(
      ...this.tags.taggedConditions(
        scope,
        `t.cluster_id || '/' || t.namespace || '/' || t.name`,
        'topic',
        tagMatches,
        param,
      ),
    );
    const filter = where.join(' AND ');
    const { total, rows } =
      visibility.kind === 'all'
        ? await this.pageAll(req, cluster.id, filter, values, tagMatches.length > 0)
        : await this.pageVisible(req, cluster.id, filter, values, visibility);
    const tags = await this.tags.tagsOf(
      scope,
      'topic',
      rows.map((r) => [cluster.id, req.NamespaceId, r.name]),
    );
    return {
      TotalCount: total,
      Topics: rows.map((r) => ({
        ...this.view(r, cluster.id, req.NamespaceId),
        TagList: tags.get(`${cluster.id}/${req.NamespaceId}/${r.name}`) ?? [],
      })),
    };
  }

  /** Every match is visible: count (from the counters when possible) and page in SQL. */
  private async pageAll(
    req: DescribeRocketMQTopicsRequest,
    clusterId: string,
    filter: string,
    values: unknown[],
    tagFiltered: boolean,
  ): Promise<{ total: number; rows: TopicRow[] }> {
    const filterValues = [...values];
    const param = (v: unknown) => `$${values.push(v)}`;
    // Unfiltered (or by type only) totals come from the per-type counters, not from counting rows.
    const countable = !req.FilterName && req.FilterGroup === undefined && !tagFiltered;
    const [{ total }] = countable
      ? await this.sql.rows<{ total: number }>(
          `SELECT coalesce(sum(count), 0)::int AS total FROM topic_type_counts WHERE cluster_id = $1 AND namespace = $2${req.FilterType?.length ? ' AND type = ANY($3)' : ''}`,
          req.FilterType?.length
            ? [clusterId, req.NamespaceId, req.FilterType]
            : [clusterId, req.NamespaceId],
        )
      : await this.sql.rows<{ total: number }>(
          `SELECT count(*)::int AS total FROM topics t WHERE ${filter}`,
          filterValues,
        );
    const rows =
      req.Limit === 0 || req.Offset >= total
        ? []
        : await this.sql.rows<TopicRow>(
            // Deferred join: order and skip over the index alone, then compute the columns (and
            // the GroupNum subquery) for the page's rows only, however deep the offset.
            `SELECT ${TOPIC_COLUMNS} FROM (SELECT t.cluster_id, t.namespace, t.name, t.created_at FROM topics t WHERE ${filter} ` +
              `ORDER BY t.created_at DESC, t.name LIMIT ${param(req.Limit)} OFFSET ${param(req.Offset)}) page ` +
              `JOIN topics t USING (cluster_id, namespace, name) ORDER BY page.created_at DESC, page.name`,
            values,
          );
    return { total, rows };
  }

  /** The caller may see only some topics (CAM): filter the matches' names, then read the page's rows. */
  private async pageVisible(
    req: DescribeRocketMQTopicsRequest,
    clusterId: string,
    filter: string,
    values: unknown[],
    visibility: ListVisibility,
  ): Promise<{ total: number; rows: TopicRow[] }> {
    const param = (v: unknown) => `$${values.push(v)}`;
    // Visibility by name alone: the database filters, counts and pages, as for the root.
    const exact = exactNameCondition(visibility, 't.name', param);
    if (exact) return this.pageAll(req, clusterId, `${filter} AND ${exact}`, values, true);
    const narrowed = namePrefixCondition(visibility, 't.name', param);
    const { total, page } = await visiblePage(
      visibility,
      () =>
        this.sql.rows<{ name: string }>(
          `SELECT t.name FROM topics t WHERE ${filter}${narrowed ? ` AND ${narrowed}` : ''} ORDER BY t.created_at DESC, t.name`,
          values,
        ),
      (t) => [clusterId, req.NamespaceId, t.name],
      req.Offset,
      req.Limit,
    );
    return { total, rows: await this.rowsNamed(clusterId, req.NamespaceId, page) };
  }

  /** Full rows for the given topics, in the given order. */
  private async rowsNamed(
    clusterId: string,
    namespace: string,
    topics: ReadonlyArray<{ name: string }>,
  ): Promise<TopicRow[]> {
    if (!topics.length) return [];
    return this.sql.rows<TopicRow>(
      `SELECT ${TOPIC_COLUMNS} FROM unnest($3::text[]) WITH ORDINALITY AS page (name, ord)
         JOIN topics t ON t.cluster_id = $1 AND t.namespace = $2 AND t.name = page.name ORDER BY page.ord`,
      [clusterId, namespace, topics.map((t) => t.name)],
    );
  }

  async describe(
    scope: Scope,
    req: DescribeRocketMQTopicRequest,
  ): Promise<DescribeRocketMQTopicResponse> {
    const cluster = await this.clusters.require(scope, req.ClusterId);
    const row = await this.row(cluster.id, req.NamespaceId, req.TopicName);
    const subs = await this.subscriptions.ofTopic(
      cluster.id,
      req.NamespaceId,
      req.TopicName,
      req.Offset,
      req.Limit,
      req.ConsumerGroup,
    );
    const tags = await this.tags.tagsOf(scope, 'topic', [
      [cluster.id, req.NamespaceId, req.TopicName],
    ]);
    return {
      Topic: {
        ...this.view(row, cluster.id, req.NamespaceId),
        SubscriptionData: subs.items,
        TagList: tags.get(`${cluster.id}/${req.NamespaceId}/${req.TopicName}`) ?? [],
      },
    };
  }

  async modify(scope: Scope, req: ModifyRocketMQTopicRequest): Promise<void> {
    const cluster = await this.clusters.get(scope, req.ClusterId);
    await this.dataSource.transaction(async (em) => {
      const topic = await this.lockUserTopic(
        em,
        cluster.id,
        req.NamespaceId,
        req.Topic,
        'modified',
      );
      let partitions = topic.partitionNum;
      if (req.PartitionNum !== undefined && req.PartitionNum !== topic.partitionNum) {
        if (topic.type === 'GlobalOrder')
          throw partitionFault('A GlobalOrder topic keeps exactly 1 partition.');
        if (req.PartitionNum < topic.partitionNum) {
          throw partitionFault(
            `Partitions can only be added: ${req.Topic} has ${topic.partitionNum}.`,
          );
        }
        if (req.PartitionNum > cluster.maxQueuesPerTopic) {
          throw partitionFault(
            `PartitionNum must be at most ${cluster.maxQueuesPerTopic} (the cluster's MaxQueuesPerTopic).`,
          );
        }
        partitions = req.PartitionNum;
      }
      await em
        .createQueryBuilder()
        .update(TopicEntity)
        .set({ remark: req.Remark, partitionNum: partitions, updatedAt: () => 'now()' })
        .where('cluster_id = :c AND namespace = :n AND name = :t', {
          c: cluster.id,
          n: req.NamespaceId,
          t: req.Topic,
        })
        .execute();
    });
  }

  /** Deletes a topic, its subscriptions and tags. (Its stored messages go with it once the data plane stores any.) */
  async delete(scope: Scope, clusterId: string, namespace: string, name: string): Promise<void> {
    const cluster = await this.clusters.get(scope, clusterId);
    await this.dataSource.transaction(async (em) => {
      await this.lockUserTopic(em, cluster.id, namespace, name, 'deleted');
      await em.delete(TopicEntity, { clusterId: cluster.id, namespace, name });
      await this.tags.removeAll(em, scope, cam.topic(cluster.id, namespace, name));
    });
    this.cache.invalidate(scope);
    // Its queues, cursors and in-flight messages went with it (foreign keys); the stored
    // messages are deleted by a worker.
    await this.jobs.enqueue('messages', 'purge', {
      clusterId: cluster.id,
      namespace,
      topics: [name],
      before: Date.now(),
    });
  }

  /**
   * Per-partition offsets: MinOffset is the oldest message still stored, MaxOffset the next
   * offset to be written, MessageCount the messages in between; LastUpdateTimestamp the time
   * the newest was stored (null for a queue never written).
   */
  async stats(
    scope: Scope,
    clusterId: string,
    namespace: string,
    name: string,
  ): Promise<DescribeRocketMQTopicStatsResponse> {
    const cluster = await this.clusters.require(scope, clusterId);
    const row = await this.row(cluster.id, namespace, name);
    const queues = await this.sql.rows<{
      queue_id: number;
      max_offset: string;
      min_offset: string | null;
      last_at: string | null;
    }>(
      `SELECT q.queue_id, q.next_offset AS max_offset, first.queue_offset AS min_offset,
              (extract(epoch from last.stored_at) * 1000)::bigint AS last_at
         FROM topic_queues q
         LEFT JOIN LATERAL (SELECT m.queue_offset FROM messages m
                             WHERE m.cluster_id = q.cluster_id AND m.namespace = q.namespace
                               AND m.topic = q.topic AND m.queue_id = q.queue_id
                             ORDER BY m.queue_offset LIMIT 1) first ON true
         LEFT JOIN LATERAL (SELECT m.stored_at FROM messages m
                             WHERE m.cluster_id = q.cluster_id AND m.namespace = q.namespace
                               AND m.topic = q.topic AND m.queue_id = q.queue_id
                             ORDER BY m.queue_offset DESC LIMIT 1) last ON true
        WHERE q.cluster_id = $1 AND q.namespace = $2 AND q.topic = $3`,
      [cluster.id, namespace, name],
    );
    const byQueue = new Map(queues.map((q) => [q.queue_id, q]));
    return {
      TopicStatsList: Array.from({ length: row.partitionNum }, (_, queueId) => {
        const q = byQueue.get(queueId);
        const max = q ? Number(q.max_offset) : 0;
        const min = q?.min_offset != null ? Number(q.min_offset) : max;
        return {
          BrokerName: 'broker-0',
          QueueId: queueId,
          MinOffset: min,
          MaxOffset: max,
          MessageCount: max - min,
          LastUpdateTimestamp: q?.last_at != null ? Number(q.last_at) : null,
        };
      }),
    };
  }

  async ensureSystemTopic(
    clusterId: string,
    namespace: string,
    group: string,
    type: 'Retry' | 'DeadLetter',
  ): Promise<string> {
    const name = type === 'Retry' ? retryTopicOf(group) : deadLetterTopicOf(group);
    await this.dataSource.query(
      `INSERT INTO topics (cluster_id, namespace, name, type, partition_num, remark, system_group)
       VALUES ($1, $2, $3, $4, 1, '', $5) ON CONFLICT (cluster_id, namespace, name) DO NOTHING`,
      [clusterId, namespace, name, type, group],
    );
    return name;
  }

  private partitionsFor(type: string, given: number | undefined, cluster: ClusterEntity): number {
    if (type === 'GlobalOrder') {
      if (given !== undefined && given !== 1)
        throw partitionFault(
          'A GlobalOrder topic has exactly 1 partition: omit PartitionNum or pass 1.',
        );
      return 1;
    }
    if (given === undefined) return Math.min(DEFAULT_PARTITIONS, cluster.maxQueuesPerTopic);
    if (given < 1 || given > cluster.maxQueuesPerTopic) {
      throw partitionFault(
        `PartitionNum must be between 1 and ${cluster.maxQueuesPerTopic} (the cluster's MaxQueuesPerTopic).`,
      );
    }
    return given;
  }

  private async lockUserTopic(
    em: EntityManager,
    clusterId: string,
    namespace: string,
    name: string,
    verb: string,
  ): Promise<TopicEntity> {
    const topic = await em
      .createQueryBuilder(TopicEntity, 't')
      .setLock('pessimistic_write')
      .where('t.cluster_id = :c AND t.namespace = :n AND t.name = :t', {
        c: clusterId,
        n: namespace,
        t: name,
      })
      .getOne();
    if (!topic) throw notFound('Topic', `${name} in namespace ${namespace}`);
    if (isSystemType(topic.type)) {
      throw new ApiError(
        'UnsupportedOperation',
        `${name} is a ${topic.type} topic managed by group ${topic.systemGroup}; it cannot be ${verb} directly.`,
      );
    }
    return topic;
  }

  private async row(clusterId: string, namespace: string, name: string): Promise<TopicRow> {
    const [row] = await this.sql.rows<TopicRow>(
      `SELECT ${TOPIC_COLUMNS} FROM topics t WHERE t.cluster_id = $1 AND t.namespace = $2 AND t.name = $3`,
      [clusterId, namespace, name],
    );
    if (!row) throw notFound('Topic', `${name} in namespace ${namespace}`);
    return row;
  }

  private view(r: TopicRow, clusterId: string, namespace: string): Omit<RocketMQTopic, 'TagList'> {
    return {
      Name: r.name,
      Type: r.type,
      GroupNum: r.groupNum,
      Remark: r.remark,
      PartitionNum: r.partitionNum,
      CreateTime: r.createdAtMs,
      UpdateTime: r.updatedAtMs,
      InstanceId: clusterId,
      Namespace: namespace,
      LastUpdateTime: r.lastWriteS,
      SubscriptionCount: r.groupNum,
      SubscriptionData: null,
    };
  }
}
