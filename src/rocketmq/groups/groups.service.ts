import { Injectable } from '@nestjs/common';
import { ConsumerLag } from '../../dataplane/state/consumer-lag.js';
import { ownerKey, Presence } from '../../dataplane/state/presence.js';
import { Rates } from '../../dataplane/state/rates.js';
import { JobQueues } from '../../jobs/jobs.module.js';
import { deadLetterTopicOf, retryTopicOf } from '../common/names.js';
import { DataSource } from 'typeorm';
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
import { ClustersService } from '../clusters/clusters.service.js';
import { isReservedGroupName } from '../common/names.js';
import { likeContains } from '../common/paging.js';
import { createInNamespaces } from '../namespaces/create-in-namespaces.js';
import { NamespacesService } from '../namespaces/namespaces.service.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import type {
  CreateRocketMQGroupRequest,
  DescribeRocketMQGroupsRequest,
  DescribeRocketMQGroupsResponse,
  DescribeRocketMQSubscriptionsResponse,
  DescribeRocketMQTopicsByGroupResponse,
  ModifyRocketMQGroupRequest,
  RocketMQGroup,
} from './dto/group.dto.js';
import { GroupEntity } from './group.entity.js';

interface GroupRow {
  name: string;
  remark: string;
  readEnabled: boolean;
  broadcastEnabled: boolean;
  groupType: string;
  retryMaxTimes: number;
  subscribeTopicNum: number;
  createdAtMs: number;
  updatedAtMs: number;
}

const GROUP_COLUMNS = `g.name, g.remark, g.read_enabled AS "readEnabled", g.broadcast_enabled AS "broadcastEnabled",
  g.group_type AS "groupType", g.retry_max_times AS "retryMaxTimes", g.subscribe_topic_num AS "subscribeTopicNum",
  floor(extract(epoch FROM g.created_at) * 1000)::float8 AS "createdAtMs",
  floor(extract(epoch FROM g.updated_at) * 1000)::float8 AS "updatedAtMs"`;

const groupNotFound = (group: string, namespace: string) =>
  notFound('Group', `${group} in namespace ${namespace}`);

@Injectable()
export class GroupsService {
  constructor(
    private readonly clusters: ClustersService,
    private readonly namespaces: NamespacesService,
    private readonly subscriptions: SubscriptionsService,
    private readonly tags: TagsService,
    private readonly sql: SqlReader,
    private readonly cache: ReadCache,
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueues,
    private readonly lag: ConsumerLag,
    private readonly presence: Presence,
    private readonly rates: Rates,
  ) {}

  async create(scope: Scope, req: CreateRocketMQGroupRequest): Promise<void> {
    const cluster = await this.clusters.get(scope, req.ClusterId);
    if (isReservedGroupName(req.GroupId)) {
      throw new ApiError(
        'InvalidParameterValue',
        `The group name ${req.GroupId} is reserved by RocketMQ.`,
      );
    }
    await createInNamespaces(
      this.dataSource,
      this.namespaces,
      {
        kind: 'Group',
        entity: GroupEntity,
        table: 'groups',
        quotaConstraint: 'clusters_group_quota',
        quota: cluster.maxGroups,
      },
      cluster.id,
      req.GroupId,
      req.Namespaces,
      (namespace) =>
        ({
          clusterId: cluster.id,
          namespace,
          name: req.GroupId,
          remark: req.Remark ?? '',
          readEnabled: req.ReadEnable,
          broadcastEnabled: req.BroadcastEnable,
          groupType: req.GroupType,
          retryMaxTimes: req.RetryMaxTimes,
        }) as GroupEntity,
    );
    // Cluster usage (UsedGroupNum) changed: this process reads its own write.
    this.cache.invalidate(scope);
  }

