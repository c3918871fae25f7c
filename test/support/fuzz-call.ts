import { signTc3 } from '../../src/gateway/signature/tc3.js';
import type { TestApp } from './app.js';
import { ROOT_SECRET_ID, ROOT_SECRET_KEY } from './app.js';

/**
 * A root-signed TC3 call of any action with any parameters, in any of the three encodings the
 * gateway reads: a JSON body (the SDK's default), a form body, or a GET query string (both
 * flattened the SDK's way, `A.0.B=v`). For the fuzz tests, which send what no SDK would.
 */
export type Encoding = 'json' | 'form' | 'query';

export interface ActionTarget {
  service: string;
  version: string;
  name: string;
}

export interface Reply {
  status: number;
  /** The raw body, kept for the failure message when it is not an envelope. */
  text: string;
  response?: Record<string, unknown> & { Error?: { Code: string; Message: string } };
}

/** `{A: [{B: 1}]}` → `[['A.0.B', '1']]`; nulls and empty containers leave nothing, as in the SDK. */
export function flattenParams(value: unknown, prefix = '', out: Array<[string, string]> = []) {
  if (value === null || value === undefined) return out;
  if (typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries) flattenParams(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.push([prefix, String(value)]);
  return out;
}

/**
 * Lone surrogates have no UTF-8 form: they go as U+FFFD, as any HTTP client would send them.
 * `!'()*` are escaped too, since the URL parser escapes `'` in a query after signing.
 */
const uri = (s: string) =>
  encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8')).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export function formEncode(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${uri(k)}=${uri(v)}`).join('&');
}

/**
 * Sends `params` (or `rawJson`, a body sent as it is) to `action`. Never throws on an answer:
 * the caller asserts on status and envelope.
 */
export async function callAction(
  t: TestApp,
  action: ActionTarget,
  params: unknown,
  encoding: Encoding = 'json',
  rawJson?: string,
): Promise<Reply> {
  const timestamp = Math.floor(Date.now() / 1000);
  const flat = encoding === 'json' ? '' : formEncode(flattenParams(params));
  const body =
    encoding === 'json' ? (rawJson ?? JSON.stringify(params)) : encoding === 'form' ? flat : '';
  const contentType =
    encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  const method = encoding === 'query' ? 'GET' : 'POST';
  const authorization = signTc3({
    secretId: ROOT_SECRET_ID,
    secretKey: ROOT_SECRET_KEY,
    service: action.service,
    timestamp,
    method,
    host: '127.0.0.1',
    query: encoding === 'query' ? flat : '',
    contentType,
    payload: body,
  });
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'X-TC-Action': action.name,
    'X-TC-Version': action.version,
    'X-TC-Timestamp': String(timestamp),
    Authorization: authorization,
  };
  if (action.service === 'tdmq') headers['X-TC-Region'] = 'ap-guangzhou';
  const url = encoding === 'query' ? `${t.url}/?${flat}` : `${t.url}/`;
  if (process.env.FUZZ_TRACE) {
    const { appendFileSync } = await import('node:fs');
    appendFileSync(
      process.env.FUZZ_TRACE,
      `${action.name} ${encoding} ${(rawJson ?? (body || flat)).slice(0, 3000)}\n`,
    );
  }
  const res = await fetch(url, { method, headers, body: method === 'GET' ? undefined : body });
  const text = await res.text();
  let response: Reply['response'];
  try {
    response = (JSON.parse(text) as { Response?: Reply['response'] }).Response;
  } catch {
    response = undefined;
  }
  if (process.env.FUZZ_TRACE) {
    const { appendFileSync } = await import('node:fs');
    appendFileSync(process.env.FUZZ_TRACE, `=> ${action.name} ${response?.Error?.Code ?? 'OK'}\n`);
  }
  return { status: res.status, text, response };
}
