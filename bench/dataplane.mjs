// Benchmark (not a test): the HTTP data plane driven by the community RocketMQ HTTP SDK
// (`@aliyunmq/mq-http-sdk`) — produce throughput, consume (drain) throughput, produce→consume
// latency at a fixed rate — next to Redis and Postgres baselines measured in the same run.
// Run with `npm run bench:dataplane` (builds first). See bench/README.md.
import MQ from '@aliyunmq/mq-http-sdk';
import { Redis } from 'ioredis';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  call,
  childEnv,
  createDatabase,
  databaseUrl,
  deleteRedisKeys,
  dropDatabase,
  freePort,
  percentile,
  signedRequest,
  startChild,
  stopChild,
  waitForReady,
} from './harness.mjs';
import { LeanClient } from './lean-client.mjs';

// The SDK talks to 127.0.0.1 through node:http; keep any proxy out of this process too.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy'])
  delete process.env[name];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function intEnv(name, fallback, min) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min)
    throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return v;
}

const SECONDS = intEnv('BENCH_SECONDS', 10, 1);
const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 2, 0);
const PRODUCERS = intEnv('BENCH_PRODUCERS', 64, 1);
const CONSUMERS = intEnv('BENCH_CONSUMERS', 16, 1);
const E2E_RATE = intEnv('BENCH_E2E_RATE', 1000, 1);
const E2E_CONSUMERS = intEnv('BENCH_E2E_CONSUMERS', 8, 1);
const PARTITIONS = intEnv('BENCH_PARTITIONS', 8, 1);
const PG_CONNECTIONS = intEnv('BENCH_PG_CONNECTIONS', 16, 1);
const DRAIN_TIMEOUT_S = intEnv('BENCH_DRAIN_TIMEOUT_SECONDS', Math.max(60, 6 * SECONDS), 1);
const BODY_BYTES = 1024;
const REDIS_MAX_MESSAGES = 500_000;
const POP_BATCH = 16;
const PHASES = ['service', 'e2e', 'redis', 'postgres'];
const ONLY = (process.env.BENCH_ONLY ?? PHASES.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const p of ONLY)
  if (!PHASES.includes(p)) throw new Error(`BENCH_ONLY: unknown "${p}" (${PHASES.join(', ')})`);
/** Extra node flags for the service child only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
/** Extra environment for the service, e.g. "DATABASE_POOL_SIZE=20" (experiments without code changes). */
const SERVICE_ENV = Object.fromEntries(
  (process.env.BENCH_SERVICE_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);

/** The load generator: `lean` (the SDK's requests over undici, see lean-client.mjs) or `sdk`. */
const CLIENT = process.env.BENCH_CLIENT ?? 'lean';
if (!['lean', 'sdk'].includes(CLIENT))
  throw new Error(`BENCH_CLIENT: lean or sdk, not "${CLIENT}"`);
/** `one`: API and storage workers in one process (PROCESS_ROLE=all); `split`: an API process and a worker process. */
const DEPLOY = process.env.BENCH_DEPLOY ?? 'one';
if (!['one', 'split'].includes(DEPLOY))
  throw new Error(`BENCH_DEPLOY: one or split, not "${DEPLOY}"`);
const TARGET_RATE = 5000;
const TARGET_E2E_P99_MS = 100;
const SECRET_ID = 'AKIDbench0000000000000000000000000';
const SECRET_KEY = 'benchSecretKey0123456789abcdefgh';
const REDIS_URL = 'redis://127.0.0.1:6379';
/** Longer than the whole bench: a message handed out is never handed out again (no redeliveries). */
const INVISIBLE_MS = 3_600_000;

const runId = `${Date.now().toString(36)}_${process.pid}`;
const state = {
  database: `rmq_bench_${runId}`,
  databaseCreated: false,
  prefix: `rmqbench_${runId}`,
  dataDir: undefined,
  children: [],
  /** Closers for the bench's own connections (Redis, pg), run before the database is dropped. */
  closers: [],
};
const { MQClient } = MQ;
const say = (m) => process.stdout.write(`· ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const fmt = (v, digits = 0) =>
  Number.isFinite(v)
    ? v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');

let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    const problems = [];
    const attempt = async (what, fn) => {
      try {
        await fn();
      } catch (e) {
        problems.push(`${what}: ${e.message}`);
      }
    };
    for (const close of state.closers.splice(0)) await attempt('closing a connection', close);
    // Then the service: its worker would otherwise keep writing under the prefix.
    await Promise.all(state.children.map((c) => attempt(`stopping ${c.name}`, () => stopChild(c))));
    await attempt('deleting Redis keys', async () => {
      const n = await deleteRedisKeys(REDIS_URL, state.prefix);
      const left = await deleteRedisKeys(REDIS_URL, state.prefix);
      if (left) throw new Error(`${left} keys reappeared under ${state.prefix}:*`);
      say(`cleanup: deleted ${n} Redis keys under ${state.prefix}:*`);
    });
    if (state.databaseCreated)
      await attempt(`dropping database ${state.database}`, async () => {
        await dropDatabase(state.database);
        if (await databaseExists(state.database)) throw new Error('it is still there');
        say(`cleanup: dropped database ${state.database}`);
      });
    if (state.dataDir)
      await attempt('removing the data dir', () =>
        rmSync(state.dataDir, { recursive: true, force: true }),
      );
    for (const p of problems) console.error(`cleanup problem — ${p}`);
    return problems.length === 0;
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the bench and cleaning up`);
    cleanup().finally(() => process.exit(130));
  });

