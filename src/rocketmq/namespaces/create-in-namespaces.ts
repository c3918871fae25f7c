import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  pgFailure,
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from '../../database/pg-errors.js';
import { ApiError } from '../../gateway/api-error.js';
import type { NamespacesService } from './namespaces.service.js';

/** What differs between resources created in several namespaces at once (topics, groups). */
export interface NamespacedResource<T> {
  /** `Topic` or `Group`: in messages and in `ResourceInUse.<kind>`. */
  kind: 'Topic' | 'Group';
  entity: EntityTarget<T>;
  table: string;
  /** The cluster's quota constraint and the quota, for LimitExceeded. */
  quotaConstraint: string;
  quota: number;
}

/**
 * Creates one row per namespace in a single statement, so the resource exists in all of them
 * or in none, and turns the database's verdicts into API errors: a taken name
 * (ResourceInUse.<kind>, naming the namespace), the cluster quota (LimitExceeded) and a
 * namespace deleted meanwhile (ResourceNotFound.Namespace).
 */
export async function createInNamespaces<T extends ObjectLiteral>(
  dataSource: DataSource,
  namespaces: NamespacesService,
  r: NamespacedResource<T>,
  clusterId: string,
  name: string,
  names: string[],
  row: (namespace: string) => T,
): Promise<void> {
  try {
    await dataSource.transaction(async (em) => {
      await namespaces.requireAll(clusterId, names, 'Namespaces', em);
      await em.insert(r.entity, names.map(row));
    });
  } catch (e) {
    const f = pgFailure(e);
    if (f?.code === PG_UNIQUE_VIOLATION && f.constraint === `${r.table}_pkey`) {
      const taken =
        /\(cluster_id, namespace, name\)=\([^,]+, ([^,]+),/.exec(f.detail ?? '')?.[1] ?? names[0];
      throw new ApiError(
        `ResourceInUse.${r.kind}`,
        `${r.kind} ${name} already exists in namespace ${taken}.`,
      );
    }
    if (f?.code === PG_CHECK_VIOLATION && f.constraint === r.quotaConstraint) {
      throw new ApiError(
        'LimitExceeded',
        `Cluster ${clusterId} may hold at most ${r.quota} ${r.table}.`,
      );
    }
    if (f?.code === PG_FOREIGN_KEY_VIOLATION && f.constraint === `${r.table}_namespace_fkey`) {
      throw new ApiError(
        'ResourceNotFound.Namespace',
        `A namespace of ${names.join(', ')} no longer exists.`,
      );
    }
    throw e;
  }
}
