import fc from 'fast-check';
import sdkHelper from '@aliyunmq/mq-http-sdk/lib/helper.js';
import { DataPlaneError } from '../dataplane-error.js';
import { parseDocument, parseFlat, parsePublish, parseReceiptHandles } from './mq-xml.js';

/** The HTTP SDK's own request serializer (a CJS module). */
const { toXMLBuffer } = ((sdkHelper as any).default ?? sdkHelper) as {
  toXMLBuffer(root: string, params: unknown, sub?: string): Buffer;
};

/** Text an XML 1.0 document can carry, markup characters included (inside CDATA they are literal). */
const xmlText = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/]]>/g, ''),
);
const name = fc.constantFrom('MessageBody', 'MessageTag', 'Properties', 'Other', 'X1');

function fullOrError(text: string, root: string): unknown {
  try {
    return parseDocument(text, root);
  } catch (e) {
    return e instanceof DataPlaneError ? e.code : e;
  }
}

describe('the flat XML reader (the common case without the general parser)', () => {
  it('reads what the SDK sends exactly as the full parser does', () => {
    fc.assert(
      fc.property(fc.dictionary(name, xmlText, { minKeys: 1 }), (params) => {
        const text = toXMLBuffer('Message', params).toString('utf8');
        const flat = parseFlat(text, 'Message');
        expect(flat).toEqual(params);
        expect(flat).toEqual(parseDocument(text, 'Message'));
      }),
      { numRuns: 500 },
    );
  });

  it('reads the SDK’s receipt handle lists as the full parser does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[\w+/=.-]{1,40}$/), { minLength: 1, maxLength: 16 }),
        (handles) => {
          const text = toXMLBuffer('ReceiptHandles', handles, 'ReceiptHandle').toString('utf8');
          expect(parseFlat(text, 'ReceiptHandles')).toEqual({ ReceiptHandle: handles });
          expect(parseDocument(text, 'ReceiptHandles')).toEqual({ ReceiptHandle: handles });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never disagrees with the full parser: a document it reads, the full parser reads the same way', () => {
    // Documents shaped like the SDK's with pieces that may break them (references, comments,
    // stray markup, whitespace, repeats): whatever the flat reader accepts must be valid and read
    // identically by the full parser.
    const piece = fc.oneof(
      xmlText.map((t) => `<![CDATA[${t}]]>`),
      xmlText.filter((t) => !/[<&]/.test(t)),
      fc.constantFrom(
        '&amp;',
        '&lt;',
        '&#65;',
        '&bogus;',
        '<!-- c -->',
        '<',
        '>',
        ']]>',
        ' ',
        '\n',
        '\r',
        '\r\n',
        '<X/>',
        '<__proto__>x</__proto__>',
        '<constructor/>',
      ),
    );
    const child = fc
      .tuple(name, fc.array(piece, { maxLength: 4 }), fc.constantFrom('', '', '', ' ', '\n'))
      .map(([n, pieces, gap]) => `${gap}<${n}>${pieces.join('')}</${n}>`);
    const doc = fc
      .tuple(
        fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>', ' '),
        fc.constantFrom(
          '<Message>',
          '<Message xmlns="http://mq.aliyuncs.com/doc/v1/">',
          '<Message a=\'1\' b="2">',
          '<Other>',
        ),
        fc.array(child, { maxLength: 4 }),
        fc.constantFrom('</Message>', '</Message>\n', '</Other>', ''),
      )
      .map(([decl, open, children, close]) => `${decl}${open}${children.join('')}${close}`);
    let accepted = 0;
    fc.assert(
      fc.property(doc, (text) => {
        const flat = parseFlat(text, 'Message');
        if (flat === undefined) return;
        accepted += 1;
        expect(fullOrError(text, 'Message')).toEqual(flat);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(60); // the property was exercised
  });

  it('leaves what it does not handle to the full parser', () => {
    const wrapped = (inner: string) => `<Message>${inner}</Message>`;
    for (const text of [
      wrapped('<MessageBody>a &amp; b</MessageBody>'), // a reference
      wrapped('<MessageBody>a</MessageBody><MessageBody>b</MessageBody>'), // a repeat
      wrapped('<MessageBody><X>a</X></MessageBody>'), // nesting
      wrapped('<MessageBody a="1">a</MessageBody>'), // a child's attribute
      wrapped('<!-- c --><MessageBody>a</MessageBody>'), // a comment
      wrapped('<__proto__>a</__proto__>'), // a name plain objects inherit
      `${wrapped('<MessageBody>a</MessageBody>')}\n`, // trailing whitespace
      wrapped('\n<MessageBody>a</MessageBody>\n'), // whitespace between elements
      '<Other><MessageBody>a</MessageBody></Other>', // another root
      '',
    ])
      expect(parseFlat(text, 'Message')).toBeUndefined();
    // …and those still get their answers there.
    expect(
      parsePublish(
        Buffer.from(wrapped('<MessageBody>a &amp; b</MessageBody>')),
      ).message.body.toString(),
    ).toBe('a & b');
    expect(() => parsePublish(Buffer.from(wrapped('<MessageBody><X>a</X></MessageBody>')))).toThrow(
      'child elements',
    );
    expect(() => parsePublish(Buffer.from('<Other/>'))).toThrow('must be a <Message> document');
  });

  it('reads line ends as the full parser does (\\r\\n and a lone \\r as \\n, in CDATA too)', () => {
    for (const inner of [
      'a\rb',
      'a\r\nb',
      '<![CDATA[a\r\nb]]>',
      '<![CDATA[x\r]]>\ny',
      'x\r<![CDATA[\ny]]>',
      '<![CDATA[\r\r\n]]>',
    ]) {
      const text = `<Message><MessageBody>${inner}</MessageBody></Message>`;
      expect(parseFlat(text, 'Message')).toEqual(parseDocument(text, 'Message'));
    }
    expect(parseFlat('<Message><MessageBody>a\r\nb</MessageBody></Message>', 'Message')).toEqual({
      MessageBody: 'a\nb',
    });
  });

  it('reads 10 MB of CDATA sections in one pass (not once per section)', () => {
    const sections = '<![CDATA[a]]>'.repeat(800_000);
    const published = parsePublish(
      Buffer.from(`<Message><MessageBody>${sections}</MessageBody></Message>`),
    );
    expect(published.message.body.length).toBe(800_000);
  });

  it('reads a publish with a 4 MB body and a batch of handles', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    const published = parsePublish(toXMLBuffer('Message', { MessageBody: big, MessageTag: 'T' }));
    expect(published.message.body.length).toBe(big.length);
    expect(published.message.tag).toBe('T');
    // Without CDATA too (a regular expression over this once ran out of stack: a 500).
    const plain = Buffer.from(`<Message><MessageBody>${big}</MessageBody></Message>`);
    expect(parsePublish(plain).message.body.length).toBe(big.length);
    expect(parseReceiptHandles(toXMLBuffer('ReceiptHandles', ['a', 'b'], 'ReceiptHandle'))).toEqual(
      ['a', 'b'],
    );
  });
});
