import { DataPlaneError } from '../dataplane-error.js';

/**
 * Bounds for a request body before any general XML parser sees it. The protocol's documents
 * are two levels deep (`<Message><MessageBody>`) with a handful of fields, at most 16 receipt
 * handles and one attribute (xmlns); the bounds leave a wide margin and still keep the
 * full parser (which recurses per level and takes seconds over 10 MB of tiny elements) cheap.
 */
export const MAX_DEPTH = 8;
export const MAX_ELEMENTS = 1024;
export const MAX_ATTRIBUTES = 1024;

/**
 * Names a plain object inherits, and `prototype`: an element so named could reach an object's
 * prototype (or shadow its methods) when a document becomes an object, so none is accepted.
 */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Whether an element name (or its part after a namespace prefix) is one of those. */
export function isReservedName(name: string): boolean {
  return RESERVED.has(name) || RESERVED.has(name.slice(name.indexOf(':') + 1));
}

export const malformed = (why: string) =>
  new DataPlaneError('MalformedXML', `The request body ${why}.`);
export const notWellFormed = () => malformed('is not well-formed XML');

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const QUOTE = 0x22;
const APOS = 0x27;
const BOM = 0xfeff;

/** Where a tag name starting at `from` ends: at whitespace, `/`, `>`, `<` or the text's end. */
function nameEnd(text: string, from: number): number {
  let at = from;
  for (; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c <= 0x20 || c === SLASH || c === GT || c === LT) break;
  }
  return at;
}

/**
 * The XML declaration as clients write it (sticky: tried where lastIndex says): up to three
 * pseudo-attributes, values without markup. The flat reader reads the same.
 */
export const DECLARATION = /<\?xml(?:\s+[A-Za-z]+\s*=\s*(?:"[^"<>?]*"|'[^'<>?]*')){0,3}\s*\?>/y;

/**
 * Where a leading declaration (after an optional byte-order mark) ends, else where the text
 * starts. Any other `<?xml…` is refused: a loose one could hide markup from this pass.
 */
function afterDeclaration(text: string): number {
  const start = text.charCodeAt(0) === BOM ? 1 : 0;
  DECLARATION.lastIndex = start;
  if (DECLARATION.test(text)) return DECLARATION.lastIndex;
  return start;
}

/**
 * Refuses what a request body must never carry, in one linear pass and without recursion:
 * document type and entity declarations (`<!DOCTYPE`, `<!ENTITY`, … — no entity of ours is
 * ever declared by a client, and external ones would read files or the network), processing
 * instructions other than the leading XML declaration, nesting deeper than MAX_DEPTH, more
 * than MAX_ELEMENTS elements or MAX_ATTRIBUTES attributes, and element names from RESERVED.
 * It never stops early: what it cannot follow (an unterminated comment, CDATA section, tag or
 * attribute value, a stray `<`) is not well-formed and refused here; other faults are left to
 * the validator. Whatever the flat reader reads passes here (it reads a subset).
 * Attribute names are not checked: the parser ignores attributes, so none becomes a key.
 */
export function screenXml(text: string): void {
  let depth = 0;
  let elements = 0;
  let attributes = 0;
  let at = afterDeclaration(text);
  for (;;) {
    const lt = text.indexOf('<', at);
    if (lt < 0) return;
    const next = text.charCodeAt(lt + 1);
    if (next === BANG) {
      const [open, close] = text.startsWith('<!--', lt)
        ? ['<!--', '-->']
        : text.startsWith('<![CDATA[', lt)
          ? ['<![CDATA[', ']]>']
          : [];
      if (!open)
        throw malformed('declares a document type or entities (<!…>), which are not accepted');
      const end = text.indexOf(close!, lt + open.length);
      if (end < 0) throw notWellFormed();
      at = end + close!.length;
      continue;
    }
    if (next === QUESTION)
      throw malformed(
        /^<\?xml[\s?]/.test(text.slice(lt, lt + 6))
          ? 'has a malformed or misplaced XML declaration'
          : 'has a processing instruction (<?…?>) other than the XML declaration',
      );
    const closing = next === SLASH;
    const from = closing ? lt + 2 : lt + 1;
    const end = nameEnd(text, from);
    const name = text.slice(from, end);
    if (!name) throw notWellFormed(); // a stray `<`
    if (isReservedName(name)) throw malformed(`has an element named <${name}>`);
    if (closing) {
      if (depth > 0) depth -= 1;
      at = end;
      continue;
    }
    if (++elements > MAX_ELEMENTS) throw malformed(`has more than ${MAX_ELEMENTS} elements`);
    // The rest of the start tag: quoted attribute values may hold `>` and `/`.
    let p = end;
    for (;;) {
      const c = text.charCodeAt(p);
      if (Number.isNaN(c) || c === LT) throw notWellFormed(); // a truncated or broken tag
      if (c === QUOTE || c === APOS) {
        if (++attributes > MAX_ATTRIBUTES)
          throw malformed(`has more than ${MAX_ATTRIBUTES} attributes`);
        const close = text.indexOf(text[p], p + 1);
        if (close < 0) throw notWellFormed();
        p = close + 1;
        continue;
      }
      if (c === GT) break;
      p += 1;
    }
    if (text.charCodeAt(p - 1) !== SLASH && ++depth > MAX_DEPTH)
      throw malformed(`nests elements deeper than ${MAX_DEPTH} levels`);
    at = p + 1;
  }
}