async function databaseExists(name) {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount > 0;
  } finally {
    await client.end();
  }
}

/** Signed control-plane call → its Response, or a thrown error naming what came back. */
async function must(port, action, params) {
  const r = await call(
    port,
    signedRequest({ secretId: SECRET_ID, secretKey: SECRET_KEY, port, action, params }),
  );
  const response = r.json?.Response;
  if (r.status !== 200 || !response || response.Error)
    throw new Error(`${action} failed: HTTP ${r.status} ${r.raw.toString().slice(0, 400)}`);
  return response;
}

// ---------------------------------------------------------------------------------------------
// Small measurement tools

/** Errors by code (the SDK's `Code`, a socket error's `code`, or the message), with samples. */
class Errors {
  byCode = new Map();
  samples = [];
  get total() {
    let n = 0;
    for (const v of this.byCode.values()) n += v;
    return n;
  }
  add(e) {
    const code = e?.Code ?? e?.code ?? String(e?.message ?? e).slice(0, 60);
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    if (this.samples.length < 3) this.samples.push(String(e?.message ?? e).slice(0, 300));
  }
  toString() {
    return [...this.byCode].map(([c, n]) => `${c} ×${n}`).join(', ');
  }
}

const sorted = (values) => Float64Array.from(values).sort();
const stats = (values) => {
  const s = sorted(values);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : NaN };
};

/**
 * `workers` async loops, each awaiting `op(worker)` before the next, for `seconds` (or until
 * `maxOps` operations started). Throughput counts the operations that succeeded over the time
 * until the last one came back.
 */
async function closedLoop(workers, seconds, op, { maxOps = Infinity } = {}) {
  const latencies = [];
  const errors = new Errors();
  let ok = 0;
  let started = 0;
  const start = now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (now() < end && started++ < maxOps) {
        const t = now();
        try {
          await op(w);
          latencies.push(now() - t);
          ok += 1;
        } catch (e) {
          errors.add(e);
          if (errors.total > 1000) throw new Error(`too many errors: ${errors}`, { cause: e });
        }
      }
    }),
  );
  const elapsed = (now() - start) / 1000;
  return { count: ok, elapsed, rate: ok / elapsed, ...stats(latencies), errors };
}

/**
 * CPU time (seconds) per process, read from /proc, classed as the service, Postgres (its
 * background processes and the backends of the bench database) or Redis; this process; and the
 * machine's totals (idle, and time stolen by the hypervisor). Linux only: elsewhere undefined,
 * and the CPU table is skipped.
 */
function cpuSnapshot(servicePids) {
  try {
    const tick = 100; // USER_HZ on Linux
    const procs = new Map();
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat;
      let cmdline = '';
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (stat.includes('(postgres)'))
          cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue; // gone meanwhile
      }
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const secs = (Number(fields[11]) + Number(fields[12])) / tick;
      let kind;
      if (servicePids.includes(Number(pid))) kind = 'service';
      else if (comm.startsWith('redis-server')) kind = 'redis';
      else if (comm === 'postgres') {
        const clientBackend = /\d\)|\[local\]/.test(cmdline);
        if (!clientBackend || cmdline.includes(` ${state.database} `)) kind = 'postgres';
      }
      if (kind) procs.set(pid, { kind, secs });
    }
    const self = process.cpuUsage();
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const ticks = cpu.slice(0, 8).map(Number);
    return {
      procs,
      bench: (self.user + self.system) / 1e6,
      machineTotal: ticks.reduce((a, b) => a + b, 0) / tick,
      machineIdle: (ticks[3] + ticks[4]) / tick,
      machineSteal: ticks[7] / tick,
      wall: now() / 1000,
    };
  } catch {
    return undefined;
  }
}

/**
 * Cores busy on average between two snapshots. "other" is the rest of the machine's busy time:
 * other processes (the Postgres backends of other databases too), the kernel, and processes of
 * ours that exited meanwhile.
 */
