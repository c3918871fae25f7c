import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiError } from '../gateway/api-error.js';
import { qcsResource, type CamResourceRef, type CamResourceType } from '../gateway/cam-resource.js';
import type { Scope } from '../gateway/request-context.js';
import { ResourceTagEntity } from './resource-tag.entity.js';
import { MAX_TAGS_PER_RESOURCE, RESERVED_TAG_KEY_PREFIXES, type TagInput } from './tag.dto.js';

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
    ref: CamResourceRef,
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

  async removeAll(em: EntityManager, scope: Scope, ref: CamResourceRef): Promise<void> {
    await em
      .getRepository(ResourceTagEntity)
      .delete({ resource: qcsResource('tdmq', scope.region, scope.ownerUin, ref) });
  }

  /**
   * SQL conditions restricting a query to resources carrying every tag in `matches`.
   * `idExpr` is the SQL expression of the resource id (e.g. `c.id`) in a row that also has
   * `owner_uin` and `region` under `alias`; `param` binds a value and returns its placeholder.
   */
  taggedConditions(
    alias: string,
    idExpr: string,
    type: CamResourceType,
    matches: TagMatch[],
    param: (v: unknown) => string,
  ): string[] {
    return matches.map((m) => {
      const values = m.values.length ? ` AND t.tag_value = ANY(${param(m.values)})` : '';
      return (
        `EXISTS (SELECT 1 FROM resource_tags t WHERE t.owner_uin = ${alias}.owner_uin AND t.service = 'tdmq' ` +
        `AND t.region = ${alias}.region AND t.resource_type = '${type}' AND t.resource_id = ${idExpr} AND t.tag_key = ${param(m.key)}${values})`
      );
    });
  }
}
