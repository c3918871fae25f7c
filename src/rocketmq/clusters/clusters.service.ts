import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import {
  isConstraintViolation,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from '../../database/pg-errors.js';
import { ReadCache } from '../../database/read-cache.js';
import { SqlReader } from '../../database/sql-reader.js';
import { ApiError, notFound } from '../../gateway/api-error.js';
import { cam } from '../../gateway/cam-resource.js';
import { SEE_ALL, visiblePage, type ListVisibility } from '../../gateway/list-visibility.js';
import type { Scope } from '../../gateway/request-context.js';
import { TagsService, type TagMatch } from '../../tags/tags.service.js';
import type { FilterInput } from '../common/filter.dto.js';
import { EndpointsService } from '../common/endpoints.js';
import { CLUSTER_ID_PREFIX } from '../common/names.js';
import { likeContains } from '../common/paging.js';
import { USER_TOPIC_TYPES } from '../topics/dto/topic.dto.js';
import { ClusterEntity } from './cluster.entity.js';
import type {
  CreateRocketMQClusterRequest,
  DescribeRocketMQClusterResponse,
  DescribeRocketMQClustersRequest,
  DescribeRocketMQClustersResponse,
  ModifyRocketMQClusterRequest,
} from './dto/cluster.dto.js';
import type { RocketMQClusterConfig, RocketMQClusterInfo } from './dto/cluster.types.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export function newClusterId(): string {
  return (
    CLUSTER_ID_PREFIX +
    Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('')
  );
}

/** The columns the views need, camel-cased; creation time as epoch ms computed by Postgres. */
const CLUSTER_COLUMNS = [
  'c.id',
  'c.name',
  'c.region',
  'c.remark',
  'c.public_access_enabled AS "publicAccessEnabled"',
  'c.max_namespaces AS "maxNamespaces"',
  'c.max_topics AS "maxTopics"',
  'c.max_groups AS "maxGroups"',
  'c.max_roles AS "maxRoles"',
  'c.max_retention_ms::float8 AS "maxRetentionMs"',
  'c.max_delay_ms::float8 AS "maxDelayMs"',
  'c.max_queues_per_topic AS "maxQueuesPerTopic"',
  'c.max_tps_per_namespace AS "maxTpsPerNamespace"',
  'c.max_tps AS "maxTps"',
  'c.namespace_count AS "namespaceCount"',
  'c.topic_count AS "topicCount"',
  'c.group_count AS "groupCount"',
  'c.role_count AS "roleCount"',
  'floor(extract(epoch FROM c.created_at) * 1000)::float8 AS "createdAtMs"',
  // User topics per type, from the counters the topics table keeps (no row counting).
  `(SELECT coalesce(json_object_agg(x.type, x.n), '{}'::json) FROM (SELECT type, sum(count)::int AS n FROM topic_type_counts ` +
    `WHERE cluster_id = c.id AND type NOT IN ('Retry', 'DeadLetter') GROUP BY type) x) AS "topicTypes"`,
].join(', ');

type ClusterRow = Omit<ClusterEntity, 'ownerUin' | 'createdAt' | 'updatedAt'> & {
  createdAtMs: number;
  topicTypes: Record<string, number>;
};

const duplicateName = (name: string) =>
  new ApiError(
    'InvalidParameterValue.ClusterNameDuplication',
    `A cluster named ${name} already exists in this region.`,
  );