function cpuDelta(a, b) {
  if (!a || !b) return undefined;
  const wall = b.wall - a.wall;
  const out = { service: 0, postgres: 0, redis: 0 };
  for (const [pid, p] of b.procs) out[p.kind] += (p.secs - (a.procs.get(pid)?.secs ?? 0)) / wall;
  out.bench = (b.bench - a.bench) / wall;
  out.idle = (b.machineIdle - a.machineIdle) / wall;
  out.steal = (b.machineSteal - a.machineSteal) / wall;
  const busy = (b.machineTotal - a.machineTotal) / wall - out.idle - out.steal;
  out.other = Math.max(0, busy - out.service - out.postgres - out.redis - out.bench);
  return out;
}

/** What the bench database's backends are doing, sampled every 25 ms while a phase runs. */
class PgSampler {
  constructor(connectionString, database) {
    this.client = new pg.Client({ connectionString, application_name: 'bench-sampler' });
    this.database = database;
    this.counts = new Map();
    this.samples = 0;
  }
  async start() {
    await this.client.connect();
    state.closers.push(() => this.client.end());
  }
  async run(during) {
    this.counts = new Map();
    this.samples = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const { rows } = await this.client.query(
          `SELECT state, wait_event_type, wait_event, query FROM pg_stat_activity
            WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()
              AND application_name <> 'bench-sampler'`,
          [this.database],
        );
        this.samples += 1;
        for (const r of rows) {
          const key = backendActivity(r);
          this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        }
        await sleep(25);
      }
    })();
    try {
      return await during();
    } finally {
      running = false;
      await loop;
    }
  }
  /** The most common activities: average number of backends in each, per sample. */
  top(n = 6) {
    return [...this.counts]
      .map(([key, c]) => ({ key, avg: c / Math.max(1, this.samples) }))
      .sort((a, b) => b.avg - a.avg)
      .slice(0, n);
  }
}

function statementShape(sql) {
  const s = (sql ?? '').replace(/\s+/g, ' ').trim();
  let m;
  if ((m = /^INSERT INTO (\w+)/i.exec(s))) return `INSERT ${m[1]}`;
  if ((m = /^UPDATE (\w+)/i.exec(s))) return `UPDATE ${m[1]}`;
  if ((m = /^DELETE FROM (\w+)/i.exec(s))) return `DELETE ${m[1]}`;
  if ((m = /^SELECT .*? FROM (\w+)/i.exec(s))) return `SELECT ${m[1]}`;
  return s.slice(0, 28);
}

function backendActivity(r) {
  if (r.state === 'idle') return 'idle in the pool';
  if (r.state === 'idle in transaction')
    return `in a transaction, waiting for the service (after ${statementShape(r.query)})`;
  const wait = r.wait_event_type ? `${r.wait_event_type}/${r.wait_event}` : 'on CPU';
  return `running ${statementShape(r.query)} — ${wait}`;
}

// ---------------------------------------------------------------------------------------------
// The service

async function startService() {
  const port = await freePort();
  state.dataDir = mkdtempSync(join(os.tmpdir(), 'rmq-bench-'));
  const env = childEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: process.env.BENCH_PG_SOCKET_DIR
      ? `postgres://postgres@/${state.database}?host=${encodeURIComponent(process.env.BENCH_PG_SOCKET_DIR)}`
      : databaseUrl(state.database),
    REDIS_URL,
    QUEUE_PREFIX: state.prefix,
    ROOT_SECRET_ID: SECRET_ID,
    ROOT_SECRET_KEY: SECRET_KEY,
    LOG_LEVEL: 'warn',
    DATA_DIR: state.dataDir,
    PROCESS_ROLE: DEPLOY === 'split' ? 'api' : 'all',
    HTTP_INVISIBLE_MS: String(INVISIBLE_MS),
    ...SERVICE_ENV,
  });
  const main = join(ROOT, 'dist/src/main.js');
  const child = startChild('service', [...SERVICE_NODE_ARGS, main], env);
  state.children.push(child);
  if (DEPLOY === 'split') {
    const worker = startChild('worker', [...SERVICE_NODE_ARGS, main], {
      ...env,
      PROCESS_ROLE: 'worker',
    });
    state.children.push(worker);
  }
  await waitForReady(`http://127.0.0.1:${port}/readyz`, child);
  return { child, port };
}