  async list(
    scope: Scope,
    req: DescribeRocketMQGroupsRequest,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<DescribeRocketMQGroupsResponse> {
    const cluster = await this.clusters.require(scope, req.ClusterId);
    await this.namespaces.requireAll(cluster.id, [req.NamespaceId], 'NamespaceId');
    const values: unknown[] = [cluster.id, req.NamespaceId];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = ['g.cluster_id = $1', 'g.namespace = $2'];
    if (req.FilterTopic !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM subscriptions s WHERE s.cluster_id = g.cluster_id AND s.namespace = g.namespace AND s.group_name = g.name AND s.topic_name = ${param(req.FilterTopic)})`,
      );
    }
    if (req.FilterGroup) where.push(`g.name ILIKE ${param(likeContains(req.FilterGroup))}`);
    if (req.FilterOneGroup !== undefined) where.push(`g.name = ${param(req.FilterOneGroup)}`);
    if (req.Types?.length) where.push(`g.group_type = ANY(${param(req.Types)})`);
    const tagMatches = (req.TagFilters ?? []).map((f) => ({ key: f.TagKey, values: f.TagValues }));
    where.push(
      ...this.tags.taggedConditions(
        scope,
        `g.cluster_id || '/' || g.namespace || '/' || g.name`,
        'group',
        tagMatches,
        param,
      ),
    );
    const filter = where.join(' AND ');

    const direction = req.SortOrder === 'asc' ? 'ASC' : 'DESC';
    const order =
      req.SortedBy === 'subscribeNum'
        ? `g.subscribe_topic_num ${direction}, g.name`
        : 'g.created_at DESC, g.name';
    const { total, rows } =
      visibility.kind === 'all'
        ? await this.pageAll(req, cluster.id, filter, values, order, where.length === 2)
        : await this.pageVisible(req, cluster.id, filter, values, order, visibility);
    const [tags, lag, online, tps] = await Promise.all([
      this.tags.tagsOf(
        scope,
        'group',
        rows.map((r) => [cluster.id, req.NamespaceId, r.name]),
      ),
      this.lag.lagOf(
        cluster.id,
        req.NamespaceId,
        rows.map((r) => r.name),
      ),
      Promise.all(
        rows.map(
          async (r) =>
            (await this.presence.online('consumer', ownerKey(cluster.id, req.NamespaceId, r.name)))
              .length,
        ),
      ),
      this.rates.perSecond(
        'consume',
        rows.map((r) => ownerKey(cluster.id, req.NamespaceId, r.name)),
      ),
    ]);
    return {
      TotalCount: total,
      Groups: rows.map((r, i) =>
        this.view(r, cluster.id, req.NamespaceId, {
          tagList: tags.get(`${cluster.id}/${req.NamespaceId}/${r.name}`) ?? [],
          consumers: online[i],
          tps: tps[i],
          // Unknown (null), not 0, for a group that never consumed anything.
          backlog: lag.get(r.name)?.total ?? null,
        }),
      ),
    };
  }

  /** Every match is visible: count (from the namespace's counter when unfiltered) and page in SQL. */
  private async pageAll(
    req: DescribeRocketMQGroupsRequest,
    clusterId: string,
    filter: string,
    values: unknown[],
    order: string,
    unfiltered: boolean,
  ): Promise<{ total: number; rows: GroupRow[] }> {
    const filterValues = [...values];
    const param = (v: unknown) => `$${values.push(v)}`;
    const [{ total }] = unfiltered
      ? await this.sql.rows<{ total: number }>(
          'SELECT group_count AS total FROM namespaces WHERE cluster_id = $1 AND name = $2',
          [clusterId, req.NamespaceId],
        )
      : await this.sql.rows<{ total: number }>(
          `SELECT count(*)::int AS total FROM groups g WHERE ${filter}`,
          filterValues,
        );
    const rows =
      req.Limit === 0 || req.Offset >= total
        ? []
        : await this.sql.rows<GroupRow>(
            // Deferred join: order and skip over the index, then read the page's rows only.
            `SELECT ${GROUP_COLUMNS} FROM (SELECT g.cluster_id, g.namespace, g.name, g.created_at, g.subscribe_topic_num FROM groups g WHERE ${filter} ` +
              `ORDER BY ${order} LIMIT ${param(req.Limit)} OFFSET ${param(req.Offset)}) page ` +
              `JOIN groups g USING (cluster_id, namespace, name) ORDER BY ${order.replace(/g\./g, 'page.')}`,
            values,
          );
    return { total, rows };
  }

  /** The caller may see only some groups (CAM): filter the matches' names, then read the page's rows. */
  private async pageVisible(
    req: DescribeRocketMQGroupsRequest,
    clusterId: string,
    filter: string,
    values: unknown[],
    order: string,
    visibility: ListVisibility,
  ): Promise<{ total: number; rows: GroupRow[] }> {
    const param = (v: unknown) => `$${values.push(v)}`;
    // Visibility by name alone: the database filters, counts and pages, as for the root.
    const exact = exactNameCondition(visibility, 'g.name', param);
    if (exact) return this.pageAll(req, clusterId, `${filter} AND ${exact}`, values, order, false);
    const narrowed = namePrefixCondition(visibility, 'g.name', param);
    const { total, page } = await visiblePage(
      visibility,
      () =>
        this.sql.rows<{ name: string }>(
          `SELECT g.name FROM groups g WHERE ${filter}${narrowed ? ` AND ${narrowed}` : ''} ORDER BY ${order}`,
          values,
        ),
      (g) => [clusterId, req.NamespaceId, g.name],
      req.Offset,
      req.Limit,
    );
    if (!page.length) return { total, rows: [] };
    const rows = await this.sql.rows<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM unnest($3::text[]) WITH ORDINALITY AS page (name, ord)
         JOIN groups g ON g.cluster_id = $1 AND g.namespace = $2 AND g.name = page.name ORDER BY page.ord`,
      [clusterId, req.NamespaceId, page.map((g) => g.name)],
    );
    return { total, rows };
  }

