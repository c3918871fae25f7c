import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../crypto/secret-box.js';
import {
  pgFailure,
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from '../../database/pg-errors.js';
import { SqlReader } from '../../database/sql-reader.js';
import { ApiError, notFound } from '../../gateway/api-error.js';
import { SEE_ALL, visiblePage, type ListVisibility } from '../../gateway/list-visibility.js';
import type { Scope } from '../../gateway/request-context.js';
import { ClustersService } from '../clusters/clusters.service.js';
import type { FilterInput } from '../common/filter.dto.js';
import { likeContains } from '../common/paging.js';
import type {
  CreateRocketMQRoleRequest,
  CreateRocketMQRoleResponse,
  DescribeRocketMQRolesRequest,
  DescribeRocketMQRolesResponse,
  ModifyRocketMQRoleRequest,
  ModifyRocketMQRoleResponse,
  RotateRocketMQRoleTokenResponse,
} from './dto/role.dto.js';
import { roleTimeSql } from './role-time.js';
import { RoleTokens } from './role-tokens.js';

const invalid = (message: string) => new ApiError('InvalidParameterValue.InvalidParams', message);
const roleNotFound = (name: string) => notFound('Role', name);

/** The names in `Filters` entries named RoleName (the only filter these lists take). */
export function roleNameFilter(filters: FilterInput[] | undefined): string[] | undefined {
  if (!filters?.length) return undefined;
  const names: string[] = [];
  for (const f of filters) {
    if (f.Name !== 'RoleName')
      throw invalid(`Unsupported filter "${f.Name ?? ''}": only RoleName is supported.`);
    names.push(...(f.Values ?? []));
  }
  return names;
}

@Injectable()
export class RolesService {
  constructor(
    private readonly clusters: ClustersService,
    private readonly tokens: RoleTokens,
    private readonly box: SecretBox,
    private readonly sql: SqlReader,
    private readonly dataSource: DataSource,
  ) {}

  async create(scope: Scope, req: CreateRocketMQRoleRequest): Promise<CreateRocketMQRoleResponse> {
    const cluster = await this.clusters.get(scope, req.ClusterId);
    if (
      req.RoleGenerateMode === 'AUTO' &&
      (req.AccessKey !== undefined || req.SecretKey !== undefined)
    ) {
      throw invalid('AccessKey and SecretKey are given only with RoleGenerateMode MANUAL.');
    }
    if (req.RoleGenerateMode === 'MANUAL' && req.AccessKey === undefined) {
      throw new ApiError(
        'MissingParameter.NeedMoreParams',
        'RoleGenerateMode MANUAL needs an AccessKey.',
      );
    }
    const token = req.AccessKey ?? this.tokens.issue(cluster.id, req.RoleName);
    try {
      await this.dataSource.query(
        `INSERT INTO roles (cluster_id, name, remark, perm_type, token_hash, token_sealed, secret_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          cluster.id,
          req.RoleName,
          req.Remark ?? '',
          req.PermType,
          this.tokens.hash(token),
          this.box.seal(token),
          req.SecretKey ? this.box.seal(req.SecretKey) : null,
        ],
      );
    } catch (e) {
      const f = pgFailure(e);
      if (f?.code === PG_UNIQUE_VIOLATION && f.constraint === 'roles_pkey') {
        throw new ApiError(
          'ResourceInUse.Role',
          `Role ${req.RoleName} already exists in cluster ${cluster.id}.`,
        );
      }
      if (f?.code === PG_UNIQUE_VIOLATION && f.constraint === 'roles_token_hash_unique')
        throw invalid('This AccessKey is already in use.');
      if (f?.code === PG_CHECK_VIOLATION && f.constraint === 'clusters_role_quota') {
        throw new ApiError(
          'LimitExceeded',
          `Cluster ${cluster.id} may hold at most ${cluster.maxRoles} roles.`,
        );
      }
      if (f?.code === PG_FOREIGN_KEY_VIOLATION) throw notFound('Cluster', cluster.id);
      throw e;
    }
    return { RoleName: req.RoleName, Token: token, Remark: req.Remark ?? '' };
  }

  async list(
    scope: Scope,
    req: DescribeRocketMQRolesRequest,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<DescribeRocketMQRolesResponse> {
    const cluster = await this.clusters.require(scope, req.ClusterId);
    const values: unknown[] = [cluster.id];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = ['r.cluster_id = $1'];
    if (req.RoleName) where.push(`r.name ILIKE ${param(likeContains(req.RoleName))}`);
    const exact = roleNameFilter(req.Filters);
    if (exact) where.push(`r.name = ANY(${param(exact)})`);
    const filter = where.join(' AND ');
    const select = (paging: string) =>
      this.sql.rows<{
        name: string;
        remark: string;
        permType: string;
        tokenSealed: string;
        created: string;
        updated: string;
      }>(
        `SELECT r.name, r.remark, r.perm_type AS "permType", r.token_sealed AS "tokenSealed", ${roleTimeSql('r.created_at')} AS created,
           ${roleTimeSql('r.updated_at')} AS updated FROM roles r WHERE ${filter} ORDER BY r.created_at DESC, r.name${paging}`,
        values,
      );
    let total: number;
    let rows: Awaited<ReturnType<typeof select>>;
    if (visibility.kind === 'all') {
      [{ total }] = await this.sql.rows<{ total: number }>(
        `SELECT count(*)::int AS total FROM roles r WHERE ${filter}`,
        [...values],
      );
      rows =
        req.Limit === 0 || req.Offset >= total
          ? []
          : await select(` LIMIT ${param(req.Limit)} OFFSET ${param(req.Offset)}`);
    } else {
      // A cluster holds a bounded number of roles (its MaxRoleNum): filter them all, then page.
      ({ total, page: rows } = await visiblePage(
        visibility,
        () => select(''),
        (r) => [cluster.id, r.name],
        req.Offset,
        req.Limit,
      ));
    }
    return {
      TotalCount: total,
      RoleSets: rows.map((r) => ({
        RoleName: r.name,
        Token: this.box.open(r.tokenSealed),
        Remark: r.remark,
        CreateTime: r.created,
        UpdateTime: r.updated,
        PermType: r.permType,
        TokenType: 'Permanent',
        SecretName: null,
        RotateFreq: null,
      })),
    };
  }

  async modify(scope: Scope, req: ModifyRocketMQRoleRequest): Promise<ModifyRocketMQRoleResponse> {
    const cluster = await this.clusters.require(scope, req.ClusterId);
    const [row] = await this.sql.returning<{ remark: string }>(
      `UPDATE roles SET remark = coalesce($3, remark), perm_type = coalesce($4, perm_type), updated_at = now()
       WHERE cluster_id = $1 AND name = $2 RETURNING remark`,
      [cluster.id, req.RoleName, req.Remark ?? null, req.PermType ?? null],
    );
    if (!row) throw roleNotFound(req.RoleName);
    return { RoleName: req.RoleName, Remark: row.remark };
  }

  /** All or none: a missing role or a role still bound to a namespace stops the whole call. */
  async delete(scope: Scope, clusterId: string, names: string[]): Promise<{ RoleNames: string[] }> {
    const cluster = await this.clusters.require(scope, clusterId);
    const unique = [...new Set(names)];
    try {
      await this.dataSource.transaction(async (em) => {
        const found: Array<{ name: string }> = await em.query(
          'SELECT name FROM roles WHERE cluster_id = $1 AND name = ANY($2) FOR UPDATE',
          [cluster.id, unique],
        );
        const missing = unique.find((n) => !found.some((r) => r.name === n));
        if (missing) throw roleNotFound(missing);
        const bound: Array<{ role: string; namespace: string }> = await em.query(
          'SELECT role_name AS role, namespace FROM environment_roles WHERE cluster_id = $1 AND role_name = ANY($2) ORDER BY role_name, namespace LIMIT 1',
          [cluster.id, unique],
        );
        if (bound.length) {
          throw new ApiError(
            'ResourceInUse.EnvironmentRole',
            `Role ${bound[0].role} still has permissions in namespace ${bound[0].namespace}: delete them first.`,
          );
        }
        await em.query('DELETE FROM roles WHERE cluster_id = $1 AND name = ANY($2)', [
          cluster.id,
          unique,
        ]);
      });
    } catch (e) {
      const f = pgFailure(e);
      if (f?.code === PG_FOREIGN_KEY_VIOLATION && f.constraint === 'environment_roles_role_fkey') {
        throw new ApiError(
          'ResourceInUse.EnvironmentRole',
          'A role was granted permissions while being deleted: delete them first.',
        );
      }
      throw e;
    }
    return { RoleNames: unique };
  }

  /** A new token; the previous one stops working at once (the ACL caches hear of it through Postgres). */
  async rotate(
    scope: Scope,
    clusterId: string,
    name: string,
  ): Promise<RotateRocketMQRoleTokenResponse> {
    const cluster = await this.clusters.require(scope, clusterId);
    const token = this.tokens.issue(cluster.id, name);
    const rows = await this.sql.returning<{ name: string }>(
      `UPDATE roles SET token_hash = $3, token_hash_keyed = true, token_sealed = $4, token_issued_at = now(), updated_at = now() WHERE cluster_id = $1 AND name = $2 RETURNING name`,
      [cluster.id, name, this.tokens.hash(token), this.box.seal(token)],
    );
    if (!rows.length) throw roleNotFound(name);
    return { RoleName: name, Token: token };
  }
}