/** Cluster, namespace, topics, groups and a role allowed to produce and consume; the SDK client. */
async function setUp(port) {
  const { ClusterId } = await must(port, 'CreateRocketMQCluster', { Name: 'bench-dataplane' });
  await must(port, 'CreateRocketMQNamespace', { ClusterId, NamespaceId: 'bench' });
  for (const topic of ['load', 'latency'])
    await must(port, 'CreateRocketMQTopic', {
      ClusterId,
      Namespaces: ['bench'],
      Topic: topic,
      Type: 'Normal',
      PartitionNum: PARTITIONS,
    });
  for (const group of ['drain', 'e2e'])
    await must(port, 'CreateRocketMQGroup', {
      ClusterId,
      Namespaces: ['bench'],
      GroupId: group,
      ReadEnable: true,
      BroadcastEnable: false,
    });
  const { Token } = await must(port, 'CreateRocketMQRole', {
    ClusterId,
    RoleName: 'bench',
    Remark: '',
  });
  await must(port, 'CreateRocketMQEnvironmentRole', {
    ClusterId,
    EnvironmentId: 'bench',
    RoleName: 'bench',
    Permissions: ['produce', 'consume'],
  });
  const { ClusterInfo } = await must(port, 'DescribeRocketMQCluster', { ClusterId });
  const endpoint = ClusterInfo.HttpInternalEndpoint;
  if (!endpoint) throw new Error('DescribeRocketMQCluster returned no HttpInternalEndpoint');
  if (CLIENT === 'sdk') return { endpoint, client: new MQClient(endpoint, Token, 'bench') };
  const client = new LeanClient(
    endpoint,
    Token,
    'bench',
    4 * PRODUCERS + CONSUMERS + E2E_CONSUMERS,
  );
  state.closers.push(() => client.close());
  return { endpoint, client };
}

/** A 1 KiB body starting with `prefix` (ASCII, nothing the XML has to escape). */
function body(prefix) {
  return prefix.length >= BODY_BYTES ? prefix : prefix + 'x'.repeat(BODY_BYTES - prefix.length);
}

/** PRODUCERS closed loops of publishMessage for `seconds`. */
function produceFor(producer, seconds) {
  const seq = new Array(PRODUCERS).fill(0);
  return closedLoop(PRODUCERS, seconds, async (w) => {
    const r = await producer.publishMessage(body(`p${w}-${seq[w]++}|`));
    if (r.code !== 201) throw new Error(`publish answered HTTP ${r.code}`);
  });
}

/**
 * CONSUMERS loops of consumeMessage(16, 1) + ackMessage until `expected` distinct messages are
 * acked (or the drain timeout). Throughput: acked messages over the time to the last ack.
 */
async function drain(consumer, expected) {
  const seen = new Set();
  const popLatencies = [];
  const ackLatencies = [];
  const errors = new Errors();
  let duplicates = 0;
  let emptyPops = 0;
  let pops = 0;
  let acked = 0;
  let ackFailures = 0;
  const start = now();
  let lastAck = start;
  const deadline = start + DRAIN_TIMEOUT_S * 1000;
  await Promise.all(
    Array.from({ length: CONSUMERS }, async () => {
      while (acked < expected && now() < deadline) {
        let messages;
        const t = now();
        try {
          messages = (await consumer.consumeMessage(POP_BATCH, 1)).body;
          popLatencies.push(now() - t);
          pops += 1;
        } catch (e) {
          if (e.Code === 'MessageNotExist') {
            emptyPops += 1;
            continue;
          }
          errors.add(e);
          if (errors.total > 100)
            throw new Error(`too many consume errors: ${errors}`, { cause: e });
          continue;
        }
        for (const m of messages) {
          if (seen.has(m.MessageId)) duplicates += 1;
          else seen.add(m.MessageId);
        }
        const t2 = now();
        try {
          const r = await consumer.ackMessage(messages.map((m) => m.ReceiptHandle));
          ackLatencies.push(now() - t2);
          const failed = r.code === 204 ? 0 : (r.body?.length ?? messages.length);
          ackFailures += failed;
          acked += messages.length - failed;
          lastAck = now();
        } catch (e) {
          errors.add(e);
        }
      }
    }),
  );
  const elapsed = (lastAck - start) / 1000;
  return {
    count: seen.size,
    acked,
    expected,
    elapsed,
    rate: acked / elapsed,
    pop: stats(popLatencies),
    ack: stats(ackLatencies),
    pops,
    emptyPops,
    perPop: acked / Math.max(1, pops),
    duplicates,
    ackFailures,
    errors,
    timedOut: acked < expected,
  };
}

/**
 * Produce→consume latency: E2E_CONSUMERS long-polling consumers (waitseconds 1..5) on the
 * `latency` topic, then a paced producer at E2E_RATE msg/s (open loop: each publish starts on
 * its schedule whether or not the previous ones answered). Each body carries its send time
 * (performance.now() of this process); the first second is a warm-up excluded from the figures.
 */
