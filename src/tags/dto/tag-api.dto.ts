import {
  IntField,
  ObjectArrayField,
  Out,
  StringArrayField,
  StringField,
} from '../../gateway/fields.js';

/**
 * Request and response models of the tag API (2018-08-13), field for field the SDK's
 * (test/contracts/tag-api.json). Nested types carry a `TagApi` prefix so their schema names
 * cannot collide with other services' (CAM has its own `Tag`).
 *
 * Key and value rules are checked by the service (tag-rules.ts), not by the field
 * declarations, so that each fault gets the code Tencent documents for it
 * (InvalidParameterValue.TagKeyCharacterIllegal, …) rather than a generic one.
 */

export const TAG_CATEGORIES = ['Custom', 'System', 'All'] as const;

const KEY_RULES =
  'letters, digits and `+ = . @ -`, 1-255 characters; keys starting with qcloud, tencent or project (any case) are reserved';
const VALUE_RULES = 'empty, or letters, digits and `+ = . @ -`, up to 127 characters';
const RESOURCE_DOC =
  'six-segment resource name `qcs::tdmq:<region>:uin/<account>:<prefix>/<id>`; prefix cluster (`cluster/<clusterId>`), ' +
  'namespace (`namespace/<clusterId>/<namespace>`), topic (`topic/<clusterId>/<namespace>/<topic>`) or group (`group/<clusterId>/<namespace>/<group>`)';
const EXAMPLE_RESOURCE = 'qcs::tdmq:ap-guangzhou:uin/100000000001:cluster/rocketmq-abcd12345678';

const category = (what: string) =>
  StringField({
    description: `Tag category: Custom, System or All (default All). ${what}`,
    example: 'All',
    optional: true,
    enum: TAG_CATEGORIES,
  });

const paginationToken = () =>
  StringField({
    description:
      'The PaginationToken of the previous page; omit (or empty) for the first page. Opaque: tokens of another action are refused (InvalidParameter.PaginationTokenInvalid).',
    example: '',
    optional: true,
    maxLength: 4096,
  });

const maxResults = (max: number) =>
  IntField({
    description: `Items per page, 1-${max} (default 50).`,
    example: 50,
    optional: true,
    default: 50,
    min: 1,
    max,
  });

// ---------------------------------------------------------------------------------------------
// Nested request types

/** `Tag {TagKey, TagValue, Category}` as the request side takes it. */
export class TagApiTag {
  @StringField({ description: `Tag key: ${KEY_RULES}.`, example: 'env' })
  TagKey!: string;

  @StringField({ description: `Tag value: ${VALUE_RULES}.`, example: 'prod' })
  TagValue!: string;

  @StringField({
    description: 'Tag category: only Custom tags can be set (System is refused, All is ignored).',
    example: 'Custom',
    optional: true,
    enum: TAG_CATEGORIES,
  })
  Category?: string;
}

/** `TagFilter {TagKey, TagValue[]}`: the resource carries the key with one of the values (any value when none). */
export class TagApiTagFilter {
  @StringField({ description: 'Tag key to match.', example: 'env' })
  TagKey!: string;

  @StringArrayField({
    description: 'Accepted values, any of them (at most 10); omitted or empty: any value.',
    example: ['prod', 'staging'],
    optional: true,
  })
  TagValue?: string[];
}

/** `TagKeyObject {TagKey}` */
export class TagApiTagKeyObject {
  @StringField({ description: 'Tag key.', example: 'env' })
  TagKey!: string;
}

// ---------------------------------------------------------------------------------------------
// Nested response types

export class TagApiTagOutput {
  @Out({ description: 'Tag key', example: 'env' })
  TagKey!: string;

  @Out({ description: 'Tag value', example: 'prod' })
  TagValue!: string;

  @Out({
    description: 'Tag category: Custom (user tags; this deployment has no system tags)',
    example: 'Custom',
  })
  Category!: string;
}

export class TagApiFailedResource {
  @Out({
    description: 'The six-segment name of the resource that was not changed',
    example: EXAMPLE_RESOURCE,
  })
  Resource!: string;

  @Out({
    description:
      'Why: ResourceNotFound (missing, another account, another service, or not a taggable type), ' +
      'LimitExceeded.ResourceAttachedTags (more than 50 tags), UnsupportedOperation (a system-managed topic)',
    example: 'ResourceNotFound',
  })
  Code!: string;

