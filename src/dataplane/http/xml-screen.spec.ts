import { DataPlaneError } from '../dataplane-error.js';
import { parseDocument, parsePublish } from './mq-xml.js';
import { isReservedName, MAX_DEPTH, MAX_ELEMENTS, screenXml } from './xml-screen.js';

const message = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Message xmlns="http://mq.aliyuncs.com/doc/v1/">${inner}</Message>`;
const nested = (levels: number) => `${'<a>'.repeat(levels)}x${'</a>'.repeat(levels)}`;

/** The refusal a body gets from parsePublish: its code and message, or 'accepted'. */
function refusal(text: string): string {
  try {
    parsePublish(Buffer.from(text));
    return 'accepted';
  } catch (e) {
    if (!(e instanceof DataPlaneError)) throw e;
    return `${e.code}: ${e.message}`;
  }
}

describe('screenXml (what no body may carry, refused before the full parser)', () => {
  it.each([
    [
      'an external entity',
      `<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>${message('<MessageBody>&x;</MessageBody>').slice(38)}`,
      'document type or entities',
    ],
    [
      'an internal entity',
      `<!DOCTYPE Message [<!ENTITY x "boom">]><Message><MessageBody>&x;</MessageBody></Message>`,
      'document type or entities',
    ],
    [
      'a bare ENTITY declaration',
      '<!ENTITY x "y"><Message><MessageBody>a</MessageBody></Message>',
      'document type or entities',
    ],
    [
      'a processing instruction',
      message('<?php x ?><MessageBody>a</MessageBody>'),
      'processing instruction',
    ],
    [
      'a declaration not at the start',
      ` <?xml version="1.0"?>${message('<MessageBody>a</MessageBody>').slice(38)}`,
      'misplaced XML declaration',
    ],
    [
      'a declaration hiding markup',
      '<?xml <!ENTITY x "y"><X a="1"/> version="1.0"?><Message><MessageBody>a</MessageBody></Message>',
      'malformed or misplaced XML declaration',
    ],
    [
      'an xml-stylesheet instruction',
      `<?xml-stylesheet href="x"?>${message('<MessageBody>a</MessageBody>').slice(38)}`,
      'processing instruction',
    ],
    [
      '200,000 nested tags',
      message(`<MessageBody>a</MessageBody>${nested(200_000)}`),
      `deeper than ${MAX_DEPTH}`,
    ],
    [
      '200,000 unclosed tags',
      message(`<MessageBody>a</MessageBody>${'<a>'.repeat(200_000)}`),
      `deeper than ${MAX_DEPTH}`,
    ],
    ['__proto__', message('<__proto__>x</__proto__><MessageBody>a</MessageBody>'), '<__proto__>'],
    ['constructor', message('<MessageBody>a</MessageBody><constructor/>'), '<constructor>'],
    ['prototype', message('<MessageBody>a</MessageBody><prototype>1</prototype>'), '<prototype>'],
    [
      'a nested __proto__',
      message('<MessageBody>a</MessageBody><x><__proto__><polluted>1</polluted></__proto__></x>'),
      '<__proto__>',
    ],
    ['a prefixed __proto__', message('<p:__proto__>1</p:__proto__>'), '<p:__proto__>'],
    ['toString', message('<MessageBody>a</MessageBody><toString>1</toString>'), '<toString>'],
    ['a __proto__ root', '<__proto__><MessageBody>a</MessageBody></__proto__>', '<__proto__>'],
    [
      'too many elements',
      message(`<MessageBody>a</MessageBody>${'<X/>'.repeat(MAX_ELEMENTS)}`),
      `more than ${MAX_ELEMENTS} elements`,
    ],
    [
      'too many attributes',
      message(
        `<MessageBody ${Array.from({ length: 2000 }, (_, i) => `a${i}="1"`).join(' ')}>a</MessageBody>`,
      ),
      'attributes',
    ],
    ['an unterminated comment', message('<!-- <MessageBody>a</MessageBody>'), 'not well-formed'],
    ['an unterminated CDATA section', message('<MessageBody><![CDATA[a'), 'not well-formed'],
    [
      'an unterminated attribute',
      '<Message a="1><MessageBody>a</MessageBody></Message>',
      'not well-formed',
    ],
    ['a stray <', message('<MessageBody>a < b</MessageBody>'), 'not well-formed'],
    ['a truncated tag', '<Message><MessageBody', 'not well-formed'],
  ])('refuses %s with MalformedXML', (_what, text, why) => {
    expect(refusal(text)).toMatch(/^MalformedXML: The request body /);
    expect(refusal(text)).toContain(why);
    expect(() => parseDocument(text, 'Message')).toThrow(why);
  });

  it('passes what the protocol sends, with a margin', () => {
    for (const text of [
      message('<MessageBody>a</MessageBody>'),
      `\ufeff${message('<MessageBody>a</MessageBody>')}`,
      '<?xml version="1.0"?><Message><MessageBody>a</MessageBody></Message>',
      '<?xml?><Message><MessageBody>a</MessageBody></Message>',
      message(
        '<!-- <!DOCTYPE x> <?pi?> --><MessageBody><![CDATA[<!DOCTYPE x><?pi?><a>]]></MessageBody>',
      ),
      message(`<MessageBody a='>/' b="<!x>">a</MessageBody>`),
      message(`<MessageBody>a</MessageBody><X>${nested(MAX_DEPTH - 2)}</X>`),
      message(`<MessageBody>a</MessageBody>${'<X/>'.repeat(MAX_ELEMENTS - 2)}`),
      message('<MessageBody>a</MessageBody><Ä>1</Ä><proto>1</proto><__proto>1</__proto>'),
    ])
      expect(() => screenXml(text)).not.toThrow();
    expect(refusal(message(`<MessageBody>a</MessageBody><X>${nested(MAX_DEPTH - 2)}</X>`))).toBe(
      'accepted',
    );
  });

  it('treats every name plain objects inherit, and prototype, as reserved', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'valueOf'])
      expect(isReservedName(name)).toBe(true);
    for (const name of ['MessageBody', 'Proto', '__proto', 'Constructor', 'x'])
      expect(isReservedName(name)).toBe(false);
  });

  it('never expands an entity into the message', () => {
    const text = `<!DOCTYPE Message [<!ENTITY x "${'y'.repeat(100)}">]><Message><MessageBody>&x;</MessageBody></Message>`;
    expect(refusal(text)).toMatch(/^MalformedXML/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
