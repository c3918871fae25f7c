import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createHash } from 'node:crypto';
import type { Delivered } from '../consume.service.js';
import { DataPlaneError } from '../dataplane-error.js';
import type { OutgoingMessage } from '../message-rules.js';
import {
  DECLARATION,
  isReservedName,
  malformed,
  MAX_ATTRIBUTES,
  MAX_DEPTH,
  MAX_ELEMENTS,
  notWellFormed,
  screenXml,
} from './xml-screen.js';

const NS = 'http://mq.aliyuncs.com/doc/v1/';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** Property keys the HTTP SDKs use for message fields. */
const KEYS = 'KEYS';
const START_DELIVER_TIME = '__STARTDELIVERTIME';
const SHARDING_KEY = '__SHARDINGKEY';
const TRANS_CHECK = '__TransCheckT';
/** RocketMQ 4's delay level property (`MessageConst.PROPERTY_DELAY_TIME_LEVEL`), set with putProperty. */
const DELAY_LEVEL = 'DELAY';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  cdataPropName: false,
  processEntities: true,
  isArray: (name) => name === 'ReceiptHandle',
  maxNestedTags: MAX_DEPTH, // screenXml refuses deeper documents first; this is a second bound
});

/**
 * What a body the parser itself throws on is answered with. screenXml and the validator are
 * meant to refuse every such body first (the fuzz tests check this message never appears).
 */
export const UNREADABLE = 'could not be read as XML';

function parse(body: Buffer | undefined, root: string): Record<string, unknown> {
  const text = body?.toString('utf8') ?? '';
  return parseFlat(text, root) ?? parseDocument(text, root);
}

/**
 * Any document, through the full parser — screened (screenXml) and validated first; the root's
 * children. Every refusal is a MalformedXML DataPlaneError, whatever the input.
 */
export function parseDocument(text: string, root: string): Record<string, unknown> {
  if (!text.trim()) throw malformed('is empty');
  screenXml(text);
  if (XMLValidator.validate(text) !== true) throw notWellFormed();
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch {
    throw malformed(UNREADABLE);
  }
  const node = doc[root];
  if (node === undefined) throw malformed(`must be a <${root}> document`);
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {};
}

/** At most MAX_ATTRIBUTES, as screenXml allows: what this reads, the full path reads too. */
const ROOT_ATTRIBUTES = new RegExp(
  `(?:\\s+[A-Za-z_][\\w.:-]*\\s*=\\s*(?:"[^"<&]*"|'[^'<&]*')){0,${MAX_ATTRIBUTES}}\\s*>`,
  'y',
);
const CHILD = /<([A-Za-z_][\w.-]*)>/y;
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

/** XML's end-of-line handling (`\r\n` and a lone `\r` read as `\n`), as the full parser applies it. */
const lineEnds = (raw: string) => (raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw);

/**
 * An element's content from `at`: text without references and CDATA sections, in any order, up
 * to the next tag — its value and where it ends; undefined for a reference. (A loop over
 * indexOf, not a regular expression: a 4 MB body must not depend on the regexp engine's stack.
 * `next.amp`, the next `&`, is looked up again only once passed: many CDATA sections or elements
 * keep the read linear.) Line ends are read per raw slice, as the whole document would be: a
 * `\r\n` never spans markup.
 */
function readContent(
  text: string,
  at: number,
  next: { amp: number },
): { value: string; end: number } | undefined {
  let value = '';
  for (;;) {
    const lt = text.indexOf('<', at);
    if (lt < 0) return undefined;
    if (next.amp >= 0 && next.amp < at) next.amp = text.indexOf('&', at);
    if (next.amp >= 0 && next.amp < lt) return undefined;
    value += lineEnds(text.slice(at, lt));
    if (!text.startsWith(CDATA_OPEN, lt)) return { value, end: lt };
    const close = text.indexOf(CDATA_CLOSE, lt + CDATA_OPEN.length);
    if (close < 0) return undefined;
    value += lineEnds(text.slice(lt + CDATA_OPEN.length, close));
    at = close + CDATA_CLOSE.length;
  }
}