async function endToEnd(client, seconds = SECONDS) {
  const producer = client.getProducer('bench', 'latency');
  const consumer = client.getConsumer('bench', 'latency', 'e2e');
  const warmupMs = 1000;
  const total = Math.round(((warmupMs + seconds * 1000) * E2E_RATE) / 1000);
  const latencies = [];
  const publishLatencies = [];
  const errors = new Errors();
  const received = new Set();
  let published = 0;
  let duplicates = 0;
  let emptyPolls = 0;
  let stopping = false;

  const consumers = Array.from({ length: E2E_CONSUMERS }, async (_, i) => {
    const wait = 1 + (i % 5);
    while (!stopping) {
      let messages;
      try {
        messages = (await consumer.consumeMessage(POP_BATCH, wait)).body;
      } catch (e) {
        if (e.Code === 'MessageNotExist') emptyPolls += 1;
        else errors.add(e);
        continue;
      }
      const at = now();
      for (const m of messages) {
        const [, sentAt, warm, seq] = m.MessageBody.split('|', 4);
        if (received.has(seq)) {
          duplicates += 1;
          continue;
        }
        received.add(seq);
        if (warm === '0') latencies.push(at - Number(sentAt));
      }
      try {
        await consumer.ackMessage(messages.map((m) => m.ReceiptHandle));
      } catch (e) {
        errors.add(e);
      }
    }
  });
  await sleep(500); // the consumers are polling

  // Past this many unanswered publishes the producer falls behind its schedule (and says so)
  // rather than piling up calls until the SDK's 3 s timeout fails them.
  const maxInflight = 4 * PRODUCERS;
  const inflight = new Set();
  const interval = 1000 / E2E_RATE;
  const start = now();
  let sent = 0;
  let lastAnswer = start;
  let maxBehindMs = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((now() - start) / interval) + 1);
    while (sent < due && inflight.size < maxInflight) {
      const seq = sent++;
      const sentAt = now();
      const warm = sentAt - start < warmupMs ? 1 : 0;
      const p = producer
        .publishMessage(body(`e2e|${sentAt.toFixed(3)}|${warm}|${seq}|`))
        .then(() => {
          published += 1;
          lastAnswer = now();
          if (!warm) publishLatencies.push(now() - sentAt);
        })
        .catch((e) => errors.add(e))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    maxBehindMs = Math.max(maxBehindMs, (due - sent) * interval);
    await sleep(1);
  }
  const sendSeconds = (now() - start) / 1000;
  await Promise.all(inflight);
  // Whatever was published arrives, or 10 s pass.
  const deadline = now() + 10_000;
  while (received.size < published && now() < deadline) await sleep(20);
  stopping = true;
  await Promise.all(consumers);
  return {
    sendRate: total / sendSeconds,
    rate: published / ((lastAnswer - start) / 1000),
    maxBehindMs,
    published,
    received: received.size,
    missing: published - received.size,
    duplicates,
    emptyPolls,
    ...stats(latencies),
    measured: latencies.length,
    publish: stats(publishLatencies),
    errors,
  };
}

/**
 * The storage jobs (ids `store-…`) BullMQ still holds (completed jobs stay 60 s): per job, when it was added,
 * picked up and finished, and how many messages it stored.
 */
async function storeJobs(redis, sinceEpochMs) {
  const keys = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(
      cursor,
      'MATCH',
      `${state.prefix}:messages:store-*`,
      'COUNT',
      1000,
    );
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const pipeline = redis.pipeline();
  for (const k of keys) pipeline.hmget(k, 'timestamp', 'processedOn', 'finishedOn', 'returnvalue');
  const jobs = [];
  for (const [err, v] of (await pipeline.exec()) ?? []) {
    if (err || !v?.[2]) continue;
    const [added, processed, finished, result] = v.map((x) => (x === null ? x : String(x)));
    if (Number(added) < sinceEpochMs) continue;
    let size = 0;
    try {
      size = JSON.parse(result).length;
    } catch {
      // not a store job's answer
    }
    jobs.push({ wait: processed - added, run: finished - processed, size });
  }
  const sizes = jobs.map((j) => j.size);
  return {
    jobs: jobs.length,
    meanSize: sizes.reduce((a, b) => a + b, 0) / Math.max(1, jobs.length),
    size: stats(sizes),
    wait: stats(jobs.map((j) => j.wait)),
    run: stats(jobs.map((j) => j.run)),
  };
}

// ---------------------------------------------------------------------------------------------
// Baselines

async function redisBaseline() {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  state.closers.push(() => redis.quit());
  const key = `${state.prefix}:baseline-list`;
  const value = body('redis|');
  // Capped so that the list stays around half a gigabyte on a fast machine.
  const push = await closedLoop(PRODUCERS, SECONDS, () => redis.lpush(key, value), {
    maxOps: REDIS_MAX_MESSAGES,
  });
  const length = await redis.llen(key);
  let popped = 0;
  const start = now();
  await Promise.all(
    Array.from({ length: CONSUMERS }, async () => {
      for (;;) {
        const got = await redis.rpop(key, POP_BATCH);
        if (!got?.length) return;
        popped += got.length;
      }
    }),
  );
  const elapsed = (now() - start) / 1000;
  await redis.del(key);
  return { push, pop: { count: popped, expected: length, elapsed, rate: popped / elapsed } };
}

