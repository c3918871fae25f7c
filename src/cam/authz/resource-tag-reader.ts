import { Injectable } from '@nestjs/common';
import { SqlReader } from '../../database/sql-reader.js';

/** Large lists are read in batches so one statement never carries an unbounded array. */
const BATCH = 5_000;

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

/**
 * The tags CAM conditions see on resources (`qcs:resource_tag`, each `key&value`). Tags are
 * usually set on clusters, so a resource inside a cluster carries its cluster's tags (and its
 * namespace's), its own tags overriding an inherited tag with the same key: "env&prod on the
 * cluster" then grants or denies the cluster's namespaces, topics and groups as users expect.
 */
@Injectable()
export class ResourceTagReader {
  constructor(private readonly sql: SqlReader) {}

  async tagsOf(ownerUin: string, resources: readonly string[]): Promise<Map<string, string[]>> {
    const ancestors = new Map(resources.map((r) => [r, tagAncestors(r)]));
    const own = await this.ownTags(ownerUin, [
      ...new Set([...resources, ...[...ancestors.values()].flat()]),
    ]);
    const out = new Map<string, string[]>();
    for (const r of resources) {
      const merged = new Map<string, string>();
      for (const source of [...ancestors.get(r)!, r])
        for (const [key, value] of own.get(source) ?? []) merged.set(key, value);
      if (merged.size)
        out.set(
          r,
          [...merged].map(([k, v]) => `${k}&${v}`),
        );
    }
    return out;
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
      for (const r of rows) {
        const list = out.get(r.resource);
        if (list) list.push([r.key, r.value]);
        else out.set(r.resource, [[r.key, r.value]]);
      }
    }
    return out;
  }
}
