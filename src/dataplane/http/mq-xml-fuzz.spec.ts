import fc from 'fast-check';
import sdkHelper from '@aliyunmq/mq-http-sdk/lib/helper.js';
import { DataPlaneError } from '../dataplane-error.js';
import {
  parseDocument,
  parseFlat,
  parsePublish,
  parseReceiptHandles,
  UNREADABLE,
} from './mq-xml.js';
import { isReservedName } from './xml-screen.js';

/** The HTTP SDK's own request serializer (a CJS module). */
const { toXMLBuffer } = ((sdkHelper as any).default ?? sdkHelper) as {
  toXMLBuffer(root: string, params: unknown, sub?: string): Buffer;
};

/** Fixed, so a failure reproduces; FUZZ_SEED and FUZZ_RUNS explore further. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);

type Root = 'Message' | 'ReceiptHandles';

const word = fc.stringMatching(/^[\w+/=.-]{1,24}$/);
/** What the SDK sends: a publish or a list of receipt handles. */
const sdkBody: fc.Arbitrary<{ root: Root; text: string }> = fc.oneof(
  fc
    .record(
      {
        MessageBody: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes(']]>')),
        MessageTag: word,
        Properties: fc
          .array(fc.tuple(word, word), { maxLength: 3 })
          .map((kv) => kv.map(([k, v]) => `${k}:${v}`).join('|')),
      },
      { requiredKeys: ['MessageBody'] },
    )
    .map((p) => ({ root: 'Message' as const, text: toXMLBuffer('Message', p).toString('utf8') })),
  fc.array(word, { minLength: 1, maxLength: 16 }).map((handles) => ({
    root: 'ReceiptHandles' as const,
    text: toXMLBuffer('ReceiptHandles', handles, 'ReceiptHandle').toString('utf8'),
  })),
);

const oddName = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'x:__proto__',
  'a:b:c',
  '1a',
  '-a',
  'Ä',
  'a\u0000b',
  'MessageBody',
  'ReceiptHandle',
  'Message',
  '',
);

/** Pieces a hostile or broken client might put anywhere in a body. */
const snippet: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE Message [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]>',
    '<!DOCTYPE Message SYSTEM "http://127.0.0.1:1/x.dtd">',
    '<!ENTITY x "y">',
    '<!ELEMENT a ANY>',
    '<!',
    '&x;',
    '&y;',
    '&#0;',
    '&#x110000;',
    '&#xD800;',
    '&amp;',
    '&lt;',
    '&',
    '<![CDATA[',
    ']]>',
    '<![CDATA[<!DOCTYPE x><?pi?>]]>',
    '<!--',
    '-->',
    '<!-- <!DOCTYPE x> -->',
    '<?xml version="1.0"?>',
    '<?php echo 1 ?>',
    '<?xml-stylesheet href="x"?>',
    '?>',
    '<',
    '>',
    '</',
    '/>',
    '"',
    "'",
    '=',
    '\u0000',
    '\ufeff',
    '\ud800',
    '\uffff',
    '💥',
    ' ',
    '\n',
    '</Message>',
    '<Message>',
    '</ReceiptHandles>',
    '<MessageBody>',
    '</MessageBody>',
    '<ReceiptHandle>',
  ),
  fc
    .tuple(oddName, fc.nat(4))
    .map(([n, k]) => [`<${n}>x</${n}>`, `<${n}/>`, `<${n}>`, `</${n}>`, `<X ${n}="1"/>`][k]),
  // Deep nesting, balanced or not.
  fc
    .tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean())
    .map(([d, closed]) => `${'<a>'.repeat(d)}x${closed ? '</a>'.repeat(d) : ''}`),
  // Huge attribute values and many attributes.
  fc
    .tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('"', "'"))
    .map(([n, q]) => `<X a=${q}${'x'.repeat(n)}${q}>`),
  fc
    .integer({ min: 1, max: 3000 })
    .map((n) => `<X ${Array.from({ length: n }, (_, i) => `a${i}="1"`).join(' ')}/>`),
  fc.integer({ min: 1, max: 3000 }).map((n) => '<X/>'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

/** Edits, as data (a failing case prints readably). Positions wrap around the text. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: snippet }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), n: fc.nat(8), s: snippet }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), n: fc.nat(64) }),
  fc.record({ kind: fc.constant('rename-root' as const), s: oddName }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, e: Edit): string {
  const i = 'at' in e ? e.at % (text.length + 1) : 0;
  switch (e.kind) {
    case 'truncate':
      return text.slice(0, i);
    case 'insert':
      return text.slice(0, i) + e.s + text.slice(i);
    case 'replace':
      return text.slice(0, i) + e.s + text.slice(i + e.n);
    case 'repeat':
      return text.slice(0, i + e.n) + text.slice(i);
    case 'rename-root':
      return text.replace(/Message|ReceiptHandles/g, e.s);
  }
}

/** A body: an SDK body edited 1-4 times, then (sometimes) with raw bytes overwritten (invalid UTF-8). */
const fuzzedBody = fc
  .tuple(
    sdkBody,
    fc.array(edit, { minLength: 1, maxLength: 4 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
  )
  .map(([base, edits, bytes]) => {
    const body = Buffer.from(edits.reduce(apply, base.text), 'utf8');
    for (const [at, byte] of bytes) if (body.length) body[at % body.length] = byte;
    const shown = JSON.stringify(body.toString('utf8').slice(0, 300));
    return {
      root: base.root,
      body,
      [fc.toStringMethod]: () => `${base.root}: ${shown} (${body.length} bytes)`,
    };
  });

type Outcome = { ok: unknown } | { error: unknown };
function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: fn() };
  } catch (error) {
    return { error };
  }
}

