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

export type CamResourceSpec<Req> =
  /** Not resource-level: only a policy on `*` grants it (e.g. CreateRocketMQCluster). */
  | { kind: 'any' }
  /**
   * Checked against this resource (or each of these) before the handler runs (creates name
   * their parent). `caller` is the authenticated user (cam actions default to the caller's own uin).
   */
  | { kind: 'one'; of: (req: Req, caller: { uin: string }) => CamResourceRef | CamResourceRef[] }
  /** A list: items the caller may not see are filtered out, TotalCount counts what remains. */
  | { kind: 'list'; itemType: CamResourceType; parent?: (req: Req) => CamResourceRef };

export const cam = {
  any: <Req>(): CamResourceSpec<Req> => ({ kind: 'any' }),
  one: <Req>(
    of: (req: Req, caller: { uin: string }) => CamResourceRef | CamResourceRef[],
  ): CamResourceSpec<Req> => ({
    kind: 'one',
    of,
  }),
  list: <Req>(
    itemType: CamResourceType,
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

/** Human text for the OpenAPI description. */
export function describeResourceSpec(spec: CamResourceSpec<never>): string {
  switch (spec.kind) {
    case 'any':
      return 'not resource-level: a policy must grant it on `*`';
    case 'one':
      return 'checked against the resource named in the request';
    case 'list':
      return `list: filtered per ${spec.itemType}; TotalCount counts what the caller may see`;
  }
}