  @Out({ description: 'Explanation', example: 'Resource … does not exist.' })
  Message!: string;
}

export class TagApiResourceTagMapping {
  @Out({ description: 'Six-segment resource name', example: EXAMPLE_RESOURCE })
  Resource!: string;

  @Out({ description: 'All tags of the resource, by key', type: () => [TagApiTagOutput] })
  Tags!: TagApiTagOutput[];
}

export class TagApiResourceTag {
  @Out({ description: 'Region of the resource', example: 'ap-guangzhou' })
  ResourceRegion!: string;

  @Out({ description: 'Service (third segment of the resource name)', example: 'tdmq' })
  ServiceType!: string;

  @Out({ description: 'Resource prefix: cluster, namespace, topic or group', example: 'cluster' })
  ResourcePrefix!: string;

  @Out({ description: 'Resource ID: the path after the prefix', example: 'rocketmq-abcd12345678' })
  ResourceId!: string;

  @Out({ description: 'All tags of the resource, by key', type: () => [TagApiTagOutput] })
  Tags!: TagApiTagOutput[];
}

export class TagApiTagResource {
  @Out({ description: 'Tag key', example: 'env' })
  TagKey!: string;

  @Out({ description: 'Tag value', example: 'prod' })
  TagValue!: string;

  @Out({ description: 'Resource ID: the path after the prefix', example: 'rocketmq-abcd12345678' })
  ResourceId!: string;

  @Out({ description: 'MD5 (hex) of the tag key', example: 'a9a1e6a0f5d4d4e5f8b2b6b9c7c4b5d1' })
  TagKeyMd5!: string;

  @Out({ description: 'MD5 (hex) of the tag value', example: 'd2a3b4c5e6f708192a3b4c5d6e7f8091' })
  TagValueMd5!: string;

  @Out({ description: 'Service of the resource', example: 'tdmq' })
  ServiceType!: string;

  @Out({ description: 'Tag category: Custom', example: 'Custom' })
  Category!: string;
}

// ---------------------------------------------------------------------------------------------
// Actions

export class TagResourcesRequest {
  @StringArrayField({
    description: `Resources to tag (1-20), each a ${RESOURCE_DOC}.`,
    example: [EXAMPLE_RESOURCE],
    minItems: 1,
  })
  ResourceList!: string[];

  @ObjectArrayField(() => TagApiTag, {
    description:
      'Tags to attach (1-50). A key the resource already carries gets the new value; a resource may carry at most 50 tags.',
    example: [{ TagKey: 'env', TagValue: 'prod' }],
    minItems: 1,
  })
  Tags!: TagApiTag[];
}

export class TagResourcesResponse {
  @Out({
    description:
      'Resources that were not tagged, with the reason; empty when every resource was tagged.',
    type: () => [TagApiFailedResource],
  })
  FailedResources!: TagApiFailedResource[];
}

export class UnTagResourcesRequest {
  @StringArrayField({
    description: `Resources to untag (1-20), each a ${RESOURCE_DOC}.`,
    example: [EXAMPLE_RESOURCE],
    minItems: 1,
  })
  ResourceList!: string[];

  @StringArrayField({
    description: 'Tag keys to detach (1-50); keys a resource does not carry are ignored.',
    example: ['env'],
    minItems: 1,
  })
  TagKeys!: string[];
}

export class UnTagResourcesResponse {
  @Out({
    description:
      'Resources that were not untagged, with the reason; empty when every resource was untagged.',
    type: () => [TagApiFailedResource],
  })
  FailedResources!: TagApiFailedResource[];
}

export class GetResourcesRequest {
  @StringArrayField({
    description:
      'Only these resources (at most 20, six-segment names); then every match is returned at once and MaxResults does not apply.',
    example: [EXAMPLE_RESOURCE],
    optional: true,
  })
  ResourceList?: string[];

  @ObjectArrayField(() => TagApiTagFilter, {
    description:
      'Only resources carrying every filter’s key (with one of its values, if any): at most 6 filters of at most 10 values.',
    example: [{ TagKey: 'env', TagValue: ['prod'] }],
    optional: true,
  })
  TagFilters?: TagApiTagFilter[];

  @paginationToken()
  PaginationToken?: string;

  @maxResults(200)
  MaxResults = 50;
}