/** 64 loops of single-row INSERTs over a pool of PG_CONNECTIONS, into a temp or a logged table. */
async function postgresBaseline(temporary) {
  const pool = new pg.Pool({
    connectionString: databaseUrl(state.database),
    max: PG_CONNECTIONS,
    idleTimeoutMillis: 0,
    application_name: 'bench-baseline',
  });
  state.closers.push(() => pool.end());
  const table = temporary ? 'bench_rows' : 'bench_rows_logged';
  const ddl = `CREATE ${temporary ? 'TEMP ' : ''}TABLE IF NOT EXISTS ${table} (id bigserial PRIMARY KEY, body bytea NOT NULL)`;
  // A temp table lives in its session: create it in every pooled connection up front.
  const clients = await Promise.all(Array.from({ length: PG_CONNECTIONS }, () => pool.connect()));
  for (const c of clients) await c.query(ddl);
  clients.forEach((c) => c.release());
  const value = Buffer.from(body('pg|'));
  return closedLoop(PRODUCERS, SECONDS, () =>
    pool.query(`INSERT INTO ${table} (body) VALUES ($1)`, [value]),
  );
}

// ---------------------------------------------------------------------------------------------
// Output

function printTable(rows) {
  const head = ['measurement', 'messages', 'msg/s', 'p50 ms', 'p99 ms', 'errors'];
  const cells = rows.map((r) => [
    r.name,
    fmt(r.count),
    fmt(r.rate),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    r.errors === undefined ? '' : String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(head));
  for (const c of cells) console.log(line(c));
}

async function main() {
  console.log(
    `== bench/dataplane: the HTTP data plane vs Redis and Postgres — client: ${CLIENT === 'sdk' ? '@aliyunmq/mq-http-sdk' : 'lean (the SDK’s requests over undici)'}; service: ${DEPLOY === 'split' ? 'API + worker processes' : 'one process'} ==`,
  );
  console.log(
    `machine: ${os.cpus().length} CPU(s), node ${process.version}; ${BODY_BYTES} B bodies; ${SECONDS} s per measurement; topics of ${PARTITIONS} queues`,
  );
  const benchStarted = now();
  await createDatabase(state.database);
  state.databaseCreated = true;
  const { port } = await startService();
  const { client } = await setUp(port);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  state.closers.push(() => redis.quit());
  const sampler = new PgSampler(databaseUrl(state.database), state.database);
  await sampler.start();
  const cpu = {};
  const activity = {};
  const phase = async (name, fn, { sample = false } = {}) => {
    const before = cpuSnapshot(state.children.map((c) => c.proc.pid));
    const result = sample ? await sampler.run(fn) : await fn();
    cpu[name] = cpuDelta(before, cpuSnapshot(state.children.map((c) => c.proc.pid)));
    if (sample) activity[name] = sampler.top();
    return result;
  };
  const results = {};
  const failures = [];

  if (ONLY.includes('service')) {
    const producer = client.getProducer('bench', 'load');
    let warm = { count: 0, errors: new Errors() };
    if (WARMUP_SECONDS) {
      warm = await produceFor(producer, WARMUP_SECONDS);
      say(`warm-up: ${fmt(warm.count)} messages published in ${WARMUP_SECONDS} s`);
    }
    const since = Date.now();
    const produce = await phase('produce', () => produceFor(producer, SECONDS), { sample: true });
    results.produce = produce;
    results.jobs = await storeJobs(redis, since);
    say(
      `produce: ${fmt(produce.count)} messages in ${produce.elapsed.toFixed(1)} s = ${fmt(produce.rate)} msg/s, ` +
        `publish p50 ${fmt(produce.p50, 1)} ms p99 ${fmt(produce.p99, 1)} ms${produce.errors.total ? `; errors: ${produce.errors}` : ''}`,
    );
    const expected = warm.count + produce.count;
    const consume = await phase(
      'consume',
      () => drain(client.getConsumer('bench', 'load', 'drain'), expected),
      { sample: true },
    );
    results.consume = consume;
    say(
      `consume: ${fmt(consume.acked)} of ${fmt(expected)} acked in ${consume.elapsed.toFixed(1)} s = ${fmt(consume.rate)} msg/s; ` +
        `${fmt(consume.pops)} pops (${consume.perPop.toFixed(1)} msg each), ${fmt(consume.emptyPops)} empty; ` +
        `consume call p50 ${fmt(consume.pop.p50, 1)} ms p99 ${fmt(consume.pop.p99, 1)} ms, ack p50 ${fmt(consume.ack.p50, 1)} ms`,
    );
    if (consume.timedOut)
      failures.push(
        `the drain stopped after ${DRAIN_TIMEOUT_S} s with ${fmt(consume.acked)} of ${fmt(expected)} acked`,
      );
    if (consume.duplicates) failures.push(`${consume.duplicates} messages delivered twice`);
    for (const [what, r] of [
      ['warm-up produce', warm],
      ['produce', produce],
      ['consume', consume],
    ])
      if (r.errors.total) failures.push(`${what}: ${r.errors} (e.g. ${r.errors.samples[0]})`);
  }

  if (ONLY.includes('e2e')) {
    if (WARMUP_SECONDS) {
      // A cold service (JIT, caches, connections) falls behind in its first second; the backlog
      // would then be measured as latency for seconds. Warm up at the same rate, drained.
      const warm = await endToEnd(client, WARMUP_SECONDS);
      say(
        `e2e warm-up: ${fmt(warm.received)} of ${fmt(warm.published)} received in ${WARMUP_SECONDS + 1} s`,
      );
    }
    const e2e = await phase('e2e', () => endToEnd(client), { sample: true });
    results.e2e = e2e;
    say(
      `e2e: ${fmt(E2E_RATE)} msg/s scheduled, sent at ${fmt(e2e.sendRate)} msg/s (at most ${fmt(e2e.maxBehindMs)} ms behind schedule), ` +
        `answered at ${fmt(e2e.rate)} msg/s; ${fmt(e2e.published)} published, ${fmt(e2e.received)} received; ` +
        `produce→consume p50 ${fmt(e2e.p50, 1)} ms p99 ${fmt(e2e.p99, 1)} ms max ${fmt(e2e.max, 1)} ms; ` +
        `publish p50 ${fmt(e2e.publish.p50, 1)} ms p99 ${fmt(e2e.publish.p99, 1)} ms; ${fmt(e2e.emptyPolls)} empty polls`,
    );
    if (e2e.rate < 0.95 * E2E_RATE)
      say(
        `!! the service did not keep up with ${fmt(E2E_RATE)} msg/s: the latencies include queueing behind the backlog`,
      );
    if (e2e.missing) failures.push(`e2e: ${e2e.missing} published messages never arrived`);
    if (e2e.duplicates) failures.push(`e2e: ${e2e.duplicates} messages delivered twice`);
    if (e2e.errors.total) failures.push(`e2e: ${e2e.errors} (e.g. ${e2e.errors.samples[0]})`);
  }

  if (ONLY.includes('redis')) {
    const r = await phase('redis', redisBaseline);
    results.redis = r;
    say(
      `Redis: LPUSH ${fmt(r.push.rate)} msg/s (p99 ${fmt(r.push.p99, 2)} ms), RPOP ${POP_BATCH} drained ${fmt(r.pop.count)} at ${fmt(r.pop.rate)} msg/s`,
    );
    if (r.push.errors.total) failures.push(`Redis LPUSH: ${r.push.errors}`);
  }

  if (ONLY.includes('postgres')) {
    // Each pool stays open until its phase's CPU is read (an exited backend's CPU is not counted).
    const temp = await phase('postgres', () => postgresBaseline(true));
    await state.closers.pop()();
    const logged = await phase('postgres (logged)', () => postgresBaseline(false));
    await state.closers.pop()();
    results.pg = { temp, logged };
    say(
      `Postgres: INSERT temp table ${fmt(temp.rate)} msg/s (p99 ${fmt(temp.p99, 2)} ms), logged table ${fmt(logged.rate)} msg/s (p99 ${fmt(logged.p99, 2)} ms)`,
    );
    for (const r of [temp, logged]) if (r.errors.total) failures.push(`Postgres: ${r.errors}`);
  }

  // ---- the table
  const rows = [];
  const { produce, consume, e2e, redis: rb, pg: pb } = results;
  if (produce)
    rows.push({
      name: `service produce   ${PRODUCERS} × publishMessage`,
      ...produce,
      errors: produce.errors.total,
    });
  if (consume)
    rows.push({
      name: `service consume   ${CONSUMERS} × consumeMessage(${POP_BATCH},1)+ack`,
      count: consume.acked,
      rate: consume.rate,
      p50: consume.pop.p50,
      p99: consume.pop.p99,
      errors: consume.errors.total,
    });
  if (e2e)
    rows.push({
      name: `service e2e       ${fmt(E2E_RATE)} msg/s, ${E2E_CONSUMERS} long polls`,
      count: e2e.measured,
      rate: e2e.rate,
      p50: e2e.p50,
      p99: e2e.p99,
      errors: e2e.errors.total + e2e.missing,
    });
  if (rb) {
    rows.push({
      name: `Redis LPUSH       ${PRODUCERS} loops, 1 connection`,
      ...rb.push,
      errors: rb.push.errors.total,
    });
    rows.push({
      name: `Redis RPOP        ${CONSUMERS} × RPOP ${POP_BATCH}`,
      ...rb.pop,
      p50: NaN,
      p99: NaN,
    });
  }
  if (pb) {
    rows.push({
      name: `Postgres INSERT   ${PRODUCERS} loops, temp table`,
      ...pb.temp,
      errors: pb.temp.errors.total,
    });
    rows.push({
      name: `Postgres INSERT   ${PRODUCERS} loops, logged table`,
      ...pb.logged,
      errors: pb.logged.errors.total,
    });
  }
  console.log('');
  printTable(rows);
  console.log(
    '(p50/p99 — produce: the publish call; consume: the consumeMessage call; e2e: publish sent → message received)\n',
  );

  if (produce && rb)
    console.log(`service produce / Redis LPUSH:          ${pct(produce.rate / rb.push.rate)}`);
  if (produce && pb)
    console.log(
      `service produce / Postgres INSERT temp: ${pct(produce.rate / pb.temp.rate)}  (logged: ${pct(produce.rate / pb.logged.rate)})`,
    );
  if (consume && rb)
    console.log(`service consume / Redis RPOP:           ${pct(consume.rate / rb.pop.rate)}`);

  console.log('\ntargets (informational):');
  const verdict = (ok, miss) => (ok ? 'PASS' : `MISS (${miss})`);
  if (produce)
    console.log(
      `  produce ≥ ${fmt(TARGET_RATE)} msg/s: ${fmt(produce.rate)} — ${verdict(produce.rate >= TARGET_RATE, `${pct(produce.rate / TARGET_RATE)} of the target`)}`,
    );
  if (consume)
    console.log(
      `  consume ≥ ${fmt(TARGET_RATE)} msg/s: ${fmt(consume.rate)} — ${verdict(consume.rate >= TARGET_RATE, `${pct(consume.rate / TARGET_RATE)} of the target`)}`,
    );
  if (e2e)
    console.log(
      `  p99 produce→consume ≤ ${TARGET_E2E_P99_MS} ms at ${fmt(E2E_RATE)} msg/s: ${fmt(e2e.p99, 1)} ms — ${verdict(e2e.p99 <= TARGET_E2E_P99_MS && !e2e.missing, e2e.missing ? `${e2e.missing} messages missing` : `${fmt(e2e.p99 - TARGET_E2E_P99_MS, 1)} ms over`)}`,
    );

  // ---- where the time went
  console.log('\nwhere the time went:');
  if (results.jobs && produce) {
    const j = results.jobs;
    console.log(
      `  produce: ${fmt(j.jobs)} storage jobs, ${j.meanSize.toFixed(1)} messages each (p50 ${fmt(j.size.p50)}, max ${fmt(j.size.max)}); ` +
        `queued p50 ${fmt(j.wait.p50)} ms p99 ${fmt(j.wait.p99)} ms before a worker took them, stored in p50 ${fmt(j.run.p50)} ms p99 ${fmt(j.run.p99)} ms ` +
        `(publish p50 ${fmt(produce.p50, 1)} ms)`,
    );
  }
  const cpuRows = Object.entries(cpu).filter(([, c]) => c);
  if (cpuRows.length) {
    console.log('  CPU, cores busy on average (the machine has ' + os.cpus().length + '):');
    for (const [name, c] of cpuRows)
      console.log(
        `    ${name.padEnd(18)} service ${c.service.toFixed(2)}  postgres ${c.postgres.toFixed(2)}  redis ${c.redis.toFixed(2)}  bench client ${c.bench.toFixed(2)}  other ${c.other.toFixed(2)}  idle ${c.idle.toFixed(2)}${c.steal >= 0.05 ? `  stolen ${c.steal.toFixed(2)}` : ''}`,
      );
  }
  for (const [name, top] of Object.entries(activity)) {
    console.log(`  Postgres backends of the service during ${name} (average count):`);
    for (const t of top) console.log(`    ${t.avg.toFixed(2).padStart(5)}  ${t.key}`);
  }

  const busiest = Math.max(0, ...cpuRows.map(([, c]) => c.other));
  if (busiest > 0.2)
    console.log(
      `  !! other processes kept up to ${busiest.toFixed(2)} cores busy during a phase: the figures are noisy`,
    );
  console.log(`\nbench time: ${((now() - benchStarted) / 1000).toFixed(0)} s`);
  if (failures.length) {
    console.log('\n' + '!'.repeat(78));
    for (const f of failures) console.log(`!! ${f}`);
    console.log('!'.repeat(78));
    return 3;
  }
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`\nBENCH BROKEN: ${e.stack ?? e}`);
  code = 1;
} finally {
  if (!(await cleanup()) && code === 0) code = 1;
}
process.exit(code);