@Injectable()
export class ClustersService {
  constructor(
    @InjectRepository(ClusterEntity) private readonly clusters: Repository<ClusterEntity>,
    private readonly dataSource: DataSource,
    private readonly tags: TagsService,
    private readonly endpoints: EndpointsService,
    private readonly sql: SqlReader,
    private readonly cache: ReadCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async create(scope: Scope, req: CreateRocketMQClusterRequest): Promise<{ ClusterId: string }> {
    const tagList = req.TagList ?? [];
    this.tags.checkTagList(tagList);
    const q = this.config.quotas;
    const id = newClusterId();
    try {
      await this.dataSource.transaction(async (em) => {
        // Serializes cluster creation per account and region so the count below holds.
        await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `clusters:${scope.ownerUin}:${scope.region}`,
        ]);
        const count = await em.countBy(ClusterEntity, {
          ownerUin: scope.ownerUin,
          region: scope.region,
        });
        if (count >= q.clustersPerRegion) {
          throw new ApiError(
            'LimitExceeded.Clusters',
            `An account may hold at most ${q.clustersPerRegion} clusters in ${scope.region}.`,
          );
        }
        await em.insert(ClusterEntity, {
          id,
          ownerUin: scope.ownerUin,
          region: scope.region,
          name: req.Name,
          remark: req.Remark ?? '',
          publicAccessEnabled: true,
          maxNamespaces: q.namespacesPerCluster,
          maxTopics: q.topicsPerCluster,
          maxGroups: q.groupsPerCluster,
          maxRoles: q.rolesPerCluster,
          maxRetentionMs: q.maxRetentionMs,
          maxDelayMs: q.maxDelayMs,
          maxQueuesPerTopic: q.maxQueuesPerTopic,
          maxTpsPerNamespace: q.tpsPerNamespace,
          maxTps: q.tpsPerCluster,
        });
        await this.tags.addTags(em, scope, cam.cluster(id), tagList);
      });
    } catch (e) {
      if (isConstraintViolation(e, PG_UNIQUE_VIOLATION, 'clusters_name_unique'))
        throw duplicateName(req.Name);
      throw e;
    }
    this.cache.invalidate(scope);
    return { ClusterId: id };
  }

  list(
    scope: Scope,
    req: DescribeRocketMQClustersRequest,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<DescribeRocketMQClustersResponse> {
    // Cached answers are the full lists; a caller who may see only some is answered fresh.
    if (visibility.kind !== 'all') return this.query(scope, req, visibility);
    return this.cache.read(scope, `DescribeRocketMQClusters ${JSON.stringify(req)}`, () =>
      this.query(scope, req, visibility),
    );
  }

  private async query(
    scope: Scope,
    req: DescribeRocketMQClustersRequest,
    visibility: ListVisibility,
  ): Promise<DescribeRocketMQClustersResponse> {
    const values: unknown[] = [scope.ownerUin, scope.region];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = ['c.owner_uin = $1', 'c.region = $2'];
    if (req.IdKeyword) where.push(`c.id LIKE ${param(likeContains(req.IdKeyword))}`);
    if (req.NameKeyword) where.push(`c.name ILIKE ${param(likeContains(req.NameKeyword))}`);
    if (req.ClusterIdList?.length) where.push(`c.id = ANY(${param(req.ClusterIdList)})`);
    where.push(
      ...this.tags.taggedConditions(
        scope,
        'c.id',
        'cluster',
        this.tagMatches(req.Filters ?? []),
        param,
      ),
    );
    const filter = where.join(' AND ');
    const filterValues = [...values];
    if (visibility.kind !== 'all') return this.queryVisible(filter, values, req, visibility);

    // One round trip: the page and the number of all matches (window count).
    const page =
      req.Limit === 0
        ? []
        : await this.sql.rows<ClusterRow & { total: number }>(
            `SELECT ${CLUSTER_COLUMNS}, count(*) OVER ()::int AS total FROM clusters c WHERE ${filter} ` +
              `ORDER BY c.created_at DESC, c.id DESC LIMIT ${param(req.Limit)} OFFSET ${param(req.Offset)}`,
            values,
          );
    // An empty page (Limit 0, or an offset past the end) says nothing about the total: count.
    const total = page.length
      ? page[0].total
      : (
          await this.sql.rows<{ total: number }>(
            `SELECT count(*)::int AS total FROM clusters c WHERE ${filter}`,
            filterValues,
          )
        )[0].total;
    return {
      ClusterList: page.map((c) => ({
        Info: this.info(c),
        Config: this.clusterConfig(c),
        Status: 1,
      })),
      TotalCount: total,
    };
  }

  /** The caller may see only some clusters (CAM): filter the matching ids, then read the page's rows. */
  private async queryVisible(
    filter: string,
    values: unknown[],
    req: DescribeRocketMQClustersRequest,
    visibility: ListVisibility,
  ): Promise<DescribeRocketMQClustersResponse> {
    const { total, page } = await visiblePage(
      visibility,
      () =>
        this.sql.rows<{ id: string }>(
          `SELECT c.id FROM clusters c WHERE ${filter} ORDER BY c.created_at DESC, c.id DESC`,
          values,
        ),
      (c) => [c.id],
      req.Offset,
      req.Limit,
    );
    const rows = page.length
      ? await this.sql.rows<ClusterRow>(
          `SELECT ${CLUSTER_COLUMNS} FROM unnest($1::text[]) WITH ORDINALITY AS page (id, ord)
             JOIN clusters c ON c.id = page.id ORDER BY page.ord`,
          [page.map((c) => c.id)],
        )
      : [];
    return {
      ClusterList: rows.map((c) => ({
        Info: this.info(c),
        Config: this.clusterConfig(c),
        Status: 1,
      })),
      TotalCount: total,
    };
  }

  async describe(scope: Scope, clusterId: string): Promise<DescribeRocketMQClusterResponse> {
    const [c] = await this.sql.rows<ClusterRow>(
      `SELECT ${CLUSTER_COLUMNS} FROM clusters c WHERE c.id = $1 AND c.owner_uin = $2 AND c.region = $3`,
      [clusterId, scope.ownerUin, scope.region],
    );
    if (!c) throw notFound('Cluster', clusterId);
    const [stats] = await this.sql.rows<{ produced: number; consumed: number; backlog: number }>(
      // Produced: messages written to the cluster's own topics (not retry/dead-letter copies);
      // consumed: offsets the groups have committed; backlog: what they have not yet consumed.
      `SELECT
         (SELECT coalesce(sum(q.next_offset), 0) FROM topic_queues q
            JOIN topics t ON t.cluster_id = q.cluster_id AND t.namespace = q.namespace AND t.name = q.topic
           WHERE q.cluster_id = $1 AND t.system_group IS NULL)::float8 AS produced,
         coalesce(sum(x.committed), 0)::float8 AS consumed,
         coalesce(sum(greatest(x.queue_end - x.committed, 0)), 0)::float8 AS backlog
       FROM (SELECT coalesce(q.next_offset, 0) AS queue_end,
                    least(cc.next_offset, coalesce((SELECT min(i.queue_offset) FROM inflight i
                      WHERE i.cluster_id = cc.cluster_id AND i.namespace = cc.namespace
                        AND i.group_name = cc.group_name AND i.topic = cc.topic AND i.queue_id = cc.queue_id),
                      cc.next_offset)) AS committed
               FROM consume_cursors cc
               LEFT JOIN topic_queues q ON q.cluster_id = cc.cluster_id AND q.namespace = cc.namespace
                                        AND q.topic = cc.topic AND q.queue_id = cc.queue_id
              WHERE cc.cluster_id = $1) x`,
      [c.id],
    );
    return {
      ClusterInfo: this.info(c),
      ClusterConfig: this.clusterConfig(c),
      ClusterStats: {
        TopicNum: c.topicCount,
        ProducedMsgNum: stats.produced,
        ConsumedMsgNum: stats.consumed,
        AccumulativeMsgNum: stats.backlog,
      },
    };
  }

  async modify(scope: Scope, req: ModifyRocketMQClusterRequest): Promise<void> {
    const patch: Partial<ClusterEntity> = {};
    if (req.ClusterName !== undefined) patch.name = req.ClusterName;
    if (req.Remark !== undefined) patch.remark = req.Remark;
    if (req.PublicAccessEnabled !== undefined) patch.publicAccessEnabled = req.PublicAccessEnabled;
    try {
      const result = await this.clusters
        .createQueryBuilder()
        .update(ClusterEntity)
        .set({ ...patch, updatedAt: () => 'now()' })
        .where('id = :id AND owner_uin = :owner AND region = :region', {
          id: req.ClusterId,
          owner: scope.ownerUin,
          region: scope.region,
        })
        .execute();
      if (!result.affected) throw notFound('Cluster', req.ClusterId);
    } catch (e) {
      if (isConstraintViolation(e, PG_UNIQUE_VIOLATION, 'clusters_name_unique'))
        throw duplicateName(req.ClusterName ?? '');
      throw e;
    }
    this.cache.invalidate(scope);
  }

  async delete(scope: Scope, clusterId: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (em) => {
        // The row lock waits for in-flight child creates; their counters are then final.
        const c = await this.get(scope, clusterId, em, true);
        const holds = [
          [c.namespaceCount, 'namespace'],
          [c.topicCount, 'topic'],
          [c.groupCount, 'group'],
          [c.roleCount, 'role'],
        ]
          .filter(([n]) => Number(n) > 0)
          .map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
        if (holds.length) {
          throw new ApiError(
            'FailedOperation.DeleteCluster',
            `Cluster ${clusterId} still holds ${holds.join(', ')}: delete them first.`,
          );
        }
        await this.tags.removeAll(em, scope, cam.cluster(clusterId));
        await em.delete(ClusterEntity, { id: clusterId });
      });
      this.cache.invalidate(scope);
    } catch (e) {
      if (isConstraintViolation(e, PG_FOREIGN_KEY_VIOLATION, 'namespaces_cluster_id_fkey')) {
        throw new ApiError(
          'FailedOperation.DeleteCluster',
          `Cluster ${clusterId} still holds resources: delete them first.`,
        );
      }
      throw e;
    }
  }

  /** For read paths: the cluster exists in the caller's scope (one prepared read), or ResourceNotFound.Cluster. */
  async require(scope: Scope, clusterId: string): Promise<{ id: string }> {
    const [row] = await this.sql.rows<{ id: string }>(
      'SELECT id FROM clusters WHERE id = $1 AND owner_uin = $2 AND region = $3',
      [clusterId, scope.ownerUin, scope.region],
    );
    if (!row) throw notFound('Cluster', clusterId);
    return row;
  }

  /** The caller's cluster in the request region, or ResourceNotFound.Cluster. */
  async get(
    scope: Scope,
    clusterId: string,
    em?: EntityManager,
    lock?: 'share' | true,
  ): Promise<ClusterEntity> {
    const qb = (em ?? this.dataSource.manager)
      .createQueryBuilder(ClusterEntity, 'c')
      .where('c.id = :id AND c.owner_uin = :owner AND c.region = :region', {
        id: clusterId,
        owner: scope.ownerUin,
        region: scope.region,
      });
    if (lock === true) qb.setLock('pessimistic_write');
    else if (lock === 'share') qb.setLock('pessimistic_read');
    const c = await qb.getOne();
    if (!c) throw notFound('Cluster', clusterId);
    return c;
  }

  private tagMatches(filters: FilterInput[]): TagMatch[] {
    return filters.map((f) => {
      const name = f.Name ?? '';
      if (!name.startsWith('tag:') || name.length <= 4) {
        throw new ApiError(
          'InvalidParameterValue',
          `Unsupported filter "${name}": use tag:<key> with tag values.`,
        );
      }
      return { key: name.slice(4), values: f.Values ?? [] };
    });
  }

  private info(c: ClusterRow): RocketMQClusterInfo {
    return {
      ClusterId: c.id,
      ClusterName: c.name,
      Region: c.region,
      CreateTime: c.createdAtMs,
      Remark: c.remark,
      ...this.endpoints.forCluster(c.id, c.publicAccessEnabled),
      SupportNamespaceEndpoint: false,
      Vpcs: [],
      IsVip: false,
      RocketMQFlag: true,
      Status: 1,
      IsolateTime: null,
      AclEnabled: true,
      PublicClbId: null,
      Vip: null,
      VpcId: null,
      SupportMigration: true,
      InstanceStatus: 1,
      ZoneId: null,
      ZoneIds: null,
      IsFrozen: false,
      AutoCreateTopicEnabled: false,
      AdminFeatureEnabled: false,
      AdminAccessKey: null,
      AdminSecretKey: null,
      EnableDeletionProtection: false,
      AutoCreateConsumeGroupEnabled: false,
    };
  }

  private clusterConfig(c: ClusterRow): RocketMQClusterConfig {
    return {
      MaxTpsPerNamespace: c.maxTpsPerNamespace,
      MaxNamespaceNum: c.maxNamespaces,
      UsedNamespaceNum: c.namespaceCount,
      MaxTopicNum: c.maxTopics,
      UsedTopicNum: c.topicCount,
      MaxGroupNum: c.maxGroups,
      UsedGroupNum: c.groupCount,
      MaxRetentionTime: c.maxRetentionMs,
      MaxLatencyTime: c.maxDelayMs,
      MaxQueuesPerTopic: c.maxQueuesPerTopic,
      TopicDistribution: USER_TOPIC_TYPES.map((t) => ({
        TopicType: t,
        Count: c.topicTypes[t] ?? 0,
      })),
      MaxRoleNum: c.maxRoles,
      MaxTpsLimit: c.maxTps,
    };
  }
}