export class GetResourcesResponse {
  @Out({ description: 'Token of the next page; empty on the last page', example: '' })
  PaginationToken!: string;

  @Out({
    description:
      'Tagged resources of the account (all regions), by resource name, with all their tags',
    type: () => [TagApiResourceTagMapping],
  })
  ResourceTagMappingList!: TagApiResourceTagMapping[];
}

export class GetTagKeysRequest {
  @paginationToken()
  PaginationToken?: string;

  @maxResults(1000)
  MaxResults = 50;

  @category('System lists nothing: every tag here is a Custom tag.')
  Category?: string;
}

export class GetTagKeysResponse {
  @Out({ description: 'Token of the next page; empty on the last page', example: '' })
  PaginationToken!: string;

  @Out({
    description:
      'Tag keys of the account (created with CreateTag or attached to a resource), sorted',
    type: [String],
    example: ['env', 'owner'],
  })
  TagKeys!: string[];
}

export class GetTagValuesRequest {
  @StringArrayField({
    description: 'Tag keys whose values to list (1-20).',
    example: ['env'],
    minItems: 1,
    maxItems: 20,
  })
  TagKeys!: string[];

  @paginationToken()
  PaginationToken?: string;

  @maxResults(1000)
  MaxResults = 50;

  @category('System lists nothing: every tag here is a Custom tag.')
  Category?: string;
}

export class GetTagValuesResponse {
  @Out({ description: 'Token of the next page; empty on the last page', example: '' })
  PaginationToken!: string;

  @Out({ description: 'Tags (key and value) of those keys, sorted', type: () => [TagApiTagOutput] })
  Tags!: TagApiTagOutput[];
}

export class GetTagsRequest {
  @paginationToken()
  PaginationToken?: string;

  @maxResults(1000)
  MaxResults = 50;

  @StringArrayField({
    description: 'Only tags with these keys (at most 20); omitted: every tag.',
    example: ['env'],
    optional: true,
    maxItems: 20,
  })
  TagKeys?: string[];

  @category('System lists nothing: every tag here is a Custom tag.')
  Category?: string;
}

export class GetTagsResponse {
  @Out({ description: 'Token of the next page; empty on the last page', example: '' })
  PaginationToken!: string;

  @Out({
    description:
      'Tags of the account (created with CreateTag or attached to a resource), sorted by key and value',
    type: () => [TagApiTagOutput],
  })
  Tags!: TagApiTagOutput[];
}

export class CreateTagRequest {
  @StringField({ description: `Tag key: ${KEY_RULES}.`, example: 'env' })
  TagKey!: string;

  @StringField({ description: `Tag value: ${VALUE_RULES}.`, example: 'prod' })
  TagValue!: string;
}

export class DeleteTagRequest {
  @StringField({ description: 'Key of the tag to delete.', example: 'env' })
  TagKey!: string;

  @StringField({ description: 'Value of the tag to delete.', example: 'prod' })
  TagValue!: string;
}

export class DescribeResourceTagsByResourceIdsRequest {
  @StringField({ description: 'Service of the resources: tdmq.', example: 'tdmq', maxLength: 64 })
  ServiceType!: string;

  @StringField({
    description: 'Resource prefix: cluster, namespace, topic or group.',
    example: 'cluster',
    maxLength: 64,
  })
  ResourcePrefix!: string;

  @StringArrayField({
    description:
      'Resource IDs (1-50): the path after the prefix, e.g. `rocketmq-abcd12345678` or `rocketmq-abcd12345678/prod/orders`.',
    example: ['rocketmq-abcd12345678'],
    minItems: 1,
    item: { maxLength: 256 },
  })
  ResourceIds!: string[];

  @StringField({
    description: 'Region of the resources (tdmq resources are regional: required).',
    example: 'ap-guangzhou',
    maxLength: 32,
  })
  ResourceRegion!: string;

  @IntField({
    description: 'Offset into the (resource, tag) pairs, default 0; a multiple of Limit.',
    example: 0,
    optional: true,
    default: 0,
    min: 0,
    max: 2_147_483_647,
  })
  Offset = 0;

  @IntField({
    description: 'Page size, 1-100 (default 15).',
    example: 15,
    optional: true,
    default: 15,
    min: 1,
    max: 100,
  })
  Limit = 15;

  @category('System lists nothing.')
  Category?: string;
}