/** A refusal as the data plane answers it: a coded DataPlaneError, never the parser's own fault. */
function expectCoded(error: unknown, codes: string[]): void {
  expect(error).toBeInstanceOf(DataPlaneError);
  expect(codes).toContain((error as DataPlaneError).code);
  expect((error as DataPlaneError).message).not.toContain(UNREADABLE);
}

/** Plain objects with no reserved keys, lists and strings, all the way down. */
function expectPlainDocument(node: unknown): void {
  if (typeof node === 'string') return;
  if (Array.isArray(node)) return node.forEach(expectPlainDocument);
  expect(Object.getPrototypeOf(node)).toBe(Object.prototype);
  for (const [key, value] of Object.entries(node as object)) {
    expect(isReservedName(key)).toBe(false);
    expectPlainDocument(value);
  }
}

describe('the XML readers under fuzzed SDK bodies', () => {
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  const tally = { accepted: 0, refused: 0 };

  it('return a valid result or a MalformedXML refusal, never another exception', () => {
    fc.assert(
      fc.property(fuzzedBody, ({ root, body }) => {
        const text = body.toString('utf8');
        // The document level: MalformedXML or a plain document.
        const full = outcome(() => parseDocument(text, root));
        if ('error' in full) expectCoded(full.error, ['MalformedXML']);
        else expectPlainDocument(full.ok);
        // The flat reader never accepts what the full parser refuses, and reads it the same.
        const flat = parseFlat(text, root);
        if (flat !== undefined) expect(full).toEqual({ ok: flat });
        // The request level: the same, or InvalidArgument for a well-formed body with bad values.
        if (root === 'Message') {
          const r = outcome(() => parsePublish(body));
          if ('error' in r) expectCoded(r.error, ['MalformedXML', 'InvalidArgument']);
          else {
            const { message } = r.ok as ReturnType<typeof parsePublish>;
            expect(message.body.length).toBeGreaterThan(0);
            expect(['string', 'undefined']).toContain(typeof message.tag);
            expect(Object.getPrototypeOf(message.properties)).toBe(Object.prototype);
            for (const v of Object.values(message.properties)) expect(typeof v).toBe('string');
          }
          tally['error' in r ? 'refused' : 'accepted'] += 1;
        } else {
          const r = outcome(() => parseReceiptHandles(body));
          if ('error' in r) expectCoded(r.error, ['MalformedXML', 'InvalidArgument']);
          else {
            const handles = r.ok as string[];
            expect(handles.length).toBeGreaterThan(0);
            expect(handles.length).toBeLessThanOrEqual(16);
            for (const h of handles) expect(typeof h === 'string' && h.length > 0).toBe(true);
          }
          tally['error' in r ? 'refused' : 'accepted'] += 1;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Both outcomes were exercised, and nothing reached Object.prototype.
    expect(tally.accepted).toBeGreaterThan(100);
    expect(tally.refused).toBeGreaterThan(1000);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