/**
 * The common case read without a general XML parser: what the SDKs send — a declaration, the
 * root with its attributes, then flat children holding text and CDATA sections (no references,
 * comments, attributes or nesting), each named once (ReceiptHandle repeats), none with a reserved
 * name, fewer than MAX_ELEMENTS. Anything else answers undefined and goes through the full
 * parser, which screens and validates it and says what is wrong. The result is what the full
 * parser makes of the same document.
 */
export function parseFlat(text: string, root: string): Record<string, unknown> | undefined {
  let at = 0;
  DECLARATION.lastIndex = 0;
  if (DECLARATION.test(text)) at = DECLARATION.lastIndex;
  if (!text.startsWith(`<${root}`, at)) return undefined;
  at += root.length + 1;
  ROOT_ATTRIBUTES.lastIndex = at;
  if (!ROOT_ATTRIBUTES.test(text)) return undefined;
  at = ROOT_ATTRIBUTES.lastIndex;
  const out: Record<string, unknown> = {};
  const close = `</${root}>`;
  let elements = 1;
  const next = { amp: text.indexOf('&', at) };
  while (!text.startsWith(close, at)) {
    CHILD.lastIndex = at;
    const open = CHILD.exec(text);
    if (!open || ++elements > MAX_ELEMENTS) return undefined;
    const name = open[1];
    if (isReservedName(name)) return undefined;
    const content = readContent(text, CHILD.lastIndex, next);
    if (!content || !text.startsWith(`</${name}>`, content.end)) return undefined;
    const { value, end } = content;
    if (name === 'ReceiptHandle') ((out[name] as string[] | undefined) ??= []).push(value);
    else if (Object.hasOwn(out, name))
      return undefined; // a repeat
    else out[name] = value;
    at = end + name.length + 3;
  }
  at += close.length;
  return at === text.length ? out : undefined;
}

const text = (v: unknown, field: string): string | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw malformed(`has a <${field}> with child elements`);
  return v;
};

/**
 * The Properties string of the HTTP protocol, `k:v|k2:v2`: empty segments are skipped and
 * only segments of exactly two non-empty parts count (as the SDKs read it).
 */
export function parseProperties(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const segment of (raw ?? '').split('|')) {
    const parts = segment.split(':');
    if (parts.length === 2 && parts[0] && parts[1]) out[parts[0]] = parts[1];
  }
  return out;
}

export interface PublishRequest {
  message: OutgoingMessage;
  /** Seconds before the first transaction check (a half message), when set. */
  transCheckSeconds?: number;
}

/** A publish body: `<Message><MessageBody/><MessageTag/><Properties/></Message>`. */
export function parsePublish(body: Buffer | undefined): PublishRequest {
  const m = parse(body, 'Message');
  const messageBody = text(m.MessageBody, 'MessageBody');
  if (messageBody === undefined || messageBody === '')
    throw new DataPlaneError('InvalidArgument', 'MessageBody is required.');
  const tag = text(m.MessageTag, 'MessageTag') || undefined;
  const props = parseProperties(text(m.Properties, 'Properties'));
  const keys = props[KEYS]?.split(' ').filter(Boolean);
  const deliverAt = props[START_DELIVER_TIME];
  const shardingKey = props[SHARDING_KEY];
  const transCheck = props[TRANS_CHECK];
  const delayLevel = props[DELAY_LEVEL];
  for (const reserved of [KEYS, START_DELIVER_TIME, SHARDING_KEY, TRANS_CHECK, DELAY_LEVEL])
    delete props[reserved];
  if (deliverAt !== undefined && !/^\d{1,15}$/.test(deliverAt))
    throw new DataPlaneError(
      'InvalidArgument',
      `${START_DELIVER_TIME} must be epoch milliseconds.`,
    );
  if (delayLevel !== undefined && !/^\d{1,2}$/.test(delayLevel))
    throw new DataPlaneError('InvalidArgument', `${DELAY_LEVEL} must be a delay level, 1-18.`);
  if (transCheck !== undefined && !/^\d{1,6}$/.test(transCheck))
    throw new DataPlaneError('InvalidArgument', `${TRANS_CHECK} must be a number of seconds.`);
  return {
    message: {
      body: Buffer.from(messageBody, 'utf8'),
      tag,
      keys,
      properties: props,
      shardingKey,
      deliverAt: deliverAt === undefined ? undefined : Number(deliverAt),
      delayLevel: delayLevel === undefined ? undefined : Number(delayLevel),
    },
    transCheckSeconds: transCheck === undefined ? undefined : Number(transCheck),
  };
}

