import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  pgFailure,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from '../../database/pg-errors.js';
import { SqlReader } from '../../database/sql-reader.js';
import { ApiError, notFound } from '../../gateway/api-error.js';
import { SEE_ALL, visiblePage, type ListVisibility } from '../../gateway/list-visibility.js';
import type { Scope } from '../../gateway/request-context.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { likeContains } from '../common/paging.js';
import type {
  CreateRocketMQEnvironmentRoleRequest,
  DescribeRocketMQEnvironmentRolesRequest,
  DescribeRocketMQEnvironmentRolesResponse,
  DetailedRolePerm,
  DetailedRolePermOutput,
} from './dto/environment-role.dto.js';
import { roleTimeSql } from './role-time.js';
import { roleNameFilter } from './roles.service.js';

const invalid = (message: string) => new ApiError('InvalidParameterValue.InvalidParams', message);

/** Stored form of DetailedPerms. */
export type StoredPerm = DetailedRolePermOutput;

/** Grants of produce/consume to roles per namespace (the data-plane ACL's rules). */
@Injectable()
export class EnvironmentRolesService {
  constructor(
    private readonly clusters: ClustersService,
    private readonly sql: SqlReader,
    private readonly dataSource: DataSource,
  ) {}

  async create(scope: Scope, req: CreateRocketMQEnvironmentRoleRequest): Promise<void> {
    const cluster = await this.clusters.require(scope, req.ClusterId);
    const perms = await this.checked(cluster.id, req);
    try {
      await this.dataSource.query(
        `INSERT INTO environment_roles (cluster_id, namespace, role_name, permissions, detailed_perms) VALUES ($1, $2, $3, $4, $5)`,
        [cluster.id, req.EnvironmentId, req.RoleName, req.Permissions, JSON.stringify(perms)],
      );
    } catch (e) {
      const f = pgFailure(e);
      if (f?.code === PG_UNIQUE_VIOLATION && f.constraint === 'environment_roles_pkey') {
        throw new ApiError(
          'ResourceInUse.EnvironmentRole',
          `Role ${req.RoleName} already has permissions in namespace ${req.EnvironmentId}: modify them instead.`,
        );
      }
      if (f?.code === PG_FOREIGN_KEY_VIOLATION && f.constraint === 'environment_roles_role_fkey')
        throw notFound('Role', req.RoleName);
      if (
        f?.code === PG_FOREIGN_KEY_VIOLATION &&
        f.constraint === 'environment_roles_namespace_fkey'
      )
        throw notFound('Environment', req.EnvironmentId);
      throw e;
    }
  }

  async modify(scope: Scope, req: CreateRocketMQEnvironmentRoleRequest): Promise<void> {
    const cluster = await this.clusters.require(scope, req.ClusterId);
    const perms = await this.checked(cluster.id, req);
    const rows = await this.sql.returning<{ role: string }>(
      `UPDATE environment_roles SET permissions = $4, detailed_perms = $5, updated_at = now()
       WHERE cluster_id = $1 AND namespace = $2 AND role_name = $3 RETURNING role_name AS role`,
      [cluster.id, req.EnvironmentId, req.RoleName, req.Permissions, JSON.stringify(perms)],
    );
    if (!rows.length)
      throw notFound('EnvironmentRole', `${req.RoleName} in namespace ${req.EnvironmentId}`);
  }

  /** All or none: every role named must have permissions in the namespace. */
  async delete(scope: Scope, clusterId: string, namespace: string, roles: string[]): Promise<void> {
    const cluster = await this.clusters.require(scope, clusterId);
    const unique = [...new Set(roles)];
    await this.dataSource.transaction(async (em) => {
      const found: Array<{ role: string }> = await em.query(
        'SELECT role_name AS role FROM environment_roles WHERE cluster_id = $1 AND namespace = $2 AND role_name = ANY($3) FOR UPDATE',
        [cluster.id, namespace, unique],
      );
      const missing = unique.find((r) => !found.some((f) => f.role === r));
      if (missing) throw notFound('EnvironmentRole', `${missing} in namespace ${namespace}`);
      await em.query(
        'DELETE FROM environment_roles WHERE cluster_id = $1 AND namespace = $2 AND role_name = ANY($3)',
        [cluster.id, namespace, unique],
      );
    });
  }

