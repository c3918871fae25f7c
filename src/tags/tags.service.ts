import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiError } from '../gateway/api-error.js';
import { qcsResource, type ResourceRef, type CamResourceType } from '../gateway/cam-resource.js';
import type { Scope } from '../gateway/request-context.js';
import { ResourceTagEntity } from './resource-tag.entity.js';
import { SqlReader } from '../database/sql-reader.js';
import {
  MAX_TAGS_PER_RESOURCE,
  RESERVED_TAG_KEY_PREFIXES,
  type TagInput,
  type TagOutput,
} from './tag.dto.js';

/** A tag filter: the resource carries `key` with one of `values` (any value when empty). */
export interface TagMatch {
  key: string;
  values: string[];
}

/**
 * Tags on tdmq resources, stored against the resource's six-segment name. Writes take the
 * caller's EntityManager so a resource and its tags commit (or roll back) together.
 */
@Injectable()
export class TagsService {
  constructor(private readonly sql: SqlReader) {}

  /** Rules the field validators cannot see: count, reserved prefixes, duplicate keys. */
  checkTagList(tags: TagInput[], field = 'TagList'): void {
    if (tags.length > MAX_TAGS_PER_RESOURCE) {
      throw new ApiError(
        'InvalidParameterValue',
        `\`${field}\` may hold at most ${MAX_TAGS_PER_RESOURCE} tags per resource.`,
      );
    }
    const seen = new Set<string>();
    for (const tag of tags) {
      const lower = tag.TagKey.toLowerCase();
      if (RESERVED_TAG_KEY_PREFIXES.some((p) => lower.startsWith(p))) {
        throw new ApiError(
          'InvalidParameterValue',
          `The tag key "${tag.TagKey}" is reserved: keys may not start with ${RESERVED_TAG_KEY_PREFIXES.join(', ')}.`,
        );
      }
      if (seen.has(tag.TagKey))
        throw new ApiError(
          'InvalidParameterValue',
          `The tag key "${tag.TagKey}" appears twice in \`${field}\`.`,
        );
      seen.add(tag.TagKey);
    }
  }

  async addTags(
    em: EntityManager,
    scope: Scope,
    ref: ResourceRef,
    tags: TagInput[],
  ): Promise<void> {
    if (!tags.length) return;
    const resource = qcsResource('tdmq', scope.region, scope.ownerUin, ref);
    await em.getRepository(ResourceTagEntity).insert(
      tags.map((t) => ({
        resource,
        tagKey: t.TagKey,
        tagValue: t.TagValue,
        ownerUin: scope.ownerUin,
        service: 'tdmq',
        region: scope.region,
        resourceType: ref.type,
        resourceId: ref.path.join('/'),
      })),
    );
  }

  async removeAll(em: EntityManager, scope: Scope, ref: ResourceRef): Promise<void> {
    await em
      .getRepository(ResourceTagEntity)
      .delete({ resource: qcsResource('tdmq', scope.region, scope.ownerUin, ref) });
  }

  /**
   * SQL conditions restricting a query to resources carrying every tag in `matches` (the
   * subquery's alias is `rt`: do not use it in the outer query).
   * `idExpr` is the SQL expression of the resource id path (e.g. `c.id`, or
   * `t.cluster_id || '/' || t.namespace || '/' || t.name`); `param` binds a value.
   */
  taggedConditions(
    scope: Scope,
    idExpr: string,
    type: CamResourceType,
    matches: TagMatch[],
    param: (v: unknown) => string,
  ): string[] {
    if (!matches.length) return [];
    const owner = param(scope.ownerUin);
    const region = param(scope.region);
    return matches.map((m) => {
      const values = m.values.length ? ` AND rt.tag_value = ANY(${param(m.values)})` : '';
      return (
        `EXISTS (SELECT 1 FROM resource_tags rt WHERE rt.owner_uin = ${owner} AND rt.service = 'tdmq' AND rt.region = ${region} ` +
        `AND rt.resource_type = '${type}' AND rt.resource_id = ${idExpr} AND rt.tag_key = ${param(m.key)}${values})`
      );
    });
  }

  /** The tags of several resources of one type, keyed by their id path (`a/b/c`). */
  async tagsOf(
    scope: Scope,
    type: CamResourceType,
    paths: string[][],
  ): Promise<Map<string, TagOutput[]>> {
    const out = new Map<string, TagOutput[]>(paths.map((p) => [p.join('/'), []]));
    if (!paths.length) return out;
    const resources = paths.map((path) =>
      qcsResource('tdmq', scope.region, scope.ownerUin, { type, path }),
    );
    const rows = await this.sql.rows<{ id: string; TagKey: string; TagValue: string }>(
      'SELECT resource_id AS id, tag_key AS "TagKey", tag_value AS "TagValue" FROM resource_tags WHERE resource = ANY($1) ORDER BY tag_key',
      [resources],
    );
    for (const r of rows) out.get(r.id)?.push({ TagKey: r.TagKey, TagValue: r.TagValue });
    return out;
  }
}
