import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import type { ActionOptions } from '../../gateway/action.decorator.js';
import { ApiError } from '../../gateway/api-error.js';
import type { Authorizer } from '../../gateway/authorizer.js';
import { qcsResource, type CamResourceType } from '../../gateway/cam-resource.js';
import {
  SEE_ALL,
  SEE_NONE,
  type ExactNames,
  type ListVisibility,
} from '../../gateway/list-visibility.js';
import type { RequestContext } from '../../gateway/request-context.js';
import {
  evaluate,
  variablesOf,
  type AttachedPolicy,
  type AuthzRequest,
  type Principal,
} from '../policy/index.js';
import { ListScope } from './list-scope.js';
import { PolicyStore } from './policy-store.js';
import { ResourceTagReader } from './resource-tag-reader.js';

/** Id-path length of each tdmq resource type (cam.md's resource table). */
const PATH_LENGTH: Record<CamResourceType, number> = {
  cluster: 1,
  namespace: 2,
  topic: 3,
  group: 3,
  consumer: 4,
  role: 2,
  environmentRole: 3,
};

const RESOURCE_TAG = 'qcs:resource_tag';
const NO_TAGS: readonly string[] = [];
/** Items of a list with tags of their own, decided one by one, beyond which tag-conditioned lists are filtered in memory. */
const MAX_TAGGED_EXCEPTIONS = 1_000;

export const usesResourceTags = (s: AttachedPolicy['document']['statement'][number]) =>
  Object.values(s.condition).some((keys) => RESOURCE_TAG in keys);

/**
 * CAM authorization of API calls (cam.md "Evaluation"): the root account is always allowed;
 * a sub-user's call is evaluated against every policy attached to the user and its groups,
 * for each resource the action declares (creates name their parent, with the tags being set as
 * `qcs:request_tag`), with the resource's tags as `qcs:resource_tag`, the caller's address as
 * `qcs:ip` and the time as `qcs:current_time`. List actions are not refused because some items
 * are hidden: they get a ListVisibility and show only what the caller may see, denies and
 * negative conditions included.
 */
