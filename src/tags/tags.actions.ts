import { Injectable } from '@nestjs/common';
import { Action } from '../gateway/action.decorator.js';
import { cam } from '../gateway/cam-resource.js';
import type { RequestContext } from '../gateway/request-context.js';
import { TAG } from '../gateway/services.js';
import { EmptyResponse } from '../rocketmq/common/empty.dto.js';
import {
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
  TagResourcesRequest,
  TagResourcesResponse,
  UnTagResourcesRequest,
  UnTagResourcesResponse,
} from './dto/tag-api.dto.js';
import { TagApiService } from './tag-api.service.js';

const EXAMPLE_CLUSTER = 'qcs::tdmq:ap-guangzhou:uin/100000000001:cluster/rocketmq-abcd12345678';
const EXAMPLE_TOPIC =
  'qcs::tdmq:ap-guangzhou:uin/100000000001:topic/rocketmq-abcd12345678/prod/orders';

const KEY_FAULTS =
  'Key and value faults: `InvalidParameterValue.TagKeyEmpty`, `.TagKeyLengthExceeded` (over 255), `.TagKeyCharacterIllegal`, ' +
  '`.ReservedTagKey` (qcloud…, tencent…, project…), `.TagValueLengthExceeded` (over 127), `.TagValueCharacterIllegal`, `.TagKeyDuplicate`.';
const RESOURCE_FAULTS =
  'A malformed six-segment name is `InvalidParameterValue.ResourceDescriptionError`.';

const tagPairs = (tags: Array<{ TagKey: string; TagValue: string }> | undefined) =>
  (tags ?? []).map((t) => `${t.TagKey}&${t.TagValue}`);

/**
 * The tag API (tag 2018-08-13) over this deployment's tdmq resources: clusters, namespaces,
 * topics and groups, named by their six-segment strings. Global service: a resource's region
 * is the one in its name.
 */
@Injectable()
export class TagsActions {
  constructor(private readonly tags: TagApiService) {}

  @Action({
    name: 'TagResources',
    service: TAG,
    request: TagResourcesRequest,
    response: TagResourcesResponse,
    summary: 'Attach tags to up to 20 resources',
    description:
      'A key the resource already carries takes the new value. Resources that do not exist in the caller’s account (or belong to another ' +
      'service), would exceed 50 tags, or are system-managed topics are reported in `FailedResources` (Code `ResourceNotFound`, ' +
      '`LimitExceeded.ResourceAttachedTags`, `UnsupportedOperation`); the others are tagged. More than 20 resources: ' +
      '`LimitExceeded.ResourceNumPerRequest`; more than 50 tags: `LimitExceeded.TagNumPerRequest` (nothing written). ' +
      `${RESOURCE_FAULTS} ${KEY_FAULTS}`,
    example: {
      ResourceList: [EXAMPLE_CLUSTER],
      Tags: [{ TagKey: 'env', TagValue: 'prod' }],
    },
    resource: cam.one((r: TagResourcesRequest) => r.ResourceList.map((qcs) => ({ qcs }))),
    requestTags: (r: TagResourcesRequest) => tagPairs(r.Tags),
  })
  tagResources(req: TagResourcesRequest, ctx: RequestContext) {
    return this.tags.tagResources(ctx.caller, req);
  }

  @Action({
    name: 'UnTagResources',
    service: TAG,
    request: UnTagResourcesRequest,
    response: UnTagResourcesResponse,
    summary: 'Detach tag keys from up to 20 resources',
    description:
      'Keys a resource does not carry are ignored. Resources that do not exist in the caller’s account are reported in `FailedResources` ' +
      `(\`ResourceNotFound\`). More than 20 resources: \`LimitExceeded.ResourceNumPerRequest\`. ${RESOURCE_FAULTS} ${KEY_FAULTS}`,
    example: { ResourceList: [EXAMPLE_CLUSTER], TagKeys: ['env'] },
    resource: cam.one((r: UnTagResourcesRequest) => r.ResourceList.map((qcs) => ({ qcs }))),
  })
  unTagResources(req: UnTagResourcesRequest, ctx: RequestContext) {
    return this.tags.unTagResources(ctx.caller, req);
  }

  @Action({
    name: 'GetResources',
    service: TAG,
    request: GetResourcesRequest,
    response: GetResourcesResponse,
    summary: 'List tagged resources with their tags, by resource names or tag filters',
    description:
      'Tagged resources of the caller’s account in every region, by resource name. `TagFilters` apply together (AND; a filter’s values: any of them; ' +
      'no values: any value); `ResourceList` (at most 20) restricts to those resources and returns every match at once. Otherwise pages of ' +
      '`MaxResults` (default 50, at most 200) follow `PaginationToken` (empty on the last page; a foreign token is `InvalidParameter.PaginationTokenInvalid`). ' +
      'More than 6 filters or 10 values: `InvalidParameterValue.TagFiltersLengthExceeded`.',
    example: { TagFilters: [{ TagKey: 'env', TagValue: ['prod'] }], MaxResults: 50 },
    resource: cam.list('*'),
  })
  getResources(req: GetResourcesRequest, ctx: RequestContext) {
    return this.tags.getResources(ctx.caller, req, ctx.visibility);
  }

