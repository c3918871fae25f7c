/**
 * A bounded memo for pure functions of a string (compiled patterns, parsed operators, parsed
 * addresses): the inputs come from policy documents, so the working set is small, but a
 * stream of distinct inputs must not grow memory without limit.
 */
export function memoize<T>(fn: (input: string) => T, maxEntries = 10_000): (input: string) => T {
  const cache = new Map<string, T>();
  return (input: string) => {
    if (cache.has(input)) return cache.get(input) as T;
    const value = fn(input);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(input, value);
    return value;
  };
}
