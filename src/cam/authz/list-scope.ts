import {
  statementMatches,
  substituteVariables,
  variablesOf,
  type AttachedPolicy,
  type AuthzRequest,
  type PolicyStatement,
} from '../policy/index.js';

export interface StatementRef {
  policy: AttachedPolicy;
  index: number;
  statement: PolicyStatement;
}

export interface ListShape {
  service: string;
  /** The request region ('' for global services). */
  region: string;
  ownerUin: string;
  /** `*`: any resource of the service (the tag API's lists), named by its full string. */
  itemType: string;
  /** The id path every item shares (e.g. [clusterId, namespaceId] for topics of a namespace). */
  fixedPath: string[];
  /** How many id segments vary per item after the fixed ones. */
  slots: number;
}

const RESOURCE_TAG = 'qcs:resource_tag';

/**
 * A character no resource id and no sane policy contains: an item whose varying id segments
 * are made of it is matched by a resource pattern only through `*`s that would match any id
 * there, so a pattern that matches this probe matches every item of the list.
 */
const PROBE = '\u0001';

/** The statement without its conditions on the item's own tags (what is the same for every item). */
function withoutItemConditions(s: PolicyStatement): PolicyStatement {
  const condition: PolicyStatement['condition'] = {};
  for (const [op, keys] of Object.entries(s.condition)) {
    const rest = Object.fromEntries(Object.entries(keys).filter(([k]) => k !== RESOURCE_TAG));
    if (Object.keys(rest).length) condition[op] = rest;
  }
  return { ...s, resource: ['*'], condition };
}

const usesItemTags = (s: PolicyStatement) =>
  Object.values(s.condition).some((keys) => RESOURCE_TAG in keys);

/**
 * What a caller's policies imply for one list call, decided before any item is read:
 * which statements can apply at all (their action matches and every condition that does not
 * depend on the item holds), whether they could touch any item of the list (the literal
 * prefix of each resource pattern against the items' common prefix), and whether one allow
 * certainly covers every item with no deny able to remove any.
 */
export class ListScope {
  readonly anyAllowPossible: boolean;
  readonly coversAll: boolean;
  readonly coversNone: boolean;
  readonly needsResourceTags: boolean;
  private readonly relevant: StatementRef[];

  constructor(
    private readonly policies: readonly AttachedPolicy[],
    base: AuthzRequest,
    private readonly shape: ListShape,
  ) {
    const applicable: StatementRef[] = [];
    for (const policy of policies) {
      policy.document.statement.forEach((statement, index) => {
        if (statementMatches(withoutItemConditions(statement), { ...base, resource: '*' }))
          applicable.push({ policy, index, statement });
      });
    }
    const allows = applicable.filter((r) => r.statement.effect === 'allow');
    this.anyAllowPossible = allows.length > 0;
    const prefix = this.itemPrefix();
    const vars = variablesOf(base.principal);
    const touches = (r: StatementRef) =>
      r.statement.resource.some((p) => this.couldMatch(p, prefix, vars));
    this.relevant = applicable.filter(touches);
    const relevantAllows = this.relevant.filter((r) => r.statement.effect === 'allow');
    const relevantDenies = this.relevant.filter((r) => r.statement.effect === 'deny');
    this.coversNone = relevantAllows.length === 0;
    const probe = this.probeResource();
    const probeSafe = this.relevant.every((r) =>
      r.statement.resource.every((p) => !p.includes(PROBE)),
    );
    this.coversAll =
      probeSafe &&
      relevantDenies.length === 0 &&
      relevantAllows.some(
        (r) =>
          !usesItemTags(r.statement) &&
          statementMatches({ ...r.statement, condition: {} }, { ...base, resource: probe }),
      );
    this.needsResourceTags = this.relevant.some((r) => usesItemTags(r.statement));
  }

  /** The caller's policies reduced to the statements that can apply to this list's items. */
  relevantPolicies(): AttachedPolicy[] {
    const byPolicy = new Map<AttachedPolicy, PolicyStatement[]>();
    for (const r of this.relevant) {
      const list = byPolicy.get(r.policy) ?? [];
      list.push(r.statement);
      byPolicy.set(r.policy, list);
    }
    return this.policies
      .filter((p) => byPolicy.has(p))
      .map((p) => ({ ...p, document: { ...p.document, statement: byPolicy.get(p)! } }));
  }

  /**
   * For lists whose items vary by one id segment (a name): the prefixes a visible item's name
   * must start with (one per allow pattern that can match), or undefined when some allow can
   * match any name. Lets the database skip items no allow can reach; the items it returns are
   * still decided one by one.
   */
  namePrefixes(principalVars: ReturnType<typeof variablesOf>): string[] | undefined {
    if (this.shape.slots !== 1 || this.shape.itemType === '*') return undefined;
    const prefix = this.itemPrefix();
    const out = new Set<string>();
    for (const r of this.relevant) {
      if (r.statement.effect !== 'allow') continue;
      for (const pattern of r.statement.resource) {
        const literal = this.literalOf(pattern, principalVars);
        if (literal === undefined || !(literal.startsWith(prefix) || prefix.startsWith(literal)))
          continue;
        if (literal.length <= prefix.length) return undefined;
        out.add(literal.slice(prefix.length));
      }
    }
    return [...out];
  }

  /** Everything every item's resource string starts with, e.g. `qcs::tdmq:ap-guangzhou:uin/1:topic/c/ns/`. */
  private itemPrefix(): string {
    const { service, region, ownerUin, itemType, fixedPath } = this.shape;
    if (itemType === '*') return `qcs::${service}:`;
    return `qcs::${service}:${region}:uin/${ownerUin}:${itemType}/${fixedPath.map((p) => `${p}/`).join('')}`;
  }

  private probeResource(): string {
    const { service, ownerUin, itemType } = this.shape;
    // Any resource of the account: every region, every type and id.
    if (itemType === '*') return `qcs::${service}:${PROBE}:uin/${ownerUin}:${PROBE}`;
    return this.itemPrefix() + Array.from({ length: this.shape.slots }, () => PROBE).join('/');
  }

  /**
   * Whether a resource pattern could match some item: its literal text up to the first `*`
   * (after the defaults for empty region and account and the policy variables) must agree
   * with the items' common prefix. A necessary condition, so `false` is certain.
   */
  private couldMatch(pattern: string, prefix: string, vars: ReturnType<typeof variablesOf>) {
    if (pattern === '*') return true;
    const literal = this.literalOf(pattern, vars);
    return literal !== undefined && (literal.startsWith(prefix) || prefix.startsWith(literal));
  }

  /** A pattern's text up to its first `*`, with the defaults applied; undefined if it can match nothing. */
  private literalOf(pattern: string, vars: ReturnType<typeof variablesOf>): string | undefined {
    if (pattern === '*') return '';
    const seg = pattern.split(':');
    if (seg.length !== 6 || seg[0] !== 'qcs') return undefined;
    const [, project, service, region, account, last] = seg;
    // An empty project in a pattern matches any project; ours is always empty.
    const normalized = [
      'qcs',
      project,
      service,
      region === '' ? this.shape.region : region,
      account === '' ? `uin/${this.shape.ownerUin}` : substituteVariables(account, vars),
      substituteVariables(last, vars),
    ].join(':');
    const star = normalized.indexOf('*');
    return star < 0 ? normalized : normalized.slice(0, star);
  }
}
