import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { ReadCache } from '../database/read-cache.js';
import { SqlReader } from '../database/sql-reader.js';
import { ApiError } from '../gateway/api-error.js';
import { SEE_ALL, type ListVisibility } from '../gateway/list-visibility.js';
import type { Caller } from '../gateway/request-context.js';
import type {
  AddResourceTagRequest,
  CreateTagRequest,
  DeleteResourceTagRequest,
  DeleteTagRequest,
  DescribeResourcesByTagsRequest,
  DescribeResourcesByTagsResponse,
  DescribeResourceTagsByResourceIdsRequest,
  DescribeResourceTagsByResourceIdsResponse,
  GetResourcesRequest,
  GetResourcesResponse,
  GetTagKeysRequest,
  GetTagKeysResponse,
  GetTagsRequest,
  GetTagsResponse,
  GetTagValuesRequest,
  GetTagValuesResponse,
  ModifyResourceTagsRequest,
  TagApiFailedResource,
  TagApiTagFilter,
  TagApiTagOutput,
  TagResourcesRequest,
  TagResourcesResponse,
  UnTagResourcesRequest,
  UnTagResourcesResponse,
} from './dto/tag-api.dto.js';
import { MAX_TAGS_PER_RESOURCE } from './tag.dto.js';
import {
  checkResourceCount,
  checkSearchKey,
  checkTagFilters,
  checkTagKey,
  checkTagKeysToRemove,
  checkTagsToSet,
  checkTagValue,
  decodePageToken,
  encodePageToken,
  MAX_RESOURCE_IDS,
  MAX_TAG_KEYS_PER_ACCOUNT,
  MAX_TAG_VALUES_PER_KEY,
  parseResource,
  TAG_SERVICE_TYPE,
  TAGGABLE_TYPES,
  unreachableReason,
  type ParsedResource,
} from './tag-rules.js';

/** Advisory-lock class of the tag service (two-key form: cannot collide with one-key locks elsewhere). */
const TAG_LOCK_CLASS = 7430;
const CUSTOM = 'Custom';

interface Pair {
  key: string;
  value: string;
}

type Existence = 'exists' | 'missing' | 'system';

const failure = (Resource: string, Code: string, Message: string): TagApiFailedResource => ({
  Resource,
  Code,
  Message,
});

const tagOut = (key: string, value: string): TagApiTagOutput => ({
  TagKey: key,
  TagValue: value,
  Category: CUSTOM,
});

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

/** The rows of a DELETE/UPDATE … RETURNING through TypeORM (`[rows, count]`). */
const affected = (result: unknown): number => (result as [unknown[], number])[1];

function offsetMultiple(offset: number, limit: number): void {
  if (offset % limit !== 0)
    throw new ApiError(
      'InvalidParameterValue.OffsetInvalid',
      `Offset must be a multiple of Limit (${limit}).`,
    );
}

/**
 * The tag API (2018-08-13) over tdmq resources: tags live in `resource_tags` against the
 * resource's six-segment name; tags created without a resource (CreateTag) live in the
 * account's `tag_catalog`. Every call works within the caller's owner account; the region of
 * a resource is the one in its name.
 *
 * Writes that attach tags serialize per resource (a transaction-scoped advisory lock on the
 * resource name) before counting, so parallel calls never take a resource past 50 tags, and
 * hold a KEY SHARE lock on the resource's row, so a concurrent delete of the resource waits
 * for the tags to commit and then removes them (no orphan tags).
 */
