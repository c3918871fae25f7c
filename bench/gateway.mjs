// Benchmark (not a test): signed DescribeRocketMQClusters through the real service versus a bare
// node:http server answering the same route with the same bytes, at 50 connections.
// Run with `npm run bench` (builds first). See bench/README.md for how to read the output.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  call,
  childEnv,
  createDatabase,
  databaseUrl,
  deleteRedisKeys,
  dropDatabase,
  freePort,
  median,
  percentile,
  signedRequest,
  startChild,
  stopChild,
  waitForReady,
} from './harness.mjs';

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
const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 3, 0);
const ROUNDS = intEnv('BENCH_ROUNDS', 2, 1);
const CONNECTIONS = 50;
const SEED_CLUSTERS = 20;
const TARGET_RATIO = 0.15;
const TARGET_P99_MS = 25;
/** BENCH_DIAG=1 adds one run of a signed request the gateway rejects before any database work. */
const DIAG = process.env.BENCH_DIAG === '1';
/** Extra node flags for the service child only, e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

const SECRET_ID = 'AKIDbench0000000000000000000000000';
const SECRET_KEY = 'benchSecretKey0123456789abcdefgh';
const ROOT_UIN = '100000000001';
const REDIS_URL = 'redis://127.0.0.1:6379';

const runId = `${Date.now().toString(36)}_${process.pid}`;
const state = {
  database: `rmq_bench_${runId}`,
  databaseCreated: false,
  queuePrefix: `rmqbench_${runId}`,
  dataDir: undefined,
  children: [],
};

const say = (msg) => process.stdout.write(`· ${msg}\n`);

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
    // Children first: the service's worker would otherwise keep writing under the prefix.
    await Promise.all(state.children.map((c) => attempt(`stopping ${c.name}`, () => stopChild(c))));
    await attempt('deleting Redis keys', async () => {
      const n = await deleteRedisKeys(REDIS_URL, state.queuePrefix);
      say(`cleanup: deleted ${n} Redis keys under ${state.queuePrefix}:*`);
    });
    if (state.databaseCreated) {
      await attempt(`dropping database ${state.database}`, async () => {
        await dropDatabase(state.database);
        say(`cleanup: dropped database ${state.database}`);
      });
    }
    if (state.dataDir)
      await attempt('removing the data dir', () =>
        rmSync(state.dataDir, { recursive: true, force: true }),
      );
    for (const p of problems) console.error(`cleanup problem — ${p}`);
    return problems.length === 0;
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the bench and cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

/** Signed request → envelope, or a thrown error naming what came back. */
async function mustSucceed(port, action, params) {
  const res = await call(
    port,
    signedRequest({ secretId: SECRET_ID, secretKey: SECRET_KEY, port, action, params }),
  );
  const response = res.json?.Response;
  if (res.status !== 200 || !response || response.Error) {
    throw new Error(
      `${action} ${JSON.stringify(params)} failed: HTTP ${res.status} ${res.raw.toString('utf8').slice(0, 500)}`,
    );
  }
  return { response, raw: res.raw, contentType: res.contentType };
}

async function startService(extraEnv = {}) {
  const port = await freePort();
  state.dataDir ??= mkdtempSync(join(os.tmpdir(), 'rmq-bench-'));
  const env = childEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl(state.database),
    REDIS_URL,
    QUEUE_PREFIX: state.queuePrefix,
    ROOT_SECRET_ID: SECRET_ID,
    ROOT_SECRET_KEY: SECRET_KEY,
    ROOT_UIN,
    LOG_LEVEL: 'warn',
    DATA_DIR: state.dataDir,
    PROCESS_ROLE: 'all',
    ...extraEnv,
  });
  const child = startChild('service', [...SERVICE_NODE_ARGS, join(ROOT, 'dist/src/main.js')], env);
  state.children.push(child);
  await waitForReady(`http://127.0.0.1:${port}/readyz`, child);
  return { child, port };
}

async function startBaseline(bodyFile) {
  let resolvePort;
  const portSeen = new Promise((r) => (resolvePort = r));
  const child = startChild(
    'baseline',
    [join(ROOT, 'bench/bare-server.mjs'), bodyFile],
    childEnv({}),
    {
      onLine: (line) => {
        try {
          const { port } = JSON.parse(line);
          if (port) resolvePort(port);
        } catch {
          // not the port line
        }
      },
    },
  );
  state.children.push(child);
  const port = await Promise.race([
    portSeen,
    child.exited.then(({ code }) => {
      throw new Error(`baseline server exited (code ${code}):\n${child.tail()}`);
    }),
    new Promise((_, reject) =>
      setTimeout(
        () => reject(new Error('baseline server did not start within 10 s')),
        10_000,
      ).unref(),
    ),
  ]);
  return { child, port };
}

const hasErrorEnvelope = (body) => body.includes('"Error":');

