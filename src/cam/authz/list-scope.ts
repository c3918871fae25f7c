import { globMatches, starPartsMatcher } from '../policy/glob.js';
import type { ExactNames } from '../../gateway/list-visibility.js';
import {
  evaluate,
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

/** A resource pattern's last segment as tokens: a literal character, or `*` (STAR). */
const STAR = null;
type Token = string | typeof STAR;

/**
 * Which item names a statement's resource patterns reach, for a list whose items share every
 * segment and every id but the last (the name): the patterns left after the common part is
 * consumed. `any` when some pattern reaches every name.
 */
export interface NameMatch {
  readonly any: boolean;
  /** Residual patterns; a name is reached when it matches one of them entirely. */
  readonly residuals: readonly (readonly Token[])[];
}

/** A residual as a LIKE pattern (`*` → `%`, the rest literal). */
export function likePattern(residual: readonly Token[]): string {
  return residual.map((t) => (t === STAR ? '%' : t.replace(/[\\%_]/g, (c) => `\\${c}`))).join('');
}

/** A residual as the `*`-separated literal parts the glob matcher takes. */
function residualParts(residual: readonly Token[]): string[] {
  const parts = [''];
  for (const t of residual) {
    if (t === STAR) parts.push('');
    else parts[parts.length - 1] += t;
  }
  return parts;
}

/**
 * A name test for a NameMatch (the engine's glob semantics: case-sensitive, `*` any run),
 * with the engine's matcher: a regex here would backtrack on patterns like `*a*a*a*a*c`.
 */
export function nameTest(match: NameMatch): (name: string) => boolean {
  if (match.any) return () => true;
  const tests = match.residuals.map((r) => starPartsMatcher(residualParts(r)));
  return (name) => tests.some((test) => test(name));
}

/**
 * The glob automaton of `tokens` run over `text`: the token positions it can be at afterwards
 * (a `*` may match nothing, or any character).
 */
function statesAfter(tokens: readonly Token[], text: string): Set<number> {
  const closure = (states: Set<number>) => {
    for (const i of [...states]) {
      let j = i;
      while (j < tokens.length && tokens[j] === STAR) states.add(++j);
    }
    return states;
  };
  let states = closure(new Set([0]));
  for (const ch of text) {
    const next = new Set<number>();
    for (const i of states) {
      if (i >= tokens.length) continue;
      if (tokens[i] === STAR) next.add(i);
      else if (tokens[i] === ch) next.add(i + 1);
    }
    states = closure(next);
    if (!states.size) break;
  }
  return states;
}

/** A pattern segment as tokens, policy variables replaced by the caller's values (literal). */
function tokensOf(segment: string, vars: ReturnType<typeof variablesOf>): Token[] {
  const out: Token[] = [];
  for (const part of segment.split(/(\$\{[^}]*\})/)) {
    const substituted = part.startsWith('${') ? substituteVariables(part, vars) : part;
    if (substituted !== part) out.push(...substituted);
    else for (const ch of part) out.push(ch === '*' ? STAR : ch);
  }
  return out;
}

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
    private readonly base: AuthzRequest,
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

  /**
   * The names a statement reaches, for lists whose items vary by their name alone (the last
   * id). Exact, by the engine's matching rules: the first five segments are the same for every
   * item, and the common part of the last one is consumed by the pattern's automaton.
   */
  nameMatch(statement: PolicyStatement, vars: ReturnType<typeof variablesOf>): NameMatch {
    const residuals: Token[][] = [];
    const seen = new Set<string>();
    const { region, ownerUin, service } = this.shape;
    const fixed = this.itemPrefix().split(':')[5];
    for (const pattern of statement.resource) {
      if (pattern === '*') return { any: true, residuals: [] };
      const seg = pattern.split(':');
      if (seg.length !== 6 || seg[0] !== 'qcs') continue;
      const [, project, svc, reg, account, last] = seg;
      const headMatches =
        (project === '' || globMatches(project, '')) &&
        globMatches(svc, service) &&
        (reg === '' || globMatches(reg, region)) &&
        (account === '' ? true : globMatches(account, `uin/${ownerUin}`, { vars }));
      if (!headMatches) continue;
      const tokens = tokensOf(last, vars);
      for (const state of statesAfter(tokens, fixed)) {
        const residual = tokens.slice(state);
        if (residual.length === 1 && residual[0] === STAR) return { any: true, residuals: [] };
        // A name is never empty and never contains ':' (a name with one would not be six segments).
        const key = likePattern(residual);
        if (residual.length && !seen.has(key)) {
          seen.add(key);
          residuals.push(residual);
        }
      }
    }
    return { any: false, residuals };
  }

  /**
   * For lists whose items vary by name alone: exactly which names are visible, as LIKE
   * patterns, so the database filters, counts and pages. Statements that look at the items'
   * tags need `itemTags`, the tags every item carries (those inherited from the list's parent):
   * they are then decided once for all items. Undefined when items must be decided one by one.
   */
  namePredicate(
    vars: ReturnType<typeof variablesOf>,
    itemTags?: readonly string[],
  ): ExactNames | undefined {
    if (this.shape.slots !== 1 || this.shape.itemType === '*') return undefined;
    if (this.needsResourceTags && !itemTags) return undefined;
    const context = { ...this.base.context, resourceTags: itemTags ? [...itemTags] : undefined };
    const holds = (r: StatementRef) =>
      !usesItemTags(r.statement) ||
      statementMatches(
        { ...r.statement, resource: ['*'] },
        { ...this.base, resource: '*', context },
      );
    let allowAny = false;
    const allow = new Set<string>();
    const deny = new Set<string>();
    for (const r of this.relevant) {
      if (!holds(r)) continue;
      const match = this.nameMatch(r.statement, vars);
      const into = r.statement.effect === 'allow' ? allow : deny;
      if (match.any) {
        if (r.statement.effect === 'allow') allowAny = true;
        else return { allow: [], deny: [] };
      } else for (const residual of match.residuals) into.add(likePattern(residual));
    }
    return { allow: allowAny ? 'any' : [...allow], deny: [...deny] };
  }

  /**
   * `namePredicate` for lists under tag conditions: items carry `inherited` unless they have
   * tags of their own (`tagged`, with their effective tags), which are decided one by one and
   * listed as exceptions.
   */
  exactNamesWithTags(
    vars: ReturnType<typeof variablesOf>,
    inherited: readonly string[],
    tagged: ReadonlyArray<{ name: string; resource: string; tags: readonly string[] }>,
  ): ExactNames | undefined {
    const predicate = this.namePredicate(vars, inherited);
    if (!predicate || !tagged.length) return predicate;
    const decide = this.itemDecider(this.base);
    return {
      ...predicate,
      except: tagged.map((t) => t.name),
      include: tagged.filter((t) => decide(t.name, t.resource, t.tags)).map((t) => t.name),
    };
  }

  /** The relevant statements in evaluation order, each with a test of the names it reaches. */
  statementNameTests(
    vars: ReturnType<typeof variablesOf>,
  ): Array<(name: string) => boolean> | undefined {
    if (this.shape.slots !== 1 || this.shape.itemType === '*') return undefined;
    return this.relevantPolicies().flatMap((p) =>
      p.document.statement.map((s) => nameTest(this.nameMatch(s, vars))),
    );
  }

  /**
   * Decides items one by one, with the engine, but once per distinct input: an item's decision
   * depends only on which relevant statements its name reaches and on its tags, so items that
   * agree on both share it (a 100,000-topic namespace under a tag condition costs a handful of
   * evaluations and a pattern test per statement and item).
   */
  itemDecider(
    base: AuthzRequest,
  ): (name: string, resource: string, tags: readonly string[] | undefined) => boolean {
    const policies = this.relevantPolicies();
    const tests = this.statementNameTests(variablesOf(base.principal));
    const memo = new Map<string, boolean>();
    // Items without tags of their own share one inherited array: join it once.
    const tagKeys = new WeakMap<readonly string[], string>();
    const tagKey = (tags: readonly string[]) => {
      let key = tagKeys.get(tags);
      if (key === undefined) tagKeys.set(tags, (key = tags.join('\u0001')));
      return key;
    };
    return (name, resource, tags) => {
      const key = tests
        ? `${tests.map((t) => (t(name) ? '1' : '0')).join('')}\u0000${tags ? tagKey(tags) : '-'}`
        : undefined;
      const hit = key === undefined ? undefined : memo.get(key);
      if (hit !== undefined) return hit;
      const allowed = evaluate(
        {
          ...base,
          resource,
          context: { ...base.context, resourceTags: tags ? [...tags] : undefined },
        },
        policies,
      ).allowed;
      if (key !== undefined) memo.set(key, allowed);
      return allowed;
    };
  }

  /**
   * For lists whose items differ only in their last id: what every item's resource string
   * starts with (their tags can be read by it). Undefined otherwise.
   */
  get commonPrefix(): string | undefined {
    return this.shape.slots === 1 && this.shape.itemType !== '*' ? this.itemPrefix() : undefined;
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
