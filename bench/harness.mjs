import autocannon from 'autocannon';
// Helpers for bench/gateway.mjs: child processes, the bench database and Redis keys, signed
// requests and small statistics. Nothing here is part of the service.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { signTc3 } from '../dist/src/gateway/signature/tc3.js';

/** A port the OS considers free right now (the child binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const PROXY_VARS = [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'all_proxy',
  'ALL_PROXY',
  'NODE_USE_ENV_PROXY',
];

/** The parent's environment without proxies, plus `overrides`. */
export function childEnv(overrides) {
  const env = { ...process.env };
  for (const name of PROXY_VARS) delete env[name];
  return { ...env, ...overrides };
}

/**
 * Spawns `node <args>`; keeps the last ~64 KB of its output for error reports
 * (BENCH_VERBOSE=1 also forwards it, prefixed).
 */
export function startChild(name, args, env, { onLine } = {}) {
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const verbose = process.env.BENCH_VERBOSE === '1';
  let pending = '';
  const take = (chunk) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-65_536);
    if (verbose) process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `));
    if (onLine) {
      pending += text;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    }
  };
  proc.stdout.on('data', take);
  proc.stderr.on('data', take);
  const exited = new Promise((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const child = { name, proc, exited, running: true, tail: () => tail };
  exited.then(() => (child.running = false));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves when the child is gone. */
export async function stopChild(child, graceMs = 15_000) {
  if (!child || !child.running) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.running && child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers 200; fails early if the child exits. */
export async function waitForReady(url, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!child.running) {
      const { code, signal } = await child.exited;
      throw new Error(
        `${child.name} exited (code ${code}, signal ${signal}) before ${url} was ready:\n${child.tail()}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      last = `HTTP ${res.status} ${await res.text()}`;
      if (res.status === 200) return;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await sleep(200);
  }
  throw new Error(
    `${url} was not ready within ${timeoutMs / 1000} s (last: ${last}):\n${child.tail()}`,
  );
}

const ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };

async function admin(sql) {
  const client = new pg.Client(ADMIN);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const databaseUrl = (name) => `postgres://${ADMIN.user}@${ADMIN.host}:${ADMIN.port}/${name}`;

export async function createDatabase(name) {
  await admin(`CREATE DATABASE "${name}"`);
}

export async function dropDatabase(name) {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Deletes every key under `<prefix>:`; returns how many. */
export async function deleteRedisKeys(url, prefix) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * One API 3.0 request, signed as the SDK signs it (host without port, `content-type;host`),
 * as headers + body ready to send to 127.0.0.1:<port> and to replay for up to ±300 s.
 */
export function signedRequest({
  secretId,
  secretKey,
  port,
  action,
  params,
  service = 'tdmq',
  version = '2020-02-17',
}) {
  const body = JSON.stringify(params);
  const timestamp = Math.floor(Date.now() / 1000);
  const authorization = signTc3({
    secretId,
    secretKey,
    service,
    timestamp,
    method: 'POST',
    host: '127.0.0.1',
    path: '/',
    query: '',
    contentType: 'application/json',
    payload: body,
  });
  return {
    body,
    headers: {
      host: `127.0.0.1:${port}`,
      'content-type': 'application/json',
      'x-tc-action': action,
      'x-tc-version': version,
      'x-tc-timestamp': String(timestamp),
      'x-tc-region': 'ap-guangzhou',
      authorization,
    },
  };
}

/** Sends a signed request once; returns the raw body bytes and the parsed envelope. */
export async function call(port, request) {
  const res = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  let json;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), raw, json };
}

/** Percentile by nearest rank over an ascending-sorted numeric array. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * One autocannon run of a signed request against the service: req/s, p50/p99 latency and the
 * count of failed answers (non-2xx, transport errors, or an API `Error` in the body).
 */
export async function measureSigned(request, { port, connections, seconds }) {
  const latencies = [];
  let errors = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}/`,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    connections,
    duration: seconds,
    verifyBody: (b) => !b.includes('"Error":'),
  });
  instance.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  instance.on('reqMismatch', () => (errors += 1));
  const r = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: r.requests.average,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: errors + r.non2xx + r.errors,
  };
}
