/**
 * What a list action may show its caller (CAM filtering of list actions, cam.md). The gateway
 * computes it from the caller's policies before the handler runs:
 *  - `all`: every item is visible (the root account, or a policy that covers the whole list
 *    with no deny that could touch it): list with SQL paging as usual;
 *  - `none`: no item can be visible: answer an empty page and TotalCount 0;
 *  - `some`: items are decided one by one (resource patterns, tag conditions, denies): fetch
 *    the candidates, `filter` them, then page, so TotalCount counts what the caller may see.
 */
export interface ListVisibility {
  readonly kind: 'all' | 'none' | 'some';
  /** The items the caller may see, in the given order; `pathOf` names an item's id path below its type. */
  filter<T>(items: readonly T[], pathOf: (item: T) => readonly string[]): Promise<T[]>;
  /** The same for lists of any resources (the tag API), each named by its six-segment string. */
  filterResources<T>(items: readonly T[], resourceOf: (item: T) => string): Promise<T[]>;
  /**
   * `some` lists of named items (topics, groups): a visible item's name starts with one of
   * these (undefined: any name may be visible). Queries narrow their candidates with it.
   */
  readonly namePrefixes?: readonly string[];
  /**
   * `some` lists of named items whose visibility depends on the name alone: exactly the
   * visible names, as LIKE patterns (`allow` 'any': every name not denied). The query then
   * filters, counts and pages in the database and `filter` is not needed.
   */
  readonly exactNames?: ExactNames;
}

/**
 * The visible names of a list, for the database: a name matching an `allow` pattern (or any
 * name) and no `deny` pattern, except the names in `except`, plus those in `include` (items
 * decided one by one, e.g. those with tags of their own under a tag condition).
 */
export interface ExactNames {
  readonly allow: readonly string[] | 'any';
  readonly deny: readonly string[];
  readonly except?: readonly string[];
  readonly include?: readonly string[];
}

/** The SQL condition of `exactNames` on `column`, or undefined when the visibility has none. */
export function exactNameCondition(
  visibility: ListVisibility,
  column: string,
  param: (value: unknown) => string,
): string | undefined {
  const names = visibility.exactNames;
  if (visibility.kind !== 'some' || !names) return undefined;
  const parts: string[] = [];
  if (names.allow !== 'any')
    parts.push(names.allow.length ? `${column} LIKE ANY(${param(names.allow)}::text[])` : 'false');
  if (names.deny.length) parts.push(`NOT (${column} LIKE ANY(${param(names.deny)}::text[]))`);
  if (names.except?.length) parts.push(`NOT (${column} = ANY(${param(names.except)}::text[]))`);
  const byPattern = parts.length ? parts.join(' AND ') : 'true';
  return names.include?.length
    ? `((${byPattern}) OR ${column} = ANY(${param(names.include)}::text[]))`
    : `(${byPattern})`;
}

/** `column LIKE ANY(…)` for the visibility's name prefixes, or undefined when it does not narrow. */
export function namePrefixCondition(
  visibility: ListVisibility,
  column: string,
  param: (value: unknown) => string,
): string | undefined {
  const prefixes = visibility.namePrefixes;
  if (!prefixes) return undefined;
  if (!prefixes.length) return 'false';
  const patterns = prefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return `${column} LIKE ANY(${param(patterns)}::text[])`;
}

export const SEE_ALL: ListVisibility = {
  kind: 'all',
  filter: <T>(items: readonly T[]) => Promise.resolve([...items]),
  filterResources: <T>(items: readonly T[]) => Promise.resolve([...items]),
};

export const SEE_NONE: ListVisibility = {
  kind: 'none',
  filter: <T>() => Promise.resolve([] as T[]),
  filterResources: <T>() => Promise.resolve([] as T[]),
};

/** Offset/Limit over the visible items: the page and the count of every visible item. */
export async function visiblePage<T>(
  visibility: ListVisibility,
  candidates: () => Promise<readonly T[]>,
  pathOf: (item: T) => readonly string[],
  offset: number,
  limit: number,
): Promise<{ total: number; page: T[] }> {
  if (visibility.kind === 'none') return { total: 0, page: [] };
  const visible = await visibility.filter(await candidates(), pathOf);
  return { total: visible.length, page: visible.slice(offset, offset + limit) };
}
