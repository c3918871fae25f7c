import { ApiError } from '../gateway/api-error.js';
import type { CamResourceType } from '../gateway/cam-resource.js';
import {
  MAX_TAGS_PER_RESOURCE,
  RESERVED_TAG_KEY_PREFIXES,
  TAG_KEY_PATTERN,
  TAG_VALUE_PATTERN,
} from './tag.dto.js';

/**
 * The tag service's rules (product-spec.md §8) with the error codes Tencent documents for the
 * tag API (tencentcloud-sdk-go `tag/v20180813/errors.go` and the per-action lists in
 * `client.go`). Pure functions: the service calls them before touching the database.
 */

export const TAG_KEY_MAX_LENGTH = 255;
export const TAG_VALUE_MAX_LENGTH = 127;
/** product-spec.md §8: a batch call names at most 20 resources. */
export const MAX_RESOURCES_PER_REQUEST = 20;
/** A request can set at most what one resource may carry. */
export const MAX_TAGS_PER_REQUEST = MAX_TAGS_PER_RESOURCE;
/** GetResources / DescribeResourcesByTags: at most 6 tag filters, 10 values each (SDK text). */
export const MAX_TAG_FILTERS = 6;
export const MAX_TAG_FILTER_VALUES = 10;
/** DescribeResourceTagsByResourceIds: at most 50 resource IDs (SDK text). */
export const MAX_RESOURCE_IDS = 50;
/** CreateTag: tag keys per account and values per key (the documented LimitExceeded.TagKey/TagValue quotas). */
export const MAX_TAG_KEYS_PER_ACCOUNT = 1000;
export const MAX_TAG_VALUES_PER_KEY = 1000;

/** The tdmq resource types that carry tags, with the number of segments of their id path. */
export const TAGGABLE_TYPES: Readonly<Partial<Record<CamResourceType, number>>> = {
  cluster: 1,
  namespace: 2,
  topic: 3,
  group: 3,
};
export const TAGGABLE_PREFIXES = Object.keys(TAGGABLE_TYPES) as CamResourceType[];
export const TAG_SERVICE_TYPE = 'tdmq';

/** Length in characters (code points), as Postgres' varchar counts it. */
const charLength = (s: string) => [...s].length;

export function checkTagKey(key: string, field = 'TagKey'): void {
  if (key.length === 0)
    throw new ApiError('InvalidParameterValue.TagKeyEmpty', `\`${field}\` may not be empty.`);
  if (charLength(key) > TAG_KEY_MAX_LENGTH)
    throw new ApiError(
      'InvalidParameterValue.TagKeyLengthExceeded',
      `\`${field}\` may be at most ${TAG_KEY_MAX_LENGTH} characters long.`,
    );
  if (!TAG_KEY_PATTERN.test(key))
    throw new ApiError(
      'InvalidParameterValue.TagKeyCharacterIllegal',
      `\`${field}\` "${key}" may only contain letters, digits and "+ = . @ -".`,
    );
  const lower = key.toLowerCase();
  if (RESERVED_TAG_KEY_PREFIXES.some((p) => lower.startsWith(p)))
    throw new ApiError(
      'InvalidParameterValue.ReservedTagKey',
      `The tag key "${key}" is reserved: keys may not start with ${RESERVED_TAG_KEY_PREFIXES.join(', ')} (in any case).`,
    );
}

export function checkTagValue(value: string, field = 'TagValue'): void {
  if (charLength(value) > TAG_VALUE_MAX_LENGTH)
    throw new ApiError(
      'InvalidParameterValue.TagValueLengthExceeded',
      `\`${field}\` may be at most ${TAG_VALUE_MAX_LENGTH} characters long.`,
    );
  if (!TAG_VALUE_PATTERN.test(value))
    throw new ApiError(
      'InvalidParameterValue.TagValueCharacterIllegal',
      `\`${field}\` "${value}" may only contain letters, digits and "+ = . @ -" (or be empty).`,
    );
}

