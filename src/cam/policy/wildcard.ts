/**
 * A wildcard matcher without backtracking (a backtracking regex took seconds on patterns such
 * as `*a*a*a*a*a*a*c`). A pattern is its literal segments between `*`s; each segment is a run
 * of literal text and `?` (exactly one code point). The first segment must match at the start,
 * the last at the end, and the middle ones are searched leftmost-first: a segment always spans
 * the same number of code points, so an earlier start never ends later, and taking the
 * earliest match leaves the most room for the rest. Worst case O(pattern × value).
 *
 * Semantics are those of the former `new RegExp('^…$', 'su')`: the value is read as code points
 * (a surrogate pair is one, a lone surrogate is one), so literal text matches only at code
 * point boundaries of the value and `?` consumes a whole pair.
 */

/** `?`: any one code point. */
export const ANY_ONE = null;
export type Piece = string | typeof ANY_ONE;

interface Segment {
  readonly pieces: readonly Piece[];
  /** Code points the segment spans in any value it matches. */
  readonly codePoints: number;
  /** The first literal piece, and how many `?`s precede it. */
  readonly anchor: string | undefined;
  readonly lead: number;
}

/** A compiled pattern: segments.length is the number of `*`s plus one. */
export interface Wildcard {
  readonly segments: readonly Segment[];
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Whether `i` is a code point boundary of `s` (not between the halves of a pair). */
function isBoundary(s: string, i: number): boolean {
  return i <= 0 || i >= s.length || !(isLow(s.charCodeAt(i)) && isHigh(s.charCodeAt(i - 1)));
}

/** The position after the code point at `i` (i < s.length). */
function nextCodePoint(s: string, i: number): number {
  return isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1)) ? i + 2 : i + 1;
}

/** The position before the code point that ends at `i` (i > 0). */
function previousCodePoint(s: string, i: number): number {
  return isLow(s.charCodeAt(i - 1)) && isHigh(s.charCodeAt(i - 2)) ? i - 2 : i - 1;
}

function countCodePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i = nextCodePoint(s, i)) n++;
  return n;
}

/**
 * A pattern from its segments (the pieces between `*`s, in order). Adjacent literals are
 * joined first: as in the regex source, a high surrogate at the end of one and a low one at
 * the start of the next form a pair.
 */
export function compileWildcard(segments: ReadonlyArray<readonly Piece[]>): Wildcard {
  return { segments: segments.map(compileSegment) };
}

function compileSegment(raw: readonly Piece[]): Segment {
  const pieces: Piece[] = [];
  for (const piece of raw) {
    const last = pieces.length - 1;
    if (piece === ANY_ONE) pieces.push(ANY_ONE);
    else if (piece === '') continue;
    else if (last >= 0 && pieces[last] !== ANY_ONE) pieces[last] += piece;
    else pieces.push(piece);
  }
  const codePoints = pieces.reduce((n, p) => n + (p === ANY_ONE ? 1 : countCodePoints(p)), 0);
  const lead = pieces.findIndex((p) => p !== ANY_ONE);
  return {
    pieces,
    codePoints,
    anchor: lead < 0 ? undefined : (pieces[lead] as string),
    lead: lead < 0 ? pieces.length : lead,
  };
}

/** Where `segment` ends when it starts at the boundary `at`, or -1 when it does not match there. */
function matchAt(segment: Segment, value: string, at: number): number {
  let p = at;
  for (const piece of segment.pieces) {
    if (piece === ANY_ONE) {
      if (p >= value.length) return -1;
      p = nextCodePoint(value, p);
    } else {
      if (!value.startsWith(piece, p)) return -1;
      p += piece.length;
      if (!isBoundary(value, p)) return -1;
    }
  }
  return p;
}

/** `from` advanced by `n` code points, or -1 when the value ends first. */
function advance(value: string, from: number, n: number): number {
  let p = from;
  for (let k = 0; k < n; k++) {
    if (p >= value.length) return -1;
    p = nextCodePoint(value, p);
  }
  return p;
}

/**
 * The end of the leftmost match of `segment` starting at or after the boundary `from` and
 * ending at or before `limit`, or -1. Candidates are found through the segment's first
 * literal (by indexOf), so only places where it occurs are tried.
 */
function findFrom(segment: Segment, value: string, from: number, limit: number): number {
  const { anchor, lead } = segment;
  // Only `?`s: the earliest start is the best one.
  if (anchor === undefined) {
    const end = matchAt(segment, value, from);
    return end <= limit ? end : -1;
  }
  let at = advance(value, from, lead);
  while (at >= 0) {
    at = value.indexOf(anchor, at);
    if (at < 0) return -1;
    if (isBoundary(value, at)) {
      let start = at;
      for (let k = 0; k < lead; k++) start = previousCodePoint(value, start);
      const end = start > limit ? Infinity : matchAt(segment, value, start);
      // Later starts end later, so past the limit nothing further can fit.
      if (end > limit) return -1;
      if (end >= 0) return end;
    }
    at++;
  }
  return -1;
}

/** Whether `value` matches the compiled pattern entirely. */
export function wildcardMatches(pattern: Wildcard, value: string): boolean {
  const { segments } = pattern;
  const head = segments[0];
  if (segments.length === 1) return matchAt(head, value, 0) === value.length;
  let pos = matchAt(head, value, 0);
  if (pos < 0) return false;
  // The last segment spans a known number of code points, so where it must start is known.
  const tail = segments[segments.length - 1];
  let tailStart = value.length;
  for (let n = 0; n < tail.codePoints; n++) {
    if (tailStart <= pos) return false;
    tailStart = previousCodePoint(value, tailStart);
  }
  for (let i = 1; i < segments.length - 1; i++) {
    pos = findFrom(segments[i], value, pos, tailStart);
    if (pos < 0) return false;
  }
  return matchAt(tail, value, tailStart) === value.length;
}