/** An ack/commit/rollback body: `<ReceiptHandles><ReceiptHandle/>…</ReceiptHandles>`. */
export function parseReceiptHandles(body: Buffer | undefined): string[] {
  const m = parse(body, 'ReceiptHandles');
  const handles = (m.ReceiptHandle as unknown[] | undefined) ?? [];
  if (!handles.length) throw malformed('names no ReceiptHandle');
  if (handles.length > 16)
    throw new DataPlaneError('InvalidArgument', 'At most 16 receipt handles per call.');
  return handles.map((h) => {
    const v = text(h, 'ReceiptHandle');
    if (!v) throw malformed('has an empty ReceiptHandle');
    return v;
  });
}

/** XML 1.0 text: markup characters escaped, characters XML cannot carry replaced. */
export function escapeXml(value: string): string {
  return (
    value
      .replace(/[&<>"]/g, (c) =>
        c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
      )
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
  );
}

const el = (name: string, value: string | number) =>
  `<${name}>${escapeXml(String(value))}</${name}>`;

export const bodyMd5 = (body: Buffer) => createHash('md5').update(body).digest('hex').toUpperCase();

export function publishResponse(msgId: string, body: Buffer, receiptHandle?: string): string {
  return `${HEAD}<Message xmlns="${NS}">${el('MessageId', msgId)}${el('MessageBodyMD5', bodyMd5(body))}${
    receiptHandle ? el('ReceiptHandle', receiptHandle) : ''
  }</Message>`;
}

function propertiesOf(m: Delivered): string {
  const props: Array<[string, string]> = Object.entries(m.properties);
  if (m.keys.length) props.push([KEYS, m.keys.join(' ')]);
  if (m.shardingKey) props.push([SHARDING_KEY, m.shardingKey]);
  if (m.deliverAt !== null) props.push([START_DELIVER_TIME, String(m.deliverAt)]);
  return props.map(([k, v]) => `${k}:${v}`).join('|');
}

export function messagesResponse(messages: readonly Delivered[]): string {
  const items = messages.map((m) => {
    const props = propertiesOf(m);
    return `<Message>${el('MessageId', m.msgId)}${el('ReceiptHandle', m.receiptHandle)}${el(
      'MessageBodyMD5',
      bodyMd5(m.body),
    )}${el('MessageBody', m.body.toString('utf8'))}${el('PublishTime', m.storedAt)}${el(
      'NextConsumeTime',
      m.nextVisibleAt,
    )}${el('FirstConsumeTime', m.firstConsumedAt)}${el('ConsumedTimes', m.deliveredTimes)}${
      m.tag ? el('MessageTag', m.tag) : ''
    }${props ? el('Properties', props) : ''}</Message>`;
  });
  return `${HEAD}<Messages xmlns="${NS}">${items.join('')}</Messages>`;
}

export function ackErrorsResponse(
  failures: ReadonlyArray<{ receiptHandle: string; code: string; message: string }>,
): string {
  const items = failures.map(
    (f) =>
      `<Error>${el('ErrorCode', f.code)}${el('ErrorMessage', f.message)}${el('ReceiptHandle', f.receiptHandle)}</Error>`,
  );
  return `${HEAD}<Errors xmlns="${NS}">${items.join('')}</Errors>`;
}

export function errorResponse(
  code: string,
  message: string,
  requestId: string,
  hostId: string,
): string {
  return `${HEAD}<Error xmlns="${NS}">${el('Code', code)}${el('Message', message)}${el(
    'RequestId',
    requestId,
  )}${el('HostId', hostId)}</Error>`;
}