  async modify(scope: Scope, req: ModifyRocketMQGroupRequest): Promise<void> {
    const cluster = await this.clusters.get(scope, req.ClusterId);
    const patch: Partial<GroupEntity> = {};
    if (req.Remark !== undefined) patch.remark = req.Remark;
    if (req.ReadEnable !== undefined) patch.readEnabled = req.ReadEnable;
    if (req.BroadcastEnable !== undefined) patch.broadcastEnabled = req.BroadcastEnable;
    if (req.RetryMaxTimes !== undefined) patch.retryMaxTimes = req.RetryMaxTimes;
    const result = await this.dataSource
      .createQueryBuilder()
      .update(GroupEntity)
      .set({ ...patch, updatedAt: () => 'now()' })
      .where('cluster_id = :c AND namespace = :n AND name = :g', {
        c: cluster.id,
        n: req.NamespaceId,
        g: req.GroupId,
      })
      .execute();
    if (!result.affected) throw groupNotFound(req.GroupId, req.NamespaceId);
  }

  /** Deletes a group with its subscriptions, its %RETRY%/%DLQ% topics and its tags. */
  async delete(scope: Scope, clusterId: string, namespace: string, group: string): Promise<void> {
    const cluster = await this.clusters.get(scope, clusterId);
    await this.dataSource.transaction(async (em) => {
      const result = await em.delete(GroupEntity, {
        clusterId: cluster.id,
        namespace,
        name: group,
      });
      if (!result.affected) throw groupNotFound(group, namespace);
      await this.tags.removeAll(em, scope, cam.group(cluster.id, namespace, group));
    });
    this.cache.invalidate(scope);
    // Its cursors, in-flight messages and retry/dead-letter topics went with it (foreign keys);
    // the dead letters are deleted by a worker.
    await this.jobs.enqueue('messages', 'purge', {
      clusterId: cluster.id,
      namespace,
      topics: [retryTopicOf(group), deadLetterTopicOf(group)],
      before: Date.now(),
    });
  }

  async topicsOf(
    scope: Scope,
    clusterId: string,
    namespace: string,
    group: string,
    offset: number,
    limit: number,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<DescribeRocketMQTopicsByGroupResponse> {
    const cluster = await this.clusters.require(scope, clusterId);
    await this.require(cluster.id, namespace, group);
    if (visibility.kind === 'all') {
      const { total, items } = await this.subscriptions.ofGroup(
        cluster.id,
        namespace,
        group,
        offset,
        limit,
      );
      return { TotalCount: total, Topics: items.map((s) => s.Topic) };
    }
    // A group subscribes to a bounded number of topics (at most the cluster's): filter them all.
    const { total, page } = await visiblePage(
      visibility,
      async () =>
        (await this.subscriptions.ofGroup(cluster.id, namespace, group, 0, 2 ** 31 - 1)).items,
      (s) => [cluster.id, namespace, s.Topic],
      offset,
      limit,
    );
    return { TotalCount: total, Topics: page.map((s) => s.Topic) };
  }

  async subscriptionsOf(
    scope: Scope,
    clusterId: string,
    namespace: string,
    group: string,
    offset: number,
    limit: number,
  ): Promise<DescribeRocketMQSubscriptionsResponse> {
    const cluster = await this.clusters.require(scope, clusterId);
    await this.require(cluster.id, namespace, group);
    const { total, items } = await this.subscriptions.ofGroup(
      cluster.id,
      namespace,
      group,
      offset,
      limit,
    );
    return { TotalCount: total, Subscriptions: items };
  }

  private async require(clusterId: string, namespace: string, group: string): Promise<void> {
    const [row] = await this.sql.rows<{ one: number }>(
      'SELECT 1 AS one FROM groups WHERE cluster_id = $1 AND namespace = $2 AND name = $3',
      [clusterId, namespace, group],
    );
    if (!row) throw groupNotFound(group, namespace);
  }

  /** The group as stored, with its tags and what the data plane knows of it now. */
  private view(
    r: GroupRow,
    clusterId: string,
    namespace: string,
    live: {
      tagList: RocketMQGroup['TagList'];
      consumers: number;
      tps: number;
      backlog: number | null;
    },
  ): RocketMQGroup {
    return {
      Name: r.name,
      ConsumerNum: live.consumers,
      TPS: live.tps,
      TotalAccumulative: live.backlog,
      ConsumptionMode: r.broadcastEnabled ? 1 : 0,
      ReadEnabled: r.readEnabled,
      RetryPartitionNum: 1,
      CreateTime: r.createdAtMs,
      UpdateTime: r.updatedAtMs,
      ClientProtocol: null,
      Remark: r.remark,
      ConsumerType: null,
      BroadcastEnabled: r.broadcastEnabled,
      GroupType: r.groupType,
      RetryMaxTimes: r.retryMaxTimes,
      InstanceId: clusterId,
      Namespace: namespace,
      SubscribeTopicNum: r.subscribeTopicNum,
      TagList: live.tagList,
    };
  }
}
