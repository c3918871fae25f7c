/**
 * IPv4 / IPv6 addresses and CIDR blocks for the `ip_equal` / `ip_not_equal` condition operators.
 * Every address is a 128-bit integer; IPv4 lives in the IPv4-mapped range `::ffff:0:0/96`, so
 * `::ffff:10.1.2.3` (what a dual-stack socket reports) matches `10.0.0.0/8`, and `1.2.3.4/24`
 * is the block `::ffff:1.2.3.0/120`.
 */

export interface IpBlock {
  /** An address in the block (host bits as written; only the prefix is compared). */
  base: bigint;
  /** Prefix length in the 128-bit space (an IPv4 /n is 96 + n). */
  prefix: number;
}

const V4_MAPPED = 0xffffn << 32n;
const V4_OCTET = /^(?:0|[1-9]\d{0,2})$/; // no leading zeros: "010" is octal to some parsers
const V6_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!V4_OCTET.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let groupsText = text;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    // Embedded IPv4 (`::ffff:1.2.3.4`): rewrite the dotted tail as two hex groups.
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    groupsText = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = groupsText.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const rest = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  let groups: string[];
  if (halves.length === 1) {
    if (head.length !== 8) return undefined;
    groups = head;
  } else {
    if (head.length + rest.length > 7) return undefined;
    groups = [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  }
  let value = 0n;
  for (const group of groups) {
    if (!V6_GROUP.test(group)) return undefined;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return value;
}

/** An IPv4 or IPv6 address (no zone id, no prefix) as a 128-bit integer, or undefined. */
export function parseIpAddress(text: string): bigint | undefined {
  if (text.includes(':')) return parseIpv6(text);
  const v4 = parseIpv4(text);
  return v4 === undefined ? undefined : V4_MAPPED | v4;
}

/** An address (a block of one) or a CIDR block, IPv4 or IPv6, or undefined. Host bits are ignored. */
export function parseIpBlock(text: string): IpBlock | undefined {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (address === undefined) return undefined;
  const isV4 = !addressText.includes(':');
  let prefix = 128;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^(?:0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
    const bits = Number(prefixText);
    if (bits > (isV4 ? 32 : 128)) return undefined;
    prefix = isV4 ? 96 + bits : bits;
  }
  return { base: address, prefix };
}

export function ipInBlock(address: bigint, block: IpBlock): boolean {
  const hostBits = BigInt(128 - block.prefix);
  return address >> hostBits === block.base >> hostBits;
}