/** A key used to search: it must be a possible key (not empty, not too long); anything else simply matches nothing. */
export function checkSearchKey(key: string, field: string): void {
  if (key.length === 0)
    throw new ApiError('InvalidParameterValue.TagKeyEmpty', `\`${field}\` may not be empty.`);
  if (charLength(key) > TAG_KEY_MAX_LENGTH)
    throw new ApiError(
      'InvalidParameterValue.TagKeyLengthExceeded',
      `\`${field}\` may be at most ${TAG_KEY_MAX_LENGTH} characters long.`,
    );
}

/** Tags to set: count, each key and value, no key twice. */
export function checkTagsToSet(
  tags: ReadonlyArray<{ TagKey: string; TagValue: string; Category?: string }>,
  field: string,
): void {
  if (tags.length > MAX_TAGS_PER_REQUEST)
    throw new ApiError(
      'LimitExceeded.TagNumPerRequest',
      `\`${field}\` may hold at most ${MAX_TAGS_PER_REQUEST} tags (the most a resource can carry).`,
    );
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    checkTagKey(t.TagKey, `${field}.${i}.TagKey`);
    checkTagValue(t.TagValue, `${field}.${i}.TagValue`);
    if (t.Category === 'System')
      throw new ApiError(
        'InvalidParameter.Tag',
        `\`${field}.${i}.Category\`: system tags are managed by the platform and cannot be set.`,
      );
    if (seen.has(t.TagKey))
      throw new ApiError(
        'InvalidParameterValue.TagKeyDuplicate',
        `The tag key "${t.TagKey}" appears twice in \`${field}\`.`,
      );
    seen.add(t.TagKey);
  });
}

/** Tag keys to remove: count, each key, no key twice. */
export function checkTagKeysToRemove(keys: readonly string[], field: string): void {
  if (keys.length > MAX_TAGS_PER_REQUEST)
    throw new ApiError(
      'LimitExceeded.TagNumPerRequest',
      `\`${field}\` may hold at most ${MAX_TAGS_PER_REQUEST} tag keys.`,
    );
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    checkTagKey(k, `${field}.${i}`);
    if (seen.has(k))
      throw new ApiError(
        'InvalidParameterValue.TagKeyDuplicate',
        `The tag key "${k}" appears twice in \`${field}\`.`,
      );
    seen.add(k);
  });
}

export function checkResourceCount(count: number, field: string): void {
  if (count > MAX_RESOURCES_PER_REQUEST)
    throw new ApiError(
      'LimitExceeded.ResourceNumPerRequest',
      `\`${field}\` may name at most ${MAX_RESOURCES_PER_REQUEST} resources per request.`,
    );
}

export interface TagFilterLike {
  TagKey: string;
  TagValue?: string[];
}

export function checkTagFilters(filters: readonly TagFilterLike[], field: string): void {
  if (filters.length > MAX_TAG_FILTERS)
    throw new ApiError(
      'InvalidParameterValue.TagFiltersLengthExceeded',
      `\`${field}\` may hold at most ${MAX_TAG_FILTERS} filters.`,
    );
  filters.forEach((f, i) => {
    checkSearchKey(f.TagKey, `${field}.${i}.TagKey`);
    if ((f.TagValue?.length ?? 0) > MAX_TAG_FILTER_VALUES)
      throw new ApiError(
        'InvalidParameterValue.TagFiltersLengthExceeded',
        `\`${field}.${i}.TagValue\` may hold at most ${MAX_TAG_FILTER_VALUES} values.`,
      );
  });
}

/** A six-segment resource name, `qcs::<service>:<region>:uin/<uin>:<prefix>/<id path>`. */
export interface ParsedResource {
  /** The canonical string (what resource_tags stores). */
  resource: string;
  service: string;
  region: string;
  uin: string;
  prefix: string;
  /** The id path below the prefix, e.g. `rocketmq-abc/prod/orders`. */
  id: string;
  path: string[];
}