  @Action({
    name: 'GetTagKeys',
    service: TAG,
    request: GetTagKeysRequest,
    response: GetTagKeysResponse,
    summary: 'List the account’s tag keys',
    description:
      'Keys created with CreateTag or attached to a resource, sorted. `MaxResults` default 50, at most 1000; follow `PaginationToken` ' +
      '(empty on the last page). Every tag is a Custom tag: `Category` System lists nothing.',
    example: { MaxResults: 50 },
    resource: cam.any(),
  })
  getTagKeys(req: GetTagKeysRequest, ctx: RequestContext) {
    return this.tags.getTagKeys(ctx.caller, req);
  }

  @Action({
    name: 'GetTagValues',
    service: TAG,
    request: GetTagValuesRequest,
    response: GetTagValuesResponse,
    summary: 'List the values of tag keys',
    description:
      'Tags (key and value) of up to 20 keys, created with CreateTag or attached to a resource, sorted by key and value. ' +
      '`MaxResults` default 50, at most 1000; follow `PaginationToken` (empty on the last page).',
    example: { TagKeys: ['env'], MaxResults: 50 },
    resource: cam.any(),
  })
  getTagValues(req: GetTagValuesRequest, ctx: RequestContext) {
    return this.tags.getTagValues(ctx.caller, req);
  }

  @Action({
    name: 'GetTags',
    service: TAG,
    request: GetTagsRequest,
    response: GetTagsResponse,
    summary: 'List the account’s tags',
    description:
      'Tags created with CreateTag or attached to a resource, sorted by key and value, optionally only of `TagKeys` (at most 20). ' +
      '`MaxResults` default 50, at most 1000; follow `PaginationToken` (empty on the last page).',
    example: { MaxResults: 50 },
    resource: cam.any(),
  })
  getTags(req: GetTagsRequest, ctx: RequestContext) {
    return this.tags.getTags(ctx.caller, req);
  }

  @Action({
    name: 'CreateTag',
    service: TAG,
    request: CreateTagRequest,
    response: EmptyResponse,
    summary: 'Create a tag (key and value) without attaching it',
    description:
      'The tag is listed by GetTagKeys, GetTagValues and GetTags until DeleteTag. A tag that exists (created, or attached to a resource) is ' +
      '`ResourceInUse.TagDuplicate`; at most 1000 keys per account (`LimitExceeded.TagKey`) and 1000 values per key (`LimitExceeded.TagValue`). ' +
      KEY_FAULTS,
    example: { TagKey: 'env', TagValue: 'prod' },
    resource: cam.any(),
  })
  async createTag(req: CreateTagRequest, ctx: RequestContext) {
    await this.tags.createTag(ctx.caller, req);
    return {};
  }

  @Action({
    name: 'DeleteTag',
    service: TAG,
    request: DeleteTagRequest,
    response: EmptyResponse,
    summary: 'Delete a tag created with CreateTag',
    description:
      'Refused while the tag is attached to a resource (`FailedOperation.TagAttachedResource`); a tag that was never created is ' +
      '`ResourceNotFound.TagNonExist`.',
    example: { TagKey: 'env', TagValue: 'prod' },
    resource: cam.any(),
  })
  async deleteTag(req: DeleteTagRequest, ctx: RequestContext) {
    await this.tags.deleteTag(ctx.caller, req);
    return {};
  }

  @Action({
    name: 'DescribeResourceTagsByResourceIds',
    service: TAG,
    request: DescribeResourceTagsByResourceIdsRequest,
    response: DescribeResourceTagsByResourceIdsResponse,
    summary: 'The tags of resources given by service, prefix, region and IDs',
    description:
      'One item per (resource, tag) pair, by resource ID then key. `ServiceType` must be tdmq (`InvalidParameterValue.ServiceTypeInvalid`), ' +
      '`ResourcePrefix` cluster, namespace, topic or group (`InvalidParameterValue.ResourcePrefixInvalid`), `ResourceRegion` a region of this ' +
      'deployment (`InvalidParameterValue.RegionInvalid`); IDs have the prefix’s number of parts (`InvalidParameterValue.ResourceIdInvalid`), at most 50 ' +
      '(`LimitExceeded.ResourceNumPerRequest`). `Offset` (default 0) is a multiple of `Limit` (default 15, at most 100; else `InvalidParameterValue.OffsetInvalid`).',
    example: {
      ServiceType: 'tdmq',
      ResourcePrefix: 'cluster',
      ResourceIds: ['rocketmq-abcd12345678'],
      ResourceRegion: 'ap-guangzhou',
      Offset: 0,
      Limit: 15,
    },
    resource: cam.one((r: DescribeResourceTagsByResourceIdsRequest, caller) =>
      r.ResourceIds.map((id) => ({
        qcs: `qcs::${r.ServiceType}:${r.ResourceRegion}:uin/${caller.ownerUin}:${r.ResourcePrefix}/${id}`,
      })),
    ),
  })
  describeResourceTagsByResourceIds(
    req: DescribeResourceTagsByResourceIdsRequest,
    ctx: RequestContext,
  ) {
    return this.tags.describeResourceTagsByResourceIds(ctx.caller, req);
  }

