import { fieldsOf } from './fields.js';

/**
 * What each action is authorized against (cam.md, "Which resource each action is checked
 * against"). The declaration lives next to the action; the access-management layer reads it.
 */
export type CamResourceType =
  'cluster' | 'namespace' | 'topic' | 'group' | 'consumer' | 'role' | 'environmentRole';

/** Resources of the cam service itself: a user (by uin), a user group, a policy. */
export type CamServiceResourceType = 'uin' | 'groupid' | 'policyid';

/** A resource of the action's service by type and id path. */
export interface ResourceRef {
  type: CamResourceType | CamServiceResourceType;
  /** Path below the type, e.g. [clusterId, namespaceId]. */
  path: string[];
}

/** What an action is checked against: a typed resource, or a full six-segment string (the tag API names resources so). */
export type CamResourceRef = ResourceRef | { qcs: string };

/** Who calls: resource callbacks of cam and tag actions name the caller's own user or account. */
export interface CallerIds {
  uin: string;
  ownerUin: string;
}

export type CamResourceSpec<Req> =
  /** Not resource-level: only a policy on `*` grants it (e.g. CreateRocketMQCluster). */
  | { kind: 'any' }
  /**
   * Checked against this resource (or each of these) before the handler runs (creates name
   * their parent). `caller` is the authenticated user (cam actions default to the caller's own uin).
   */
  | { kind: 'one'; of: (req: Req, caller: CallerIds) => CamResourceRef | CamResourceRef[] }
  /**
   * A list: items the caller may not see are filtered out, TotalCount counts what remains.
   * Item type `*`: items are any resources, named by their six-segment strings (the tag API).
   */
  | { kind: 'list'; itemType: CamResourceType | '*'; parent?: (req: Req) => CamResourceRef };

export const cam = {
  any: <Req>(): CamResourceSpec<Req> => ({ kind: 'any' }),
  one: <Req>(
    of: (req: Req, caller: CallerIds) => CamResourceRef | CamResourceRef[],
  ): CamResourceSpec<Req> => ({
    kind: 'one',
    of,
  }),
  list: <Req>(
    itemType: CamResourceType | '*',
    parent?: (req: Req) => CamResourceRef,
  ): CamResourceSpec<Req> => ({
    kind: 'list',
    itemType,
    parent,
  }),
  cluster: (clusterId: string): ResourceRef => ({ type: 'cluster', path: [clusterId] }),
  namespace: (clusterId: string, namespaceId: string): ResourceRef => ({
    type: 'namespace',
    path: [clusterId, namespaceId],
  }),
  topic: (clusterId: string, namespaceId: string, topic: string): ResourceRef => ({
    type: 'topic',
    path: [clusterId, namespaceId, topic],
  }),
  group: (clusterId: string, namespaceId: string, group: string): ResourceRef => ({
    type: 'group',
    path: [clusterId, namespaceId, group],
  }),
};

/**
 * `qcs::tdmq:<region>:uin/<owner>:<type>/<path>`. Global services (cam) pass an empty region:
 * `qcs::cam::uin/<owner>:uin/<subUin>`.
 */
export function qcsResource(
  service: string,
  region: string,
  ownerUin: string,
  ref: CamResourceRef,
): string {
  if ('qcs' in ref) return ref.qcs;
  return `qcs::${service}:${region}:uin/${ownerUin}:${ref.type}/${ref.path.join('/')}`;
}

/**
 * A request whose every declared field reads as a `${Field}` placeholder (arrays hold one
 * placeholder item): the CAM resource callbacks, run on it, render the resource template.
 */
function placeholderRequest(cls: Function): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(cls)) {
    const item = f.kind === 'object' && f.nested ? placeholderRequest(f.nested()) : `\${${f.name}}`;
    out[f.name] = f.array ? [item] : item;
  }
  return out;
}

/** Human text for the OpenAPI description: the resource template each action is checked against. */
export function describeResourceSpec(
  spec: CamResourceSpec<never>,
  service: { name: string; regional: boolean },
  request: Function,
): string {
  const region = service.regional ? '${region}' : '';
  const render = (ref: CamResourceRef) =>
    `\`${qcsResource(service.name, region, '${OwnerUin}', ref)}\``;
  switch (spec.kind) {
    case 'any':
      return 'not resource-level: a policy must grant it on `*`';
    case 'one': {
      try {
        const refs = [
          (spec.of as (r: unknown, c: CallerIds) => CamResourceRef | CamResourceRef[])(
            placeholderRequest(request),
            { uin: '${CallerUin}', ownerUin: '${OwnerUin}' },
          ),
        ].flat();
        return `checked against ${refs.map(render).join(' and ')}`;
      } catch {
        return 'checked against the resource named in the request';
      }
    }
    case 'list': {
      if (spec.itemType === '*')
        return 'list: filtered per resource (each checked against its own six-segment name); counts and pages cover what the caller may see';
      const item = render({ type: spec.itemType, path: ['…'] }).replace('/…`', '/…` (each item)');
      return `list: filtered per ${spec.itemType} ${item}; TotalCount counts what the caller may see`;
    }
  }
}
