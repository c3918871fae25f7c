import { DataPlaneError } from './dataplane-error.js';
import type { TopicInfo } from './topic-directory.js';

/** A message as a producer hands it to the data plane, whatever the protocol. */
export interface OutgoingMessage {
  body: Buffer;
  tag?: string;
  keys?: string[];
  properties?: Record<string, string>;
  /** Message group of ordered topics (RocketMQ 5 `messageGroup`, the HTTP SDK's ShardingKey). */
  shardingKey?: string;
  /** Delivery time, epoch ms (DelayScheduled topics). */
  deliverAt?: number;
  /** RocketMQ 4's delay level, 1-18 (DelayScheduled topics; instead of a delivery time). */
  delayLevel?: number;
  /** A transaction's half message, first checked after this many seconds (Transaction topics). */
  transactionCheckSeconds?: number;
}

/** The delay of each level, 1-18: 1s 5s 10s 30s 1m 2m … 10m 20m 30m 1h 2h (rocketmq.md "Delay levels"). */
export const DELAY_LEVELS_MS: readonly number[] = [
  1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1_200, 1_800, 3_600, 7_200,
].map((seconds) => seconds * 1000);

/** When a message is to be delivered: its delivery time, or `bornAt` plus its level's delay. */
export function deliveryTime(m: OutgoingMessage, bornAt: number): number | undefined {
  return m.delayLevel !== undefined ? bornAt + DELAY_LEVELS_MS[m.delayLevel - 1] : m.deliverAt;
}

/** TransCheckImmunityTime bounds (seconds). */
export const TRANSACTION_CHECK_SECONDS = { min: 1, max: 300 };

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_TAG = 128;
const MAX_KEY = 128;
const MAX_KEYS = 32;
const MAX_PROPERTY_NAME = 64;
const MAX_PROPERTIES_BYTES = 16 * 1024;
const PROPERTY_NAME = /^[A-Za-z0-9_.-]+$/;
/** Property names RocketMQ itself sets; a producer may not. */
const RESERVED_PROPERTIES = new Set([
  'KEYS',
  'TAGS',
  'DELAY',
  'WAIT',
  'TRAN_MSG',
  'UNIQ_KEY',
  'MAX_OFFSET',
  'MIN_OFFSET',
  'REAL_TOPIC',
  'REAL_QID',
  'RETRY_TOPIC',
  '__STARTDELIVERTIME',
  '__SHARDINGKEY',
  '__TRANSCHECKT',
]);

const invalid = (message: string) => new DataPlaneError('InvalidArgument', message);

/** U+0000, or half of a surrogate pair alone: text Postgres cannot store (nor UTF-8 carry). */
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses text a message cannot carry, naming where it was found. */
function checkText(what: string, text: string | undefined): void {
  if (text !== undefined && UNSTORABLE.test(text))
    throw invalid(
      `${what} contains a NUL character (U+0000) or an unpaired surrogate; such text cannot be stored.`,
    );
}

/**
 * The rules every produced message meets (rocketmq.md "Limits and names"): body up to 4 MiB,
 * one tag without `|`, keys and properties bounded, and a shape that matches its topic's type
 * (a message group only on ordered topics, a delivery time or delay level only on delay topics).
 */
export function checkMessage(topic: TopicInfo, m: OutgoingMessage): void {
  if (m.body.length > MAX_BODY_BYTES)
    throw new DataPlaneError(
      'MessageTooLarge',
      `The message body is ${m.body.length} bytes; the maximum is ${MAX_BODY_BYTES} (4 MiB).`,
    );
  if (m.body.length === 0) throw invalid('The message body is empty.');
  checkText('The tag', m.tag);
  checkText('The sharding key (message group)', m.shardingKey);
  for (const k of m.keys ?? []) checkText('A key', k);
  for (const [name, value] of Object.entries(m.properties ?? {})) {
    checkText('A property name', name);
    checkText(`Property "${name}"`, value);
  }
  if (m.tag !== undefined && (m.tag.length > MAX_TAG || /[|\s]/.test(m.tag) || m.tag === '*'))
    throw invalid(
      `Tag "${m.tag}" is invalid: at most ${MAX_TAG} characters, no "|", no spaces, not "*".`,
    );
  const keys = m.keys ?? [];
  if (keys.length > MAX_KEYS) throw invalid(`At most ${MAX_KEYS} keys per message.`);
  for (const k of keys)
    if (!k || k.length > MAX_KEY || /\s/.test(k))
      throw invalid(`Key "${k}" is invalid: 1-${MAX_KEY} characters without spaces.`);
  const properties = Object.entries(m.properties ?? {});
  let size = 0;
  for (const [name, value] of properties) {
    if (!PROPERTY_NAME.test(name) || name.length > MAX_PROPERTY_NAME)
      throw invalid(
        `Property name "${name}" is invalid: 1-${MAX_PROPERTY_NAME} letters, digits, _ . -.`,
      );
    if (RESERVED_PROPERTIES.has(name.toUpperCase()))
      throw invalid(`Property "${name}" is reserved for the system.`);
    size += name.length + value.length;
  }
  if (size > MAX_PROPERTIES_BYTES)
    throw invalid(`Properties take ${size} characters; the maximum is ${MAX_PROPERTIES_BYTES}.`);

  const mismatch = (what: string) =>
    new DataPlaneError(
      'MessageTypeMismatch',
      `${what} cannot be sent to ${topic.type} topic ${topic.name}.`,
    );
  if (topic.type === 'Retry' || topic.type === 'DeadLetter')
    throw mismatch('Messages from producers');
  const ordered = topic.type === 'PartitionedOrder' || topic.type === 'GlobalOrder';
  if (m.shardingKey !== undefined && !ordered)
    throw mismatch('A message with a sharding key (message group)');
  if (topic.type === 'PartitionedOrder' && !m.shardingKey)
    throw mismatch('A message without a sharding key (message group)');
  if (m.delayLevel !== undefined) {
    if (m.deliverAt !== undefined)
      throw invalid('A message has a delivery time or a delay level, not both.');
    if (
      !Number.isInteger(m.delayLevel) ||
      m.delayLevel < 1 ||
      m.delayLevel > DELAY_LEVELS_MS.length
    )
      throw invalid(
        `Delay level ${m.delayLevel} is invalid: an integer from 1 (1 s) to ${DELAY_LEVELS_MS.length} (2 h).`,
      );
  }
  const delayed = m.deliverAt !== undefined || m.delayLevel !== undefined;
  if (delayed && topic.type !== 'DelayScheduled')
    throw mismatch('A message with a delivery time or delay level');
  if (!delayed && topic.type === 'DelayScheduled')
    throw mismatch('A message without a delivery time or delay level');
  const half = m.transactionCheckSeconds !== undefined;
  if (topic.type === 'Transaction' && !half) throw mismatch('A non-transactional message');
  if (half && topic.type !== 'Transaction') throw mismatch('A transactional (half) message');
  if (
    half &&
    (m.transactionCheckSeconds! < TRANSACTION_CHECK_SECONDS.min ||
      m.transactionCheckSeconds! > TRANSACTION_CHECK_SECONDS.max)
  )
    throw invalid(
      `TransCheckImmunityTime must be ${TRANSACTION_CHECK_SECONDS.min}-${TRANSACTION_CHECK_SECONDS.max} seconds.`,
    );
}