@Injectable()
export class TagApiService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: SqlReader,
    private readonly cache: ReadCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Attaching and detaching

  async tagResources(caller: Caller, req: TagResourcesRequest): Promise<TagResourcesResponse> {
    checkResourceCount(req.ResourceList.length, 'ResourceList');
    checkTagsToSet(req.Tags, 'Tags');
    const { targets, failed } = this.resolve(caller, req.ResourceList, 'ResourceList');
    const pairs = req.Tags.map((t) => ({ key: t.TagKey, value: t.TagValue }));
    const changed: ParsedResource[] = [];
    await this.dataSource.transaction(async (em) => {
      for (const t of targets) {
        const state = await this.lockForTagging(em, t);
        if (state !== 'exists') {
          failed.push(this.unavailable(t, state));
          continue;
        }
        const after = await this.countAfter(
          em,
          t,
          pairs.map((p) => p.key),
          [],
        );
        if (after > MAX_TAGS_PER_RESOURCE) {
          failed.push(
            failure(t.resource, 'LimitExceeded.ResourceAttachedTags', this.limitMessage(t, after)),
          );
          continue;
        }
        await this.upsert(em, caller, t, pairs);
        changed.push(t);
      }
    });
    this.invalidate(caller, changed);
    return { FailedResources: failed };
  }

  async unTagResources(
    caller: Caller,
    req: UnTagResourcesRequest,
  ): Promise<UnTagResourcesResponse> {
    checkResourceCount(req.ResourceList.length, 'ResourceList');
    checkTagKeysToRemove(req.TagKeys, 'TagKeys');
    const { targets, failed } = this.resolve(caller, req.ResourceList, 'ResourceList');
    const changed: ParsedResource[] = [];
    await this.dataSource.transaction(async (em) => {
      for (const t of targets) {
        const state = await this.existence(em, t);
        if (state !== 'exists') {
          failed.push(this.unavailable(t, state));
          continue;
        }
        const result = await em.query(
          'DELETE FROM resource_tags WHERE resource = $1 AND tag_key = ANY($2)',
          [t.resource, req.TagKeys],
        );
        if (affected(result)) changed.push(t);
      }
    });
    this.invalidate(caller, changed);
    return { FailedResources: failed };
  }

  async addResourceTag(caller: Caller, req: AddResourceTagRequest): Promise<void> {
    checkTagKey(req.TagKey);
    checkTagValue(req.TagValue);
    const t = this.resolveOne(caller, req.Resource);
    let changed = false;
    await this.dataSource.transaction(async (em) => {
      this.throwIfUnavailable(t, await this.lockForTagging(em, t));
      const [current] = (await em.query(
        'SELECT tag_value AS value FROM resource_tags WHERE resource = $1 AND tag_key = $2',
        [t.resource, req.TagKey],
      )) as Array<{ value: string }>;
      if (current) {
        if (current.value === req.TagValue) return;
        throw new ApiError(
          'ResourceInUse.TagKeyAttached',
          `${t.resource} already carries the tag key "${req.TagKey}" (value "${current.value}"): use ModifyResourceTags or TagResources to change its value.`,
        );
      }
      const after = await this.countAfter(em, t, [req.TagKey], []);
      if (after > MAX_TAGS_PER_RESOURCE)
        throw new ApiError('LimitExceeded.ResourceAttachedTags', this.limitMessage(t, after));
      await this.upsert(em, caller, t, [{ key: req.TagKey, value: req.TagValue }]);
      changed = true;
    });
    if (changed) this.invalidate(caller, [t]);
  }

  async deleteResourceTag(caller: Caller, req: DeleteResourceTagRequest): Promise<void> {
    checkTagKey(req.TagKey);
    const t = this.resolveOne(caller, req.Resource);
    await this.dataSource.transaction(async (em) => {
      this.throwIfUnavailable(t, await this.existence(em, t));
      const result = await em.query(
        'DELETE FROM resource_tags WHERE resource = $1 AND tag_key = $2',
        [t.resource, req.TagKey],
      );
      if (!affected(result))
        throw new ApiError(
          'ResourceNotFound.AttachedTagKeyNotFound',
          `${t.resource} does not carry the tag key "${req.TagKey}".`,
        );
    });
    this.invalidate(caller, [t]);
  }

  async modifyResourceTags(caller: Caller, req: ModifyResourceTagsRequest): Promise<void> {
    const replace = req.ReplaceTags ?? [];
    const remove = (req.DeleteTags ?? []).map((d) => d.TagKey);
    if (!replace.length && !remove.length)
      throw new ApiError(
        'MissingParameter',
        'The request must give ReplaceTags or DeleteTags (or both).',
      );
    checkTagsToSet(replace, 'ReplaceTags');
    checkTagKeysToRemove(remove, 'DeleteTags');
    const shared = replace.find((r) => remove.includes(r.TagKey));
    if (shared)
      throw new ApiError(
        'InvalidParameterValue.DeleteTagsParamError',
        `The tag key "${shared.TagKey}" is in both ReplaceTags and DeleteTags.`,
      );
    const t = this.resolveOne(caller, req.Resource);
    await this.dataSource.transaction(async (em) => {
      this.throwIfUnavailable(t, await this.lockForTagging(em, t));
      const after = await this.countAfter(
        em,
        t,
        replace.map((r) => r.TagKey),
        remove,
      );
      if (after > MAX_TAGS_PER_RESOURCE)
        throw new ApiError('LimitExceeded.ResourceAttachedTags', this.limitMessage(t, after));
      if (remove.length)
        await em.query('DELETE FROM resource_tags WHERE resource = $1 AND tag_key = ANY($2)', [
          t.resource,
          remove,
        ]);
      await this.upsert(
        em,
        caller,
        t,
        replace.map((r) => ({ key: r.TagKey, value: r.TagValue })),
      );
    });
    this.invalidate(caller, [t]);
  }

  // -------------------------------------------------------------------------------------------
  // The account's tag catalog

  async createTag(caller: Caller, req: CreateTagRequest): Promise<void> {
    checkTagKey(req.TagKey);
    checkTagValue(req.TagValue);
    const owner = caller.ownerUin;
    await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        TAG_LOCK_CLASS,
        `catalog:${owner}`,
      ]);
      const [state] = (await em.query(
        `SELECT
           EXISTS (SELECT 1 FROM tag_catalog WHERE owner_uin = $1 AND tag_key = $2 AND tag_value = $3)
             OR EXISTS (SELECT 1 FROM resource_tags WHERE owner_uin = $1 AND tag_key = $2 AND tag_value = $3) AS "exists",
           EXISTS (SELECT 1 FROM tag_catalog WHERE owner_uin = $1 AND tag_key = $2)
             OR EXISTS (SELECT 1 FROM resource_tags WHERE owner_uin = $1 AND tag_key = $2) AS "keyExists",
           (SELECT count(*)::int FROM (SELECT tag_key FROM tag_catalog WHERE owner_uin = $1
              UNION SELECT tag_key FROM resource_tags WHERE owner_uin = $1) k) AS "keys",
           (SELECT count(*)::int FROM (SELECT tag_value FROM tag_catalog WHERE owner_uin = $1 AND tag_key = $2
              UNION SELECT tag_value FROM resource_tags WHERE owner_uin = $1 AND tag_key = $2) v) AS "values"`,
        [owner, req.TagKey, req.TagValue],
      )) as Array<{ exists: boolean; keyExists: boolean; keys: number; values: number }>;
      if (state.exists)
        throw new ApiError(
          'ResourceInUse.TagDuplicate',
          `The tag "${req.TagKey}" = "${req.TagValue}" already exists.`,
        );
      if (!state.keyExists && state.keys >= MAX_TAG_KEYS_PER_ACCOUNT)
        throw new ApiError(
          'LimitExceeded.TagKey',
          `An account may hold at most ${MAX_TAG_KEYS_PER_ACCOUNT} tag keys.`,
        );
      if (state.values >= MAX_TAG_VALUES_PER_KEY)
        throw new ApiError(
          'LimitExceeded.TagValue',
          `A tag key may have at most ${MAX_TAG_VALUES_PER_KEY} values.`,
        );
      await em.query(
        'INSERT INTO tag_catalog (owner_uin, tag_key, tag_value, create_uin) VALUES ($1, $2, $3, $4)',
        [owner, req.TagKey, req.TagValue, caller.uin],
      );
    });
  }

  async deleteTag(caller: Caller, req: DeleteTagRequest): Promise<void> {
    checkTagKey(req.TagKey);
    checkTagValue(req.TagValue);
    const owner = caller.ownerUin;
    await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        TAG_LOCK_CLASS,
        `catalog:${owner}`,
      ]);
      const [attached] = (await em.query(
        'SELECT resource FROM resource_tags WHERE owner_uin = $1 AND tag_key = $2 AND tag_value = $3 LIMIT 1',
        [owner, req.TagKey, req.TagValue],
      )) as Array<{ resource: string }>;
      if (attached)
        throw new ApiError(
          'FailedOperation.TagAttachedResource',
          `The tag "${req.TagKey}" = "${req.TagValue}" is attached to resources (e.g. ${attached.resource}): detach it first.`,
        );
      const result = await em.query(
        'DELETE FROM tag_catalog WHERE owner_uin = $1 AND tag_key = $2 AND tag_value = $3',
        [owner, req.TagKey, req.TagValue],
      );
      if (!affected(result))
        throw new ApiError(
          'ResourceNotFound.TagNonExist',
          `The tag "${req.TagKey}" = "${req.TagValue}" does not exist.`,
        );
    });
  }

  async getTagKeys(caller: Caller, req: GetTagKeysRequest): Promise<GetTagKeysResponse> {
    const after = decodePageToken('GetTagKeys', req.PaginationToken, 1);
    if (req.Category === 'System') return { PaginationToken: '', TagKeys: [] };
    const rows = await this.sql.rows<{ key: string }>(
      `SELECT tag_key AS key FROM (
         SELECT tag_key FROM tag_catalog WHERE owner_uin = $1 AND ($2::varchar IS NULL OR tag_key > $2)
         UNION
         SELECT tag_key FROM resource_tags WHERE owner_uin = $1 AND ($2::varchar IS NULL OR tag_key > $2)
       ) k ORDER BY tag_key LIMIT $3`,
      [caller.ownerUin, after?.[0] ?? null, req.MaxResults + 1],
    );
    const page = rows.slice(0, req.MaxResults);
    return {
      PaginationToken:
        rows.length > req.MaxResults
          ? encodePageToken('GetTagKeys', [page[page.length - 1].key])
          : '',
      TagKeys: page.map((r) => r.key),
    };
  }

  getTagValues(caller: Caller, req: GetTagValuesRequest): Promise<GetTagValuesResponse> {
    req.TagKeys.forEach((k, i) => checkSearchKey(k, `TagKeys.${i}`));
    return this.listTags(caller, 'GetTagValues', req.TagKeys, req);
  }

  getTags(caller: Caller, req: GetTagsRequest): Promise<GetTagsResponse> {
    req.TagKeys?.forEach((k, i) => checkSearchKey(k, `TagKeys.${i}`));
    return this.listTags(caller, 'GetTags', req.TagKeys, req);
  }

  /** Catalog ∪ attached tags, by key then value, keyset-paged. */
  private async listTags(
    caller: Caller,
    action: string,
    keys: string[] | undefined,
    req: { PaginationToken?: string; MaxResults: number; Category?: string },
  ): Promise<{ PaginationToken: string; Tags: TagApiTagOutput[] }> {
    const after = decodePageToken(action, req.PaginationToken, 2);
    if (req.Category === 'System') return { PaginationToken: '', Tags: [] };
    const cond =
      '($2::varchar[] IS NULL OR tag_key = ANY($2)) AND ($3::varchar IS NULL OR (tag_key, tag_value) > ($3, $4::varchar))';
    const rows = await this.sql.rows<{ key: string; value: string }>(
      `SELECT tag_key AS key, tag_value AS value FROM (
         SELECT tag_key, tag_value FROM tag_catalog WHERE owner_uin = $1 AND ${cond}
         UNION
         SELECT tag_key, tag_value FROM resource_tags WHERE owner_uin = $1 AND ${cond}
       ) t ORDER BY tag_key, tag_value LIMIT $5`,
      [caller.ownerUin, keys ?? null, after?.[0] ?? null, after?.[1] ?? null, req.MaxResults + 1],
    );
    const page = rows.slice(0, req.MaxResults);
    const last = page[page.length - 1];
    return {
      PaginationToken:
        rows.length > req.MaxResults ? encodePageToken(action, [last.key, last.value]) : '',
      Tags: page.map((r) => tagOut(r.key, r.value)),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Finding resources by tags

  async getResources(
    caller: Caller,
    req: GetResourcesRequest,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<GetResourcesResponse> {
    const filters = req.TagFilters ?? [];
    checkTagFilters(filters, 'TagFilters');
    let list: string[] | undefined;
    if (req.ResourceList) {
      checkResourceCount(req.ResourceList.length, 'ResourceList');
      list = req.ResourceList.map((r, i) => parseResource(r, `ResourceList.${i}`).resource);
    }
    // With ResourceList every match is returned at once: paging does not apply.
    const after = list ? undefined : decodePageToken('GetResources', req.PaginationToken, 1);
    const values: unknown[] = [caller.ownerUin];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = ['r.owner_uin = $1', ...this.filterConditions(filters, 'r', param)];
    if (list) where.push(`r.resource = ANY(${param(list)})`);
    if (after) where.push(`r.resource > ${param(after[0])}`);
    // A caller who may see only some resources (CAM) gets the page of those it may see.
    const limit = list || visibility.kind !== 'all' ? '' : ` LIMIT ${param(req.MaxResults + 1)}`;
    const rows =
      visibility.kind === 'none'
        ? []
        : await visibility.filterResources(
            await this.sql.rows<{ resource: string }>(
              `SELECT r.resource FROM resource_tags r WHERE ${where.join(' AND ')} GROUP BY r.resource ORDER BY r.resource${limit}`,
              values,
            ),
            (r) => r.resource,
          );
    const page = list ? rows : rows.slice(0, req.MaxResults);
    const tags = await this.tagsOfResources(page.map((r) => r.resource));
    return {
      PaginationToken:
        !list && rows.length > req.MaxResults
          ? encodePageToken('GetResources', [page[page.length - 1].resource])
          : '',
      ResourceTagMappingList: page.map((r) => ({
        Resource: r.resource,
        Tags: tags.get(r.resource) ?? [],
      })),
    };
  }

  async describeResourcesByTags(
    caller: Caller,
    req: DescribeResourcesByTagsRequest,
    visibility: ListVisibility = SEE_ALL,
  ): Promise<DescribeResourcesByTagsResponse> {
    if (!req.TagFilters.length)
      throw new ApiError(
        'InvalidParameterValue.TagFilters',
        '`TagFilters` needs at least one filter.',
      );
    checkTagFilters(req.TagFilters, 'TagFilters');
    offsetMultiple(req.Offset, req.Limit);
    const values: unknown[] = [caller.ownerUin];
    const param = (v: unknown) => `$${values.push(v)}`;
    const creator = req.CreateUin !== undefined ? String(req.CreateUin) : undefined;
    // Driven by the first filter: a resource has at most one row per key, so no grouping.
    const [first, ...rest] = req.TagFilters;
    const where = [
      'r.owner_uin = $1',
      ...this.matchConditions(first, 'r', param, creator),
      ...this.filterConditions(rest, 'r', param, creator),
    ];
    if (req.ServiceType !== undefined) where.push(`r.service = ${param(req.ServiceType)}`);
    if (req.ResourcePrefix !== undefined)
      where.push(`r.resource_type = ${param(req.ResourcePrefix)}`);
    if (req.ResourceId !== undefined) where.push(`r.resource_id = ${param(req.ResourceId)}`);
    if (req.ResourceRegion !== undefined) where.push(`r.region = ${param(req.ResourceRegion)}`);
    const filter = where.join(' AND ');
    const select = (paging: string) =>
      this.sql.rows<{
        resource: string;
        region: string;
        service: string;
        type: string;
        id: string;
      }>(
        `SELECT r.resource, r.region, r.service, r.resource_type AS type, r.resource_id AS id FROM resource_tags r ` +
          `WHERE ${filter} ORDER BY r.resource${paging}`,
        values,
      );
    let total: number;
    let rows: Awaited<ReturnType<typeof select>>;
    if (visibility.kind === 'all') {
      [{ total }] = await this.sql.rows<{ total: number }>(
        `SELECT count(*)::int AS total FROM resource_tags r WHERE ${filter}`,
        [...values],
      );
      rows =
        req.Offset >= total
          ? []
          : await select(` LIMIT ${param(req.Limit)} OFFSET ${param(req.Offset)}`);
    } else {
      // The caller may see only some resources (CAM): filter every match, then page.
      const visible =
        visibility.kind === 'none'
          ? []
          : await visibility.filterResources(await select(''), (r) => r.resource);
      total = visible.length;
      rows = visible.slice(req.Offset, req.Offset + req.Limit);
    }
    const tags = await this.tagsOfResources(rows.map((r) => r.resource));
    return {
      TotalCount: total,
      Offset: req.Offset,
      Limit: req.Limit,
      Rows: rows.map((r) => ({
        ResourceRegion: r.region,
        ServiceType: r.service,
        ResourcePrefix: r.type,
        ResourceId: r.id,
        Tags: tags.get(r.resource) ?? [],
      })),
    };
  }

  async describeResourceTagsByResourceIds(
    caller: Caller,
    req: DescribeResourceTagsByResourceIdsRequest,
  ): Promise<DescribeResourceTagsByResourceIdsResponse> {
    if (req.ServiceType !== TAG_SERVICE_TYPE)
      throw new ApiError(
        'InvalidParameterValue.ServiceTypeInvalid',
        `ServiceType must be ${TAG_SERVICE_TYPE}: this deployment manages tdmq resources only.`,
      );
    const arity = TAGGABLE_TYPES[req.ResourcePrefix as keyof typeof TAGGABLE_TYPES];
    if (arity === undefined)
      throw new ApiError(
        'InvalidParameterValue.ResourcePrefixInvalid',
        `ResourcePrefix must be one of ${Object.keys(TAGGABLE_TYPES).join(', ')}.`,
      );
    if (req.ResourceIds.length > MAX_RESOURCE_IDS)
      throw new ApiError(
        'LimitExceeded.ResourceNumPerRequest',
        `\`ResourceIds\` may name at most ${MAX_RESOURCE_IDS} resources.`,
      );
    req.ResourceIds.forEach((id, i) => {
      const path = id.split('/');
      if (path.length !== arity || path.some((p) => !p))
        throw new ApiError(
          'InvalidParameterValue.ResourceIdInvalid',
          `\`ResourceIds.${i}\` "${id}" is not a ${req.ResourcePrefix} ID (${arity} part(s) separated by "/").`,
        );
    });
    if (!this.config.regions.known.includes(req.ResourceRegion))
      throw new ApiError(
        'InvalidParameterValue.RegionInvalid',
        `ResourceRegion "${req.ResourceRegion}" is not a region of this deployment (tdmq resources are regional).`,
      );
    offsetMultiple(req.Offset, req.Limit);
    if (req.Category === 'System')
      return { TotalCount: 0, Offset: req.Offset, Limit: req.Limit, Tags: [] };
    const resources = req.ResourceIds.map(
      (id) =>
        `qcs::${TAG_SERVICE_TYPE}:${req.ResourceRegion}:uin/${caller.ownerUin}:${req.ResourcePrefix}/${id}`,
    );
    const [{ total }] = await this.sql.rows<{ total: number }>(
      'SELECT count(*)::int AS total FROM resource_tags WHERE resource = ANY($1)',
      [resources],
    );
    const rows =
      req.Offset >= total
        ? []
        : await this.sql.rows<{ id: string; service: string; key: string; value: string }>(
            `SELECT resource_id AS id, service, tag_key AS key, tag_value AS value FROM resource_tags
             WHERE resource = ANY($1) ORDER BY resource_id, tag_key LIMIT $2 OFFSET $3`,
            [resources, req.Limit, req.Offset],
          );
    return {
      TotalCount: total,
      Offset: req.Offset,
      Limit: req.Limit,
      Tags: rows.map((r) => ({
        TagKey: r.key,
        TagValue: r.value,
        ResourceId: r.id,
        TagKeyMd5: md5(r.key),
        TagValueMd5: md5(r.value),
        ServiceType: r.service,
        Category: CUSTOM,
      })),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /**
   * Parses a batch's resource names (a malformed one fails the whole call), drops repeats,
   * and separates the ones the caller cannot reach (reported in FailedResources). Targets are
   * sorted so concurrent batches take their per-resource locks in the same order.
   */
  private resolve(
    caller: Caller,
    names: string[],
    field: string,
  ): { targets: ParsedResource[]; failed: TagApiFailedResource[] } {
    const parsed = names.map((n, i) => parseResource(n, `${field}.${i}`));
    const unique = [...new Map(parsed.map((p) => [p.resource, p])).values()];
    const targets: ParsedResource[] = [];
    const failed: TagApiFailedResource[] = [];
    for (const p of unique) {
      const reason = unreachableReason(p, caller.ownerUin);
      if (reason) failed.push(failure(p.resource, 'ResourceNotFound', reason));
      else targets.push(p);
    }
    targets.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
    return { targets, failed };
  }

  private resolveOne(caller: Caller, name: string): ParsedResource {
    const p = parseResource(name, 'Resource');
    const reason = unreachableReason(p, caller.ownerUin);
    if (reason) throw new ApiError('ResourceNotFound', reason);
    return p;
  }

  private unavailable(t: ParsedResource, state: Existence): TagApiFailedResource {
    return state === 'system'
      ? failure(t.resource, 'UnsupportedOperation', this.systemMessage(t))
      : failure(t.resource, 'ResourceNotFound', `Resource ${t.resource} does not exist.`);
  }

  private throwIfUnavailable(t: ParsedResource, state: Existence): void {
    if (state === 'system') throw new ApiError('UnsupportedOperation', this.systemMessage(t));
    if (state === 'missing')
      throw new ApiError('ResourceNotFound', `Resource ${t.resource} does not exist.`);
  }

  private systemMessage(t: ParsedResource): string {
    return `${t.resource} is a Retry or DeadLetter topic managed by its group: it cannot carry tags.`;
  }

  private limitMessage(t: ParsedResource, after: number): string {
    return `${t.resource} would carry ${after} tags: a resource may carry at most ${MAX_TAGS_PER_RESOURCE}.`;
  }

  /** Serializes tag writes on the resource, then checks (and KEY SHARE-locks) that it exists. */
  private async lockForTagging(em: EntityManager, t: ParsedResource): Promise<Existence> {
    await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TAG_LOCK_CLASS, t.resource]);
    return this.existence(em, t);
  }

  /** Whether the resource exists in the caller's account and its region (locking its row against deletion). */
  private async existence(em: EntityManager, t: ParsedResource): Promise<Existence> {
    const [clusterId, namespace, name] = t.path;
    const scope = [t.uin, t.region];
    let rows: Array<{ systemGroup?: string | null }>;
    switch (t.prefix) {
      case 'cluster':
        rows = await em.query(
          'SELECT 1 FROM clusters c WHERE c.id = $1 AND c.owner_uin = $2 AND c.region = $3 FOR KEY SHARE',
          [clusterId, ...scope],
        );
        break;
      case 'namespace':
        rows = await em.query(
          `SELECT 1 FROM namespaces n JOIN clusters c ON c.id = n.cluster_id
           WHERE n.cluster_id = $1 AND n.name = $2 AND c.owner_uin = $3 AND c.region = $4 FOR KEY SHARE OF n`,
          [clusterId, namespace, ...scope],
        );
        break;
      case 'topic':
        rows = await em.query(
          `SELECT t.system_group AS "systemGroup" FROM topics t JOIN clusters c ON c.id = t.cluster_id
           WHERE t.cluster_id = $1 AND t.namespace = $2 AND t.name = $3 AND c.owner_uin = $4 AND c.region = $5 FOR KEY SHARE OF t`,
          [clusterId, namespace, name, ...scope],
        );
        break;
      case 'group':
        rows = await em.query(
          `SELECT 1 FROM groups g JOIN clusters c ON c.id = g.cluster_id
           WHERE g.cluster_id = $1 AND g.namespace = $2 AND g.name = $3 AND c.owner_uin = $4 AND c.region = $5 FOR KEY SHARE OF g`,
          [clusterId, namespace, name, ...scope],
        );
        break;
      default:
        return 'missing';
    }
    if (!rows.length) return 'missing';
    return rows[0].systemGroup ? 'system' : 'exists';
  }

  /** How many tags the resource carries once `setting` keys are set and `removing` keys removed. */
  private async countAfter(
    em: EntityManager,
    t: ParsedResource,
    setting: string[],
    removing: string[],
  ): Promise<number> {
    const [{ n }] = (await em.query(
      'SELECT count(*)::int AS n FROM resource_tags WHERE resource = $1 AND NOT (tag_key = ANY($2))',
      [t.resource, [...setting, ...removing]],
    )) as Array<{ n: number }>;
    return n + setting.length;
  }

  /** Attaches tags; a key the resource carries takes the new value. */
  private async upsert(
    em: EntityManager,
    caller: Caller,
    t: ParsedResource,
    pairs: Pair[],
  ): Promise<void> {
    if (!pairs.length) return;
    await em.query(
      `INSERT INTO resource_tags (resource, tag_key, tag_value, owner_uin, service, region, resource_type, resource_id, create_uin)
       SELECT $1, x.k, x.v, $4, $5, $6, $7, $8, $9 FROM unnest($2::varchar[], $3::varchar[]) AS x(k, v)
       ON CONFLICT (resource, tag_key) DO UPDATE SET tag_value = EXCLUDED.tag_value
       WHERE resource_tags.tag_value IS DISTINCT FROM EXCLUDED.tag_value`,
      [
        t.resource,
        pairs.map((p) => p.key),
        pairs.map((p) => p.value),
        t.uin,
        t.service,
        t.region,
        t.prefix,
        t.id,
        caller.uin,
      ],
    );
  }

  /** SQL conditions: the row's resource carries every filter (see matchConditions). */
  private filterConditions(
    filters: TagApiTagFilter[],
    alias: string,
    param: (v: unknown) => string,
    creator?: string,
  ): string[] {
    return filters.map(
      (f, i) =>
        `EXISTS (SELECT 1 FROM resource_tags f${i} WHERE f${i}.resource = ${alias}.resource AND ` +
        `${this.matchConditions(f, `f${i}`, param, creator).join(' AND ')})`,
    );
  }

  /** SQL conditions on one resource_tags row: this key, one of the values (if any), attached by `creator` (if given). */
  private matchConditions(
    f: TagApiTagFilter,
    alias: string,
    param: (v: unknown) => string,
    creator?: string,
  ): string[] {
    const out = [`${alias}.tag_key = ${param(f.TagKey)}`];
    if (f.TagValue?.length) out.push(`${alias}.tag_value = ANY(${param(f.TagValue)})`);
    if (creator !== undefined)
      out.push(`coalesce(${alias}.create_uin, ${alias}.owner_uin) = ${param(creator)}`);
    return out;
  }

  private async tagsOfResources(resources: string[]): Promise<Map<string, TagApiTagOutput[]>> {
    const out = new Map<string, TagApiTagOutput[]>(resources.map((r) => [r, []]));
    if (!resources.length) return out;
    const rows = await this.sql.rows<{ resource: string; key: string; value: string }>(
      'SELECT resource, tag_key AS key, tag_value AS value FROM resource_tags WHERE resource = ANY($1) ORDER BY resource, tag_key',
      [resources],
    );
    for (const r of rows) out.get(r.resource)?.push(tagOut(r.key, r.value));
    return out;
  }

  /** This process's cached lists of every scope whose tags changed read the change at once. */
  private invalidate(caller: Caller, changed: ParsedResource[]): void {
    for (const region of new Set(changed.map((t) => t.region)))
      this.cache.invalidate({ ownerUin: caller.ownerUin, region });
  }
}