  async list(
    scope: Scope,
    req: DescribeRocketMQEnvironmentRolesRequest,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<DescribeRocketMQEnvironmentRolesResponse> {
    const cluster = await this.clusters.require(scope, req.ClusterId);
    if (req.EnvironmentId !== undefined) await this.requireNamespace(cluster.id, req.EnvironmentId);
    const values: unknown[] = [cluster.id];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = ['e.cluster_id = $1'];
    if (req.EnvironmentId !== undefined) where.push(`e.namespace = ${param(req.EnvironmentId)}`);
    if (req.RoleName) where.push(`e.role_name ILIKE ${param(likeContains(req.RoleName))}`);
    const exact = roleNameFilter(req.Filters);
    if (exact) where.push(`e.role_name = ANY(${param(exact)})`);
    const filter = where.join(' AND ');
    const select = (paging: string) =>
      this.sql.rows<{
        namespace: string;
        role: string;
        permissions: string[];
        remark: string;
        detailed: StoredPerm[];
        created: string;
        updated: string;
      }>(
        `SELECT e.namespace, e.role_name AS role, e.permissions, r.remark, e.detailed_perms AS detailed,
           ${roleTimeSql('e.created_at')} AS created, ${roleTimeSql('e.updated_at')} AS updated
         FROM environment_roles e JOIN roles r ON r.cluster_id = e.cluster_id AND r.name = e.role_name
         WHERE ${filter} ORDER BY e.created_at DESC, e.namespace, e.role_name${paging}`,
        values,
      );
    let total: number;
    let rows: Awaited<ReturnType<typeof select>>;
    if (visibility.kind === 'all') {
      [{ total }] = await this.sql.rows<{ total: number }>(
        `SELECT count(*)::int AS total FROM environment_roles e WHERE ${filter}`,
        [...values],
      );
      rows =
        req.Limit === 0 || req.Offset >= total
          ? []
          : await select(` LIMIT ${param(req.Limit)} OFFSET ${param(req.Offset)}`);
    } else {
      // Bounded by roles × namespaces of one cluster: filter them all, then page.
      ({ total, page: rows } = await visiblePage(
        visibility,
        () => select(''),
        (b) => [cluster.id, b.namespace, b.role],
        req.Offset,
        req.Limit,
      ));
    }
    return {
      TotalCount: total,
      EnvironmentRoleSets: rows.map((r) => ({
        EnvironmentId: r.namespace,
        RoleName: r.role,
        Permissions: r.permissions,
        RoleDescribe: r.remark,
        CreateTime: r.created,
        UpdateTime: r.updated,
        DetailedPerms: r.detailed,
      })),
    };
  }

  /**
   * The request's rules checked against the database: the namespace and role exist, the
   * permissions are distinct, and DetailedPerms (TopicAndGroup roles only) name existing
   * topics and groups, once each.
   */
  private async checked(
    clusterId: string,
    req: CreateRocketMQEnvironmentRoleRequest,
  ): Promise<StoredPerm[]> {
    if (new Set(req.Permissions).size !== req.Permissions.length)
      throw invalid('Permissions lists a permission twice.');
    await this.requireNamespace(clusterId, req.EnvironmentId);
    const [role] = await this.sql.rows<{ permType: string }>(
      'SELECT perm_type AS "permType" FROM roles WHERE cluster_id = $1 AND name = $2',
      [clusterId, req.RoleName],
    );
    if (!role) throw notFound('Role', req.RoleName);
    const detailed = req.DetailedPerms ?? [];
    if (detailed.length && role.permType !== 'TopicAndGroup') {
      throw invalid(
        `DetailedPerms apply to roles of PermType TopicAndGroup; ${req.RoleName} is ${role.permType}.`,
      );
    }
    const seen = new Set<string>();
    for (const p of detailed) {
      const key = `${p.ResourceType}/${p.ResourceType === 'Cluster' ? '' : p.Resource}`;
      if (seen.has(key))
        throw invalid(`DetailedPerms lists ${p.ResourceType} ${p.Resource} twice.`);
      seen.add(key);
    }
    await this.requireResources(clusterId, req.EnvironmentId, detailed);
    return detailed.map((p) => ({
      Resource: p.ResourceType === 'Cluster' ? '' : p.Resource,
      ResourceType: p.ResourceType,
      PermWrite: p.PermWrite,
      PermRead: p.PermRead,
      Remark: p.Remark ?? null,
    }));
  }

  private async requireResources(
    clusterId: string,
    namespace: string,
    perms: DetailedRolePerm[],
  ): Promise<void> {
    for (const [type, table] of [
      ['Topic', 'topics'],
      ['Group', 'groups'],
    ] as const) {
      const names = perms.filter((p) => p.ResourceType === type).map((p) => p.Resource);
      if (!names.length) continue;
      const found = await this.sql.rows<{ name: string }>(
        `SELECT name FROM ${table} WHERE cluster_id = $1 AND namespace = $2 AND name = ANY($3)`,
        [clusterId, namespace, names],
      );
      const missing = names.find((n) => !found.some((f) => f.name === n));
      if (missing) throw notFound(type, `${missing} in namespace ${namespace}`);
    }
  }

  private async requireNamespace(clusterId: string, namespace: string): Promise<void> {
    const [row] = await this.sql.rows<{ one: number }>(
      'SELECT 1 AS one FROM namespaces WHERE cluster_id = $1 AND name = $2',
      [clusterId, namespace],
    );
    if (!row) throw notFound('Environment', namespace);
  }
}