const SERVICE_SEGMENT = /^[a-z][a-z0-9_-]*$/i;
const REGION_SEGMENT = /^[a-z0-9-]*$/;
const ACCOUNT_SEGMENT = /^uin\/(\d{1,20})$/;
const PREFIX_SEGMENT = /^[A-Za-z][A-Za-z0-9_-]*$/;
const MAX_RESOURCE_LENGTH = 512;

/** Parses a six-segment resource name; anything malformed is InvalidParameterValue.ResourceDescriptionError. */
export function parseResource(text: string, field: string): ParsedResource {
  const fail = (why: string) =>
    new ApiError(
      'InvalidParameterValue.ResourceDescriptionError',
      `\`${field}\` "${text.length > 100 ? `${text.slice(0, 100)}…` : text}" is not a six-segment resource name ` +
        `(qcs::<service>:<region>:uin/<account>:<prefix>/<id>): ${why}.`,
    );
  if (text.length > MAX_RESOURCE_LENGTH)
    throw fail(`longer than ${MAX_RESOURCE_LENGTH} characters`);
  const parts = text.split(':');
  if (parts.length !== 6) throw fail(`it has ${parts.length} segments`);
  const [qcs, project, service, region, account, rest] = parts;
  if (qcs !== 'qcs') throw fail('it must start with "qcs:"');
  if (project !== '') throw fail('the project segment must be empty');
  if (!SERVICE_SEGMENT.test(service)) throw fail('the service segment is invalid');
  if (!REGION_SEGMENT.test(region)) throw fail('the region segment is invalid');
  const uin = ACCOUNT_SEGMENT.exec(account)?.[1];
  if (!uin) throw fail('the account segment must be uin/<account id>');
  const slash = rest.indexOf('/');
  if (slash <= 0) throw fail('the resource segment must be <prefix>/<id>');
  const prefix = rest.slice(0, slash);
  const id = rest.slice(slash + 1);
  if (!PREFIX_SEGMENT.test(prefix)) throw fail('the resource prefix is invalid');
  const path = id.split('/');
  if (path.some((p) => p.length === 0)) throw fail('the resource id is empty or has an empty part');
  return { resource: text, service, region, uin, prefix, id, path };
}

/** Why a well-formed resource cannot carry tags for this caller, or undefined when it may. */
export function unreachableReason(r: ParsedResource, ownerUin: string): string | undefined {
  if (r.service !== TAG_SERVICE_TYPE)
    return `Resource ${r.resource} does not exist: this deployment manages tdmq resources only.`;
  if (r.uin !== ownerUin) return `Resource ${r.resource} does not exist in this account.`;
  const arity = TAGGABLE_TYPES[r.prefix as CamResourceType];
  if (arity === undefined)
    return `Resource ${r.resource} cannot carry tags: taggable tdmq resources are ${TAGGABLE_PREFIXES.join(', ')}.`;
  if (r.path.length !== arity || !r.region) return `Resource ${r.resource} does not exist.`;
  return undefined;
}

/**
 * Opaque page tokens: the keyset position after the last item of a page, bound to the action
 * that issued it. Anything else is InvalidParameter.PaginationTokenInvalid.
 */
export function encodePageToken(action: string, after: string[]): string {
  return Buffer.from(JSON.stringify({ a: action, k: after }), 'utf8').toString('base64url');
}

export function decodePageToken(
  action: string,
  token: string | undefined,
  arity: number,
): string[] | undefined {
  if (token === undefined || token === '') return undefined;
  const fail = () =>
    new ApiError(
      'InvalidParameter.PaginationTokenInvalid',
      'PaginationToken is not a token this action returned: pass the PaginationToken of the previous page, or none for the first page.',
    );
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw fail();
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  const p = parsed as { a?: unknown; k?: unknown };
  if (
    !p ||
    p.a !== action ||
    !Array.isArray(p.k) ||
    p.k.length !== arity ||
    !p.k.every((x) => typeof x === 'string')
  )
    throw fail();
  return p.k as string[];
}