@Injectable()
export class AuthorizationService implements Authorizer {
  constructor(
    private readonly policies: PolicyStore,
    private readonly tags: ResourceTagReader,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Throws AuthFailure.UnauthorizedOperation, or returns what a list action may show. */
  async authorize(
    ctx: RequestContext,
    action: ActionOptions,
    request: object,
  ): Promise<ListVisibility> {
    if (ctx.caller.isRoot) return SEE_ALL;
    const policies = await this.policies.policiesOf(ctx.caller.uin, ctx.caller.ownerUin);
    const camAction = `${ctx.service.name}:${action.name}`;
    const region = ctx.service.regional ? ctx.region : '';
    const base = this.baseRequest(ctx, camAction);
    const spec = action.resource as ActionOptions<object>['resource'];

    if (spec.kind === 'list') {
      const fixed = spec.parent ? spec.parent(request) : undefined;
      const itemLength = spec.itemType === '*' ? 0 : PATH_LENGTH[spec.itemType];
      const fixedPath = fixed && !('qcs' in fixed) ? fixed.path.slice(0, itemLength - 1) : [];
      const scope = new ListScope(policies, base, {
        service: ctx.service.name === 'tag' ? 'tdmq' : ctx.service.name,
        region,
        ownerUin: ctx.caller.ownerUin,
        itemType: spec.itemType,
        fixedPath,
        slots: itemLength - fixedPath.length,
      });
      if (!scope.anyAllowPossible) {
        throw this.denied(
          camAction,
          fixed ? qcsResource(ctx.service.name, region, ctx.caller.ownerUin, fixed) : '*',
        );
      }
      if (scope.coversAll) return SEE_ALL;
      if (scope.coversNone) return SEE_NONE;
      const itemType = spec.itemType;
      return await this.itemByItem(scope, base, ctx.caller.ownerUin, (path) =>
        itemType === '*'
          ? '*'
          : qcsResource(ctx.service.name, region, ctx.caller.ownerUin, {
              type: itemType,
              path: [...path],
            }),
      );
    }

    const resources =
      spec.kind === 'any'
        ? ['*']
        : [spec.of(request, ctx.caller)]
            .flat()
            .map((ref) => qcsResource(ctx.service.name, region, ctx.caller.ownerUin, ref));
    const requestTags = action.requestTags?.(request);
    const needTags = policies.some((p) => p.document.statement.some(usesResourceTags));
    const tagsByResource = needTags
      ? await this.tags.tagsOf(
          ctx.caller.ownerUin,
          resources.filter((r) => r !== '*'),
        )
      : undefined;
    for (const resource of resources) {
      const decision = evaluate(
        {
          ...base,
          resource,
          context: {
            ...base.context,
            requestTags,
            resourceTags: tagsByResource ? (tagsByResource.get(resource) ?? []) : undefined,
          },
        },
        policies,
      );
      if (!decision.allowed) throw this.denied(camAction, resource);
    }
    return SEE_ALL;
  }

  principalOf(uin: string, ownerUin: string): Principal {
    return { uin, ownerUin, appId: String(this.config.root.appId) };
  }

  private baseRequest(ctx: RequestContext, action: string): AuthzRequest {
    return {
      action,
      resource: '*',
      principal: this.principalOf(ctx.caller.uin, ctx.caller.ownerUin),
      context: { ip: ctx.clientIp || undefined, currentTime: new Date() },
    };
  }

  private async itemByItem(
    scope: ListScope,
    base: AuthzRequest,
    ownerUin: string,
    resourceOfPath: (path: readonly string[]) => string,
  ): Promise<ListVisibility> {
    const policies = scope.relevantPolicies();
    const needsTags = scope.needsResourceTags;
    const vars = variablesOf(base.principal);
    const tags = this.tags;
    const tagsOf = (resources: string[], prefix?: string) =>
      needsTags ? tags.tagsOf(ownerUin, resources, prefix) : Promise.resolve(undefined);
    return {
      kind: 'some',
      namePrefixes: scope.namePrefixes(vars),
      exactNames: await this.exactNames(scope, vars, ownerUin),
      filter: async (items, pathOf) => {
        const paths = items.map(pathOf);
        const resources = paths.map(resourceOfPath);
        const tagsByResource = await tagsOf(resources, scope.commonPrefix);
        const decide = scope.itemDecider(base);
        return items.filter((_, i) =>
          decide(
            paths[i][paths[i].length - 1],
            resources[i],
            tagsByResource ? (tagsByResource.get(resources[i]) ?? NO_TAGS) : undefined,
          ),
        );
      },
      filterResources: async (items, resourceOf) => {
        const resources = items.map(resourceOf);
        const tagsByResource = await tagsOf(resources);
        return items.filter(
          (_, i) =>
            evaluate(
              {
                ...base,
                resource: resources[i],
                context: {
                  ...base.context,
                  resourceTags: tagsByResource
                    ? (tagsByResource.get(resources[i]) ?? [])
                    : undefined,
                },
              },
              policies,
            ).allowed,
        );
      },
    };
  }

  /**
   * The visible names as a database condition, when visibility depends on the name alone — or
   * on the name and tags, if few items of the list have tags of their own: the others carry
   * what they inherit, so tag conditions are decided once for all of them.
   */
  private async exactNames(
    scope: ListScope,
    vars: ReturnType<typeof variablesOf>,
    ownerUin: string,
  ): Promise<ExactNames | undefined> {
    const prefix = scope.commonPrefix;
    if (!scope.needsResourceTags || !prefix) return scope.namePredicate(vars);
    const under = await this.tags.tagsUnder(ownerUin, prefix, MAX_TAGGED_EXCEPTIONS);
    if (!under) return undefined;
    return scope.exactNamesWithTags(
      vars,
      under.inherited,
      under.tagged.map((t) => ({ ...t, name: t.resource.slice(prefix.length) })),
    );
  }

  private denied(action: string, resource: string): ApiError {
    return new ApiError(
      'AuthFailure.UnauthorizedOperation',
      `you are not authorized to perform operation (${action}) resource (${resource}) has no permission`,
    );
  }
}
