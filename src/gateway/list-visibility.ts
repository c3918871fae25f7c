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
