import { Injectable } from '@nestjs/common';
import { SqlReader } from '../../database/sql-reader.js';

/** Large lists are read in batches so one statement never carries an unbounded array. */
const BATCH = 5_000;
/** Above this many resources sharing a prefix, their tags are read by the prefix. */
const BY_PREFIX = 1_000;

/**
 * The resources whose tags a tdmq resource inherits, outermost first: a namespace inherits
 * its cluster's, a topic or group its cluster's and namespace's, and so on.
 */
export function tagAncestors(resource: string): string[] {
  const seg = resource.split(':');
  if (seg.length !== 6 || seg[0] !== 'qcs' || seg[2] !== 'tdmq') return [];
  const head = seg.slice(0, 5).join(':');
  const [type, ...path] = seg[5].split('/');
  const cluster = `${head}:cluster/${path[0]}`;
  const namespace = `${head}:namespace/${path[0]}/${path[1]}`;
  switch (type) {
    case 'namespace':
    case 'role':
      return path.length >= 2 ? [cluster] : [];
    case 'topic':
    case 'group':
    case 'environmentRole':
      return path.length >= 3 ? [cluster, namespace] : [];
    case 'consumer':
      // A consumer is a group's position on a topic: it carries the group's tags.
      return path.length >= 4
        ? [cluster, namespace, `${head}:group/${path[0]}/${path[1]}/${path[3]}`]
        : [];
    default:
      return [];
  }
}

/** Tags of `sources`, outermost first: an inner resource's value for a key wins. */
function merge(
  sources: readonly string[],
  own: Map<string, Array<[string, string]>>,
): Map<string, string> {
  const merged = new Map<string, string>();
  for (const source of sources)
    for (const [key, value] of own.get(source) ?? []) merged.set(key, value);
  return merged;
}

const pairs = (tags: Map<string, string>) => [...tags].map(([k, v]) => `${k}&${v}`);

/**
 * The tags CAM conditions see on resources (`qcs:resource_tag`, each `key&value`). Tags are
 * usually set on clusters, so a resource inside a cluster carries its cluster's tags (and its
 * namespace's), its own tags overriding an inherited tag with the same key: "env&prod on the
 * cluster" then grants or denies the cluster's namespaces, topics and groups as users expect.
 */
@Injectable()
export class ResourceTagReader {
  constructor(private readonly sql: SqlReader) {}

  /**
   * Each resource's effective tags (resources with none are absent from the map).
   * `commonPrefix`: every resource starts with it and they differ only in their last id (the
   * items of one list), so they share their ancestors; many of them are then read by the prefix
   * in one statement, and those without tags of their own share one inherited array.
   */
  async tagsOf(
    ownerUin: string,
    resources: readonly string[],
    commonPrefix?: string,
  ): Promise<Map<string, string[]>> {
    if (commonPrefix && resources.length > BY_PREFIX) {
      const ancestors = tagAncestors(resources[0]);
      const own = await this.ownTagsByPrefix(ownerUin, commonPrefix, ancestors);
      const inherited = merge(ancestors, own);
      const shared = pairs(inherited);
      const out = new Map<string, string[]>();
      for (const r of resources) {
        const mine = own.get(r);
        if (mine) {
          const merged = new Map(inherited);
          for (const [key, value] of mine) merged.set(key, value);
          out.set(r, pairs(merged));
        } else if (shared.length) out.set(r, shared);
      }
      return out;
    }
    const ancestors = new Map(resources.map((r) => [r, tagAncestors(r)]));
    const own = await this.ownTags(ownerUin, [
      ...new Set([...resources, ...[...ancestors.values()].flat()]),
    ]);
    const out = new Map<string, string[]>();
    for (const r of resources) {
      const merged = merge([...ancestors.get(r)!, r], own);
      if (merged.size) out.set(r, pairs(merged));
    }
    return out;
  }

  /**
   * The tags of the items of one list (resources starting with `prefix` and differing only in
   * their last id): those every item inherits from the list's parents, and the effective tags of
   * the items that have tags of their own (at most `limit` of them: undefined beyond).
   */
  async tagsUnder(
    ownerUin: string,
    prefix: string,
    limit: number,
  ): Promise<
    { inherited: string[]; tagged: Array<{ resource: string; tags: string[] }> } | undefined
  > {
    const ancestors = tagAncestors(`${prefix}x`);
    const own = await this.ownTagsByPrefix(ownerUin, prefix, ancestors);
    const inherited = merge(ancestors, own);
    const tagged: Array<{ resource: string; tags: string[] }> = [];
    for (const [resource, mine] of own) {
      if (!resource.startsWith(prefix)) continue;
      if (tagged.length >= limit) return undefined;
      const merged = new Map(inherited);
      for (const [key, value] of mine) merged.set(key, value);
      tagged.push({ resource, tags: pairs(merged) });
    }
    return { inherited: pairs(inherited), tagged };
  }

  private async ownTagsByPrefix(
    ownerUin: string,
    prefix: string,
    also: string[],
  ): Promise<Map<string, Array<[string, string]>>> {
    const rows = await this.sql.rows<{ resource: string; key: string; value: string }>(
      `SELECT resource, tag_key AS key, tag_value AS value FROM resource_tags
        WHERE owner_uin = $1 AND (starts_with(resource, $2) OR resource = ANY($3))
        ORDER BY resource, tag_key`,
      [ownerUin, prefix, also],
    );
    return this.grouped(rows);
  }

  private grouped(
    rows: ReadonlyArray<{ resource: string; key: string; value: string }>,
    into = new Map<string, Array<[string, string]>>(),
  ): Map<string, Array<[string, string]>> {
    for (const r of rows) {
      const list = into.get(r.resource);
      if (list) list.push([r.key, r.value]);
      else into.set(r.resource, [[r.key, r.value]]);
    }
    return into;
  }

  private async ownTags(
    ownerUin: string,
    resources: string[],
  ): Promise<Map<string, Array<[string, string]>>> {
    const out = new Map<string, Array<[string, string]>>();
    for (let i = 0; i < resources.length; i += BATCH) {
      const rows = await this.sql.rows<{ resource: string; key: string; value: string }>(
        `SELECT resource, tag_key AS key, tag_value AS value FROM resource_tags
          WHERE owner_uin = $1 AND resource = ANY($2) ORDER BY resource, tag_key`,
        [ownerUin, resources.slice(i, i + BATCH)],
      );
      this.grouped(rows, out);
    }
    return out;
  }
}