/**
 * One autocannon run against `target`. Latencies are recorded per response (float ms) so
 * p50/p99 are exact rather than autocannon's 1 ms buckets.
 */
async function load(target, seconds, { record = true, expectError = false } = {}) {
  // Fresh signature per run: keeps the timestamp inside the ±300 s window however long the bench.
  const request = target.makeRequest();
  const latencies = [];
  const samples = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${target.port}/`,
    method: 'POST',
    headers: { ...request.headers },
    body: request.body,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    // A "mismatch" is a body that is (or, for the diagnostic target, is not) an error envelope.
    verifyBody: expectError ? (b) => hasErrorEnvelope(b) : (b) => !hasErrorEnvelope(b),
  });
  if (record) instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  instance.on('reqMismatch', (body) => samples.length < 3 && samples.push(body.slice(0, 300)));
  const r = await instance;
  latencies.sort((a, b) => a - b);
  return {
    target: target.label,
    rps: r.requests.average,
    total: r.requests.total,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : NaN,
    non2xx: r.non2xx,
    connErrors: r.errors - r.timeouts,
    timeouts: r.timeouts,
    errorBodies: r.mismatches,
    samples,
    get errorCount() {
      return this.non2xx + this.connErrors + this.timeouts + this.errorBodies;
    },
  };
}

const fmt = (n, digits) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const pct = (x) => `${(x * 100).toFixed(1)}%`;

function table(rows) {
  const head = ['target', 'round', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors'];
  const body = rows.map((r) => [
    r.target,
    String(r.round),
    fmt(r.rps, 0),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    fmt(r.max, 1),
    r.errorCount === undefined ? '' : String(r.errorCount),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main() {
  const cpus = os.cpus();
  console.log('== bench/gateway: signed DescribeRocketMQClusters vs bare node:http ==');
  console.log(
    `machine: ${cpus.length} CPU(s) (${cpus[0]?.model?.trim() ?? 'unknown'}), available parallelism ${os.availableParallelism()}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load avg ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `node ${process.version} on ${os.platform()} ${os.release()}; autocannon in this process, each server in its own child process`,
  );
  console.log(
    `load: ${CONNECTIONS} connections, pipelining 1, warm-up ${WARMUP_SECONDS} s per target, ${ROUNDS} round(s) of ${SECONDS} s ` +
      `(baseline, service, service without read cache, alternating)${DIAG ? ', plus a diagnostic run' : ''}`,
  );
  console.log(
    'Postgres and Redis run on this machine too: the service run shares the CPUs with them.\n',
  );

  await createDatabase(state.database);
  state.databaseCreated = true;
  say(`database ${state.database}, queue prefix ${state.queuePrefix}`);

  const t0 = Date.now();
  const service = await startService();
  say(
    `service ready on 127.0.0.1:${service.port} after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  for (let i = 1; i <= SEED_CLUSTERS; i++) {
    await mustSucceed(service.port, 'CreateRocketMQCluster', { Name: `bench-${i}` });
  }
  const describeParams = { Offset: 0, Limit: 20 };
  const described = await mustSucceed(service.port, 'DescribeRocketMQClusters', describeParams);
  const listed = described.response.ClusterList?.length;
  if (described.response.TotalCount !== SEED_CLUSTERS || listed !== SEED_CLUSTERS) {
    throw new Error(
      `DescribeRocketMQClusters returned TotalCount ${described.response.TotalCount} and ${listed} clusters, expected ${SEED_CLUSTERS}`,
    );
  }
  say(
    `seeded ${SEED_CLUSTERS} clusters; one signed Describe answers ${described.raw.length} bytes without Error`,
  );

  // The same service with its list read cache off: every request queries Postgres.
  const uncached = await startService({ READ_CACHE_TTL_MS: '0' });
  const uncachedCheck = await mustSucceed(
    uncached.port,
    'DescribeRocketMQClusters',
    describeParams,
  );
  if (uncachedCheck.response.TotalCount !== SEED_CLUSTERS)
    throw new Error('the uncached service sees other data');
  say(
    `second service (READ_CACHE_TTL_MS=0: every Describe queries Postgres) on 127.0.0.1:${uncached.port}`,
  );

  const bodyFile = join(state.dataDir, 'describe-response.json');
  writeFileSync(bodyFile, described.raw);
  const baseline = await startBaseline(bodyFile);
  const check = await call(
    baseline.port,
    signedRequest({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      port: baseline.port,
      action: 'DescribeRocketMQClusters',
      params: describeParams,
    }),
  );
  if (check.status !== 200 || !check.raw.equals(described.raw))
    throw new Error('the baseline server does not answer the captured bytes');
  say(
    `baseline (bare node:http) ready on 127.0.0.1:${baseline.port}, answering the same ${check.raw.length} bytes`,
  );

  const request = (port, action) => () =>
    signedRequest({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      port,
      action,
      params: describeParams,
    });
  const targets = {
    baseline: {
      label: 'bare node:http',
      port: baseline.port,
      makeRequest: request(baseline.port, 'DescribeRocketMQClusters'),
    },
    service: {
      label: 'signed Describe',
      port: service.port,
      makeRequest: request(service.port, 'DescribeRocketMQClusters'),
    },
    uncached: {
      label: 'signed Describe, no cache',
      port: uncached.port,
      makeRequest: request(uncached.port, 'DescribeRocketMQClusters'),
    },
  };

  if (WARMUP_SECONDS > 0) {
    say(`warming up (${WARMUP_SECONDS} s each)`);
    await load(targets.baseline, WARMUP_SECONDS, { record: false });
    await load(targets.service, WARMUP_SECONDS, { record: false });
    await load(targets.uncached, WARMUP_SECONDS, { record: false });
  }

  const rows = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const key of process.env.BENCH_ONLY
      ? process.env.BENCH_ONLY.split(',')
      : ['baseline', 'service', 'uncached']) {
      const r = await load(targets[key], SECONDS);
      r.round = round;
      r.kind = key;
      rows.push(r);
      say(
        `round ${round} ${r.target}: ${fmt(r.rps, 0)} req/s, p99 ${fmt(r.p99, 2)} ms, ${r.errorCount} errors`,
      );
    }
  }

  let diag;
  if (DIAG) {
    // Authenticated (HMAC verified) but rejected as InvalidAction before validation or any database work.
    diag = await load(
      {
        label: 'signed InvalidAction (diag)',
        port: service.port,
        makeRequest: request(service.port, 'BenchNoSuchAction'),
      },
      SECONDS,
      { expectError: true },
    );
    diag.round = 'diag';
  }

  const of = (kind) => rows.filter((r) => r.kind === kind);
  const summary = (kind) => ({
    target: targets[kind].label,
    round: 'median',
    rps: median(of(kind).map((r) => r.rps)),
    p50: median(of(kind).map((r) => r.p50)),
    p99: median(of(kind).map((r) => r.p99)),
    max: Math.max(...of(kind).map((r) => r.max)),
    errorCount: of(kind).reduce((n, r) => n + r.errorCount, 0),
  });
  const base = summary('baseline');
  const svc = summary('service');
  const raw = summary('uncached');
  const ratio = svc.rps / base.rps;
  const worstP99 = Math.max(...of('service').map((r) => r.p99));

  console.log('\n' + table([...rows, base, svc, raw, ...(diag ? [diag] : [])]));
  console.log(
    '(median rows: medians over rounds of req/s, p50 and p99; max and errors over all rounds)\n',
  );

  const ratioOk = ratio >= TARGET_RATIO;
  const p99Ok = svc.p99 <= TARGET_P99_MS;
  console.log(
    `throughput ratio service/baseline: ${pct(ratio)} (${fmt(svc.rps, 0)} / ${fmt(base.rps, 0)} req/s) — target ≥ ${pct(TARGET_RATIO)}: ` +
      (ratioOk
        ? `PASS (${fmt(svc.rps - TARGET_RATIO * base.rps, 0)} req/s to spare)`
        : `MISS by ${(TARGET_RATIO * 100 - ratio * 100).toFixed(1)} points (needs ${fmt(TARGET_RATIO * base.rps, 0)} req/s)`),
  );
  console.log(
    `service p99: ${fmt(svc.p99, 2)} ms (median of rounds; worst round ${fmt(worstP99, 2)} ms) — target ≤ ${TARGET_P99_MS} ms: ` +
      (p99Ok ? 'PASS' : `MISS by ${fmt(svc.p99 - TARGET_P99_MS, 2)} ms`),
  );

  console.log(
    `without the read cache (every request queries Postgres): ${pct(raw.rps / base.rps)} of the baseline ` +
      `(${fmt(raw.rps, 0)} req/s), p99 ${fmt(raw.p99, 2)} ms — shown for reference; the targets apply to the default configuration`,
  );

  const erroneous = [...rows, ...(diag ? [diag] : [])].filter((r) => r.errorCount > 0);
  if (erroneous.length) {
    console.log('\n' + '!'.repeat(78));
    console.log('!! ERRORS DURING LOAD — the figures above do not measure successful requests');
    for (const r of erroneous) {
      console.log(
        `!! ${r.target} round ${r.round}: ${r.non2xx} non-2xx, ${r.errorBodies} ${r.round === 'diag' ? 'non-error' : '"Error"'} bodies, ` +
          `${r.connErrors} connection errors, ${r.timeouts} timeouts`,
      );
      for (const s of r.samples) console.log(`!!   e.g. ${s}`);
    }
    console.log('!'.repeat(78));
    return 3;
  }
  console.log(
    `\nverdict: ${ratioOk && p99Ok ? 'PASS' : 'MISS'} (no errors in ${rows.reduce((n, r) => n + r.total, 0)} measured requests)`,
  );
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
