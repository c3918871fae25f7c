import { signTc3, utcDate } from '../../src/gateway/signature/tc3.js';
import type { TestApp } from './app.js';
import { ROOT_SECRET_ID, ROOT_SECRET_KEY } from './app.js';

export interface RawCall {
  action?: string;
  version?: string;
  region?: string;
  body?: string | Buffer;
  timestamp?: number;
  secretId?: string;
  secretKey?: string;
  service?: string;
  path?: string;
  contentType?: string;
  /** Sign this body instead of the one sent (tampering). */
  signedBody?: string;
  /** Sign for this path instead of the one sent. */
  signedPath?: string;
  /** Replace or remove (undefined) headers after signing. */
  headers?: Record<string, string | undefined>;
  /** Change the Authorization header after signing. */
  mutateAuthorization?: (auth: string) => string;
}

export interface RawReply {
  status: number;
  headers: Headers;
  json: {
    Response: Record<string, unknown> & {
      Error?: { Code: string; Message: string };
      RequestId: string;
    };
  };
}

/** A TC3-signed request built by hand, for the faults the SDK cannot be made to send. */
export async function rawCall(t: TestApp, c: RawCall = {}): Promise<RawReply> {
  const body = c.body ?? '{}';
  const timestamp = c.timestamp ?? Math.floor(Date.now() / 1000);
  const contentType = c.contentType ?? 'application/json';
  const path = c.path ?? '/';
  let authorization = signTc3({
    secretId: c.secretId ?? ROOT_SECRET_ID,
    secretKey: c.secretKey ?? ROOT_SECRET_KEY,
    service: c.service ?? 'tdmq',
    timestamp,
    method: 'POST',
    host: '127.0.0.1',
    path: c.signedPath ?? path,
    contentType,
    payload: c.signedBody ?? body,
  });
  if (c.mutateAuthorization) authorization = c.mutateAuthorization(authorization);
  const headers: Record<string, string | undefined> = {
    'Content-Type': contentType,
    'X-TC-Action': c.action ?? 'DescribeRocketMQClusters',
    'X-TC-Version': c.version ?? '2020-02-17',
    'X-TC-Timestamp': String(timestamp),
    'X-TC-Region': c.region ?? 'ap-guangzhou',
    Authorization: authorization,
    ...c.headers,
  };
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: Object.fromEntries(
      Object.entries(headers).filter(([, v]) => v !== undefined),
    ) as Record<string, string>,
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) };
}

export { utcDate };
