import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import {
  isConstraintViolation,
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from '../../database/pg-errors.js';
import { ApiError, notFound } from '../../gateway/api-error.js';
import { cam } from '../../gateway/cam-resource.js';
import { SEE_ALL, visiblePage, type ListVisibility } from '../../gateway/list-visibility.js';
import type { Scope } from '../../gateway/request-context.js';
import { TagsService } from '../../tags/tags.service.js';
import { ReadCache } from '../../database/read-cache.js';
import type { ClusterEntity } from '../clusters/cluster.entity.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { EndpointsService } from '../common/endpoints.js';
import { likeContains } from '../common/paging.js';
import type {
  CreateRocketMQNamespaceRequest,
  DescribeRocketMQNamespacesRequest,
  DescribeRocketMQNamespacesResponse,
  ModifyRocketMQNamespaceRequest,
  RocketMQNamespace,
} from './dto/namespace.dto.js';
import { RETENTION_RANGE } from './dto/namespace.dto.js';
import { NamespaceEntity } from './namespace.entity.js';

@Injectable()
export class NamespacesService {
  constructor(
    @InjectRepository(NamespaceEntity) private readonly namespaces: Repository<NamespaceEntity>,
    private readonly dataSource: DataSource,
    private readonly clusters: ClustersService,
    private readonly endpoints: EndpointsService,
    private readonly cache: ReadCache,
    private readonly tags: TagsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async create(scope: Scope, req: CreateRocketMQNamespaceRequest): Promise<void> {
    const cluster = await this.clusters.get(scope, req.ClusterId);
    const retention =
      req.RetentionTime ?? Math.min(this.config.quotas.defaultRetentionMs, cluster.maxRetentionMs);
    this.checkRetention(cluster, retention);
    try {
      // The insert trigger bumps the cluster's namespace counter; its CHECK enforces the quota.
      await this.namespaces.insert({
        clusterId: cluster.id,
        name: req.NamespaceId,
        remark: req.Remark ?? '',
        retentionMs: retention,
        ttlMs: req.Ttl ?? retention,
        publicAccessEnabled: true,
      });
    } catch (e) {
      if (isConstraintViolation(e, PG_UNIQUE_VIOLATION, 'namespaces_pkey')) {
        throw new ApiError(
          'ResourceInUse.Namespace',
          `Namespace ${req.NamespaceId} already exists in cluster ${cluster.id}.`,
        );
      }
      if (isConstraintViolation(e, PG_CHECK_VIOLATION, 'clusters_namespace_quota')) {
        throw new ApiError(
          'LimitExceeded',
          `Cluster ${cluster.id} may hold at most ${cluster.maxNamespaces} namespaces.`,
        );
      }
      if (isConstraintViolation(e, PG_FOREIGN_KEY_VIOLATION, 'namespaces_cluster_id_fkey'))
        throw notFound('Cluster', cluster.id);
      throw e;
    }
    this.cache.invalidate(scope);
  }

  list(
    scope: Scope,
    req: DescribeRocketMQNamespacesRequest,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<DescribeRocketMQNamespacesResponse> {
    // Cached answers are the full lists; a caller who may see only some is answered fresh.
    if (visibility.kind !== 'all') return this.query(scope, req, visibility);
    return this.cache.read(scope, `DescribeRocketMQNamespaces ${JSON.stringify(req)}`, () =>
      this.query(scope, req, visibility),
    );
  }

  private async query(
    scope: Scope,
    req: DescribeRocketMQNamespacesRequest,
    visibility: ListVisibility,
  ): Promise<DescribeRocketMQNamespacesResponse> {
    const cluster = await this.clusters.get(scope, req.ClusterId);
    const qb = this.namespaces
      .createQueryBuilder('n')
      .where('n.cluster_id = :cluster', { cluster: cluster.id });
    if (req.NameKeyword) qb.andWhere('n.name ILIKE :kw', { kw: likeContains(req.NameKeyword) });
    if (visibility.kind !== 'all') {
      // A cluster holds a bounded number of namespaces: filter them all, then page.
      const { total, page } = await visiblePage(
        visibility,
        () => qb.orderBy('n.created_at', 'DESC').addOrderBy('n.name', 'ASC').getMany(),
        (n) => [cluster.id, n.name],
        req.Offset,
        req.Limit,
      );
      return { Namespaces: page.map((n) => this.view(n)), TotalCount: total };
    }
    const total = await qb.getCount();
    const rows =
      req.Limit === 0 || req.Offset >= total
        ? []
        : await qb
            .orderBy('n.created_at', 'DESC')
            .addOrderBy('n.name', 'ASC')
            .offset(req.Offset)
            .limit(req.Limit)
            .getMany();
    return { Namespaces: rows.map((n) => this.view(n)), TotalCount: total };
  }

  async modify(scope: Scope, req: ModifyRocketMQNamespaceRequest): Promise<void> {
    const cluster = await this.clusters.get(scope, req.ClusterId);
    if (req.RetentionTime !== undefined) this.checkRetention(cluster, req.RetentionTime);
    const patch: Partial<NamespaceEntity> = {};
    if (req.RetentionTime !== undefined) patch.retentionMs = req.RetentionTime;
    if (req.Ttl !== undefined) patch.ttlMs = req.Ttl;
    if (req.Remark !== undefined) patch.remark = req.Remark;
    if (req.PublicAccessEnabled !== undefined) patch.publicAccessEnabled = req.PublicAccessEnabled;
    const result = await this.namespaces
      .createQueryBuilder()
      .update(NamespaceEntity)
      .set({ ...patch, updatedAt: () => 'now()' })
      .where('cluster_id = :cluster AND name = :name', {
        cluster: cluster.id,
        name: req.NamespaceId,
      })
      .execute();
    if (!result.affected) throw notFound('Namespace', req.NamespaceId);
    this.cache.invalidate(scope);
  }

  async delete(scope: Scope, clusterId: string, name: string): Promise<void> {
    const cluster = await this.clusters.get(scope, clusterId);
    await this.dataSource.transaction(async (em) => {
      // The row lock waits for in-flight topic/group/binding creates; their counters are then final.
      const ns = await em
        .createQueryBuilder(NamespaceEntity, 'n')
        .setLock('pessimistic_write')
        .where('n.cluster_id = :cluster AND n.name = :name', { cluster: cluster.id, name })
        .getOne();
      if (!ns) throw notFound('Namespace', name);
      if (ns.topicCount > 0 || ns.groupCount > 0) {
        throw new ApiError(
          'FailedOperation',
          `Namespace ${name} still holds ${ns.topicCount} topic(s) and ${ns.groupCount} group(s): delete them first.`,
        );
      }
      if (ns.roleBindingCount > 0) {
        throw new ApiError(
          'FailedOperation.RoleInUse',
          `Namespace ${name} still grants permissions to ${ns.roleBindingCount} role(s): delete the bindings first.`,
        );
      }
      await em.delete(NamespaceEntity, { clusterId: cluster.id, name });
      await this.tags.removeAll(em, scope, cam.namespace(cluster.id, name));
    });
    this.cache.invalidate(scope);
  }

  /**
   * Every namespace named must exist in the cluster (ResourceNotFound.Namespace names the first
   * missing one); a name listed twice is InvalidParameterValue.
   */
  async requireAll(
    clusterId: string,
    names: string[],
    field: string,
    em?: EntityManager,
  ): Promise<void> {
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new ApiError('InvalidParameterValue', `\`${field}\` lists ${twice} twice.`);
    const rows: Array<{ name: string }> = await (em ?? this.dataSource.manager).query(
      'SELECT name FROM namespaces WHERE cluster_id = $1 AND name = ANY($2)',
      [clusterId, names],
    );
    const found = new Set(rows.map((r) => r.name));
    const missing = names.find((n) => !found.has(n));
    if (missing) throw notFound('Namespace', missing);
  }

  private checkRetention(cluster: ClusterEntity, retention: number): void {
    if (retention < RETENTION_RANGE.min || retention > cluster.maxRetentionMs) {
      throw new ApiError(
        'InvalidParameterValue',
        `The value of parameter \`RetentionTime\` is invalid: it must be between ${RETENTION_RANGE.min} and ${cluster.maxRetentionMs} ms (the cluster's MaxRetentionTime).`,
      );
    }
  }

  private view(n: NamespaceEntity): RocketMQNamespace {
    return {
      NamespaceId: n.name,
      Ttl: n.ttlMs,
      RetentionTime: n.retentionMs,
      Remark: n.remark,
      ...this.endpoints.forNamespace(n.publicAccessEnabled),
    };
  }
}
