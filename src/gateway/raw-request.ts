import type { IncomingHttpHeaders } from 'node:http';

/** What the gateway needs of an HTTP request: transport-neutral, so it is easy to test. */
export interface RawApiRequest {
  method: string;
  /** The path as sent, e.g. `/` or `/api/tdmq/2020-02-17/CreateRocketMQCluster`. */
  path: string;
  /** The raw query string as sent, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  clientIp: string;
  /** Per-action routes fix the action and version by their path. */
  route?: { service: string; version: string; action: string };
}

export function header(req: RawApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `host:port` → `host`, `[::1]:3000` → `[::1]`. */
export function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(0, end + 1) : host;
  }
  const colon = host.lastIndexOf(':');
  return colon > 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}