  @Action({
    name: 'ModifyResourceTags',
    service: TAG,
    request: ModifyResourceTagsRequest,
    response: EmptyResponse,
    summary: 'Set and remove tags of one resource',
    description:
      '`ReplaceTags` adds keys or changes their values, `DeleteTags` detaches keys (ignored when absent); at least one must be given ' +
      '(`MissingParameter`), not empty, and they may not share a key (`InvalidParameterValue.DeleteTagsParamError`). All or nothing. ' +
      'A resource that does not exist in the caller’s account is `ResourceNotFound`; more than 50 tags after the change ' +
      `\`LimitExceeded.ResourceAttachedTags\`. ${RESOURCE_FAULTS} ${KEY_FAULTS}`,
    example: {
      Resource: EXAMPLE_TOPIC,
      ReplaceTags: [{ TagKey: 'env', TagValue: 'prod' }],
      DeleteTags: [{ TagKey: 'owner' }],
    },
    resource: cam.one((r: ModifyResourceTagsRequest) => ({ qcs: r.Resource })),
    requestTags: (r: ModifyResourceTagsRequest) => tagPairs(r.ReplaceTags),
  })
  async modifyResourceTags(req: ModifyResourceTagsRequest, ctx: RequestContext) {
    await this.tags.modifyResourceTags(ctx.caller, req);
    return {};
  }

  @Action({
    name: 'AddResourceTag',
    service: TAG,
    request: AddResourceTagRequest,
    response: EmptyResponse,
    summary: 'Attach one tag to one resource',
    description:
      'The same tag again is a no-op; the key with another value is `ResourceInUse.TagKeyAttached` (change values with ModifyResourceTags or ' +
      'TagResources). A resource that does not exist in the caller’s account is `ResourceNotFound`; a 51st tag `LimitExceeded.ResourceAttachedTags`. ' +
      `${RESOURCE_FAULTS} ${KEY_FAULTS}`,
    example: { TagKey: 'env', TagValue: 'prod', Resource: EXAMPLE_CLUSTER },
    resource: cam.one((r: AddResourceTagRequest) => ({ qcs: r.Resource })),
    requestTags: (r: AddResourceTagRequest) => [`${r.TagKey}&${r.TagValue}`],
  })
  async addResourceTag(req: AddResourceTagRequest, ctx: RequestContext) {
    await this.tags.addResourceTag(ctx.caller, req);
    return {};
  }

  @Action({
    name: 'DeleteResourceTag',
    service: TAG,
    request: DeleteResourceTagRequest,
    response: EmptyResponse,
    summary: 'Detach one tag key from one resource',
    description:
      'A key the resource does not carry is `ResourceNotFound.AttachedTagKeyNotFound`; a resource that does not exist in the caller’s ' +
      `account \`ResourceNotFound\`. ${RESOURCE_FAULTS}`,
    example: { TagKey: 'env', Resource: EXAMPLE_CLUSTER },
    resource: cam.one((r: DeleteResourceTagRequest) => ({ qcs: r.Resource })),
  })
  async deleteResourceTag(req: DeleteResourceTagRequest, ctx: RequestContext) {
    await this.tags.deleteResourceTag(ctx.caller, req);
    return {};
  }

  @Action({
    name: 'DescribeResourcesByTags',
    service: TAG,
    request: DescribeResourcesByTagsRequest,
    response: DescribeResourcesByTagsResponse,
    summary: 'Find resources carrying all of the given tags',
    description:
      'Resources of the caller’s account carrying every filter (AND; a filter’s values: any of them; no values: any value), by resource name, ' +
      'optionally only of `ServiceType`, `ResourcePrefix`, `ResourceId`, `ResourceRegion`, or whose matching tags `CreateUin` attached. ' +
      '1-6 filters of at most 10 values (`InvalidParameterValue.TagFilters`, `.TagFiltersLengthExceeded`). `Offset` (default 0) is a multiple of ' +
      '`Limit` (default 15, at most 100; else `InvalidParameterValue.OffsetInvalid`).',
    example: { TagFilters: [{ TagKey: 'env', TagValue: ['prod'] }], Offset: 0, Limit: 15 },
    resource: cam.list('*'),
  })
  describeResourcesByTags(req: DescribeResourcesByTagsRequest, ctx: RequestContext) {
    return this.tags.describeResourcesByTags(ctx.caller, req, ctx.visibility);
  }
}
