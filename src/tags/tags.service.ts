import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
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
      throw new ApiError('InvalidParameterValue', `\`${field}\` may hold at most ${MAX_TAGS_PER_RESOURCE} tags per resource.`);
    }
    const seen = new Set<string>();
    for (const tag of tags) {
      const lower = tag.TagKey.toLowerCase();
      if (RESERVED_TAG_KEY_PREFIXES.some((p) => lower.startsWith(p))) {
        throw new ApiError('InvalidParameterValue', `The tag key "${tag.TagKey}" is reserved: keys may not start with ${RESERVED_TAG_KEY_PREFIXES.join(', ')}.`);
      }
      if (seen.has(tag.TagKey)) throw new ApiError('InvalidParameterValue', `The tag key "${tag.TagKey}" appears twice in \`${field}\`.`);
      seen.add(tag.TagKey);
    }
  }

  async addTags(em: EntityManager, scope: Scope, ref: CamResourceRef, tags: TagInput[]): Promise<void> {
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
    await em.getRepository(ResourceTagEntity).delete({ resource: qcsResource('tdmq', scope.region, scope.ownerUin, ref) });
  }

  /**
   * Restricts `qb` to resources carrying every tag in `matches`. `idExpr` is the SQL
   * expression of the resource id in `qb` (e.g. `c.id`).
   */
  whereTagged<T extends object>(qb: SelectQueryBuilder<T>, scope: Scope, type: CamResourceType, idExpr: string, matches: TagMatch[]): void {
    matches.forEach((m, i) => {
      const values = m.values.length ? ` AND t${i}.tag_value IN (:...tagValues${i})` : '';
      qb.andWhere(
        `EXISTS (SELECT 1 FROM resource_tags t${i} WHERE t${i}.owner_uin = :tagOwner AND t${i}.service = 'tdmq' AND t${i}.region = :tagRegion AND t${i}.resource_type = :tagType AND t${i}.resource_id = ${idExpr} AND t${i}.tag_key = :tagKey${i}${values})`,
        { tagOwner: scope.ownerUin, tagRegion: scope.region, tagType: type, [`tagKey${i}`]: m.key, ...(m.values.length ? { [`tagValues${i}`]: m.values } : {}) },
      );
    });
  }
}