export class DescribeResourceTagsByResourceIdsResponse {
  @Out({ description: 'Number of (resource, tag) pairs matching (all pages)', example: 1 })
  TotalCount!: number;

  @Out({ description: 'Offset of this page', example: 0 })
  Offset!: number;

  @Out({ description: 'Page size', example: 15 })
  Limit!: number;

  @Out({
    description: 'One item per (resource, tag) pair, by resource ID then key',
    type: () => [TagApiTagResource],
  })
  Tags!: TagApiTagResource[];
}

export class ModifyResourceTagsRequest {
  @StringField({ description: `The resource: a ${RESOURCE_DOC}.`, example: EXAMPLE_RESOURCE })
  Resource!: string;

  @ObjectArrayField(() => TagApiTag, {
    description:
      'Tags to add or change (1-50 when given). ReplaceTags or DeleteTags must be given, and they may not share a key.',
    example: [{ TagKey: 'env', TagValue: 'prod' }],
    optional: true,
    minItems: 1,
  })
  ReplaceTags?: TagApiTag[];

  @ObjectArrayField(() => TagApiTagKeyObject, {
    description:
      'Tag keys to detach (1-50 when given); keys the resource does not carry are ignored.',
    example: [{ TagKey: 'owner' }],
    optional: true,
    minItems: 1,
  })
  DeleteTags?: TagApiTagKeyObject[];
}

export class AddResourceTagRequest {
  @StringField({ description: `Tag key: ${KEY_RULES}.`, example: 'env' })
  TagKey!: string;

  @StringField({ description: `Tag value: ${VALUE_RULES}.`, example: 'prod' })
  TagValue!: string;

  @StringField({ description: `The resource: a ${RESOURCE_DOC}.`, example: EXAMPLE_RESOURCE })
  Resource!: string;
}

export class DeleteResourceTagRequest {
  @StringField({ description: 'Tag key to detach.', example: 'env' })
  TagKey!: string;

  @StringField({ description: `The resource: a ${RESOURCE_DOC}.`, example: EXAMPLE_RESOURCE })
  Resource!: string;
}

export class DescribeResourcesByTagsRequest {
  @ObjectArrayField(() => TagApiTagFilter, {
    description:
      'Resources carrying every filter’s key (with one of its values, if any): 1-6 filters of at most 10 values.',
    example: [{ TagKey: 'env', TagValue: ['prod'] }],
  })
  TagFilters!: TagApiTagFilter[];

  @IntField({
    description:
      'Only resources whose matching tags were attached by this uin (tags attached before it was recorded count as the account owner’s).',
    example: 100000000001,
    optional: true,
    min: 1,
  })
  CreateUin?: number;

  @IntField({
    description: 'Offset of the first resource, default 0; a multiple of Limit.',
    example: 0,
    optional: true,
    default: 0,
    min: 0,
    max: 2_147_483_647,
  })
  Offset = 0;

  @IntField({
    description: 'Page size, 1-100 (default 15).',
    example: 15,
    optional: true,
    default: 15,
    min: 1,
    max: 100,
  })
  Limit = 15;

  @StringField({
    description: 'Only resources of this prefix: cluster, namespace, topic or group.',
    example: 'cluster',
    optional: true,
    maxLength: 64,
  })
  ResourcePrefix?: string;

  @StringField({
    description: 'Only this resource ID (the path after the prefix).',
    example: 'rocketmq-abcd12345678',
    optional: true,
    maxLength: 256,
  })
  ResourceId?: string;

  @StringField({
    description: 'Only resources of this region.',
    example: 'ap-guangzhou',
    optional: true,
    maxLength: 32,
  })
  ResourceRegion?: string;

  @StringField({
    description: 'Only resources of this service (tdmq).',
    example: 'tdmq',
    optional: true,
    maxLength: 64,
  })
  ServiceType?: string;
}

export class DescribeResourcesByTagsResponse {
  @Out({ description: 'Number of matching resources (all pages)', example: 1 })
  TotalCount!: number;

  @Out({ description: 'Offset of this page', example: 0 })
  Offset!: number;

  @Out({ description: 'Page size', example: 15 })
  Limit!: number;

  @Out({
    description: 'Matching resources, by resource name, with all their tags',
    type: () => [TagApiResourceTag],
  })
  Rows!: TagApiResourceTag[];
}
