/** Offset/Limit as Tencent's list actions take them. Limit 0 answers TotalCount alone. */
export const OFFSET = { min: 0, max: 2_147_483_647 };
export const LIMIT = { min: 0, max: 100 };

/** Escapes LIKE wildcards so a keyword matches literally. */
export function likeContains(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
