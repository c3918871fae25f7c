// Benchmark (not a test): DescribeRocketMQTopics on a namespace holding 100,000 topics versus the
// same calls on a 100-topic namespace of the same cluster, through the real signed API.
// Run with `npm run bench:topics` (builds first). See bench/README.md.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
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
  measureSigned,
  signedRequest,
  startChild,
  stopChild,
  waitForReady,
} from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const intEnv = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const LARGE = intEnv('BENCH_TOPICS', 100_000);
const SMALL = 100;
const SECONDS = intEnv('BENCH_SECONDS', 5);
const CONNECTIONS = 10;
const TARGET_RATIO = 2;
const SECRET_ID = 'AKIDbench0000000000000000000000000';
const SECRET_KEY = 'benchSecretKey0123456789abcdefgh';
const REDIS_URL = 'redis://127.0.0.1:6379';
const runId = `${Date.now().toString(36)}_${process.pid}`;
const state = {
  database: `rmq_bench_${runId}`,
  created: false,
  prefix: `rmqbench_${runId}`,
  dataDir: undefined,
  children: [],
};
const say = (m) => process.stdout.write(`· ${m}\n`);

async function must(port, action, params) {
  const r = await call(
    port,
    signedRequest({ secretId: SECRET_ID, secretKey: SECRET_KEY, port, action, params }),
  );
  const response = r.json?.Response;
  if (r.status !== 200 || !response || response.Error)
    throw new Error(`${action} failed: ${r.raw.toString().slice(0, 400)}`);
  return response;
}

/** Bulk rows straight into the table (the triggers still keep every counter). */
async function seed(clusterId, namespace, count) {
  const client = new pg.Client({ connectionString: databaseUrl(state.database) });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO topics (cluster_id, namespace, name, type, partition_num, remark)
       SELECT $1, $2, 'topic-' || lpad(i::text, 6, '0'), (ARRAY['Normal','PartitionedOrder','DelayScheduled','Transaction'])[1 + i % 4], 3, ''
       FROM generate_series(1, $3) AS i`,
      [clusterId, namespace, count],
    );
    // What autovacuum does after a bulk load: statistics, and the GIN pending list flushed.
    await client.query('VACUUM ANALYZE topics');
    await client.query('ANALYZE topic_type_counts; ANALYZE subscriptions');
  } finally {
    await client.end();
  }
}

async function measure(port, params) {
  const req = signedRequest({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    port,
    action: 'DescribeRocketMQTopics',
    params,
  });
  return measureSigned(req, { port, connections: CONNECTIONS, seconds: SECONDS });
}

async function main() {
  console.log(
    `== bench/topics: DescribeRocketMQTopics, ${LARGE.toLocaleString('en')} topics vs ${SMALL} in one namespace ==`,
  );
  console.log(
    `machine: ${os.cpus().length} CPU(s), node ${process.version}; ${CONNECTIONS} connections, ${SECONDS} s per measurement`,
  );
  await createDatabase(state.database);
  state.created = true;
  const port = await freePort();
  state.dataDir = mkdtempSync(join(os.tmpdir(), 'rmq-bench-'));
  const service = startChild(
    'service',
    [join(ROOT, 'dist/src/main.js')],
    childEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl(state.database),
      REDIS_URL,
      QUEUE_PREFIX: state.prefix,
      ROOT_SECRET_ID: SECRET_ID,
      ROOT_SECRET_KEY: SECRET_KEY,
      LOG_LEVEL: 'warn',
      DATA_DIR: state.dataDir,
      CLUSTER_MAX_TOPICS: String(LARGE + SMALL + 100),
    }),
  );
  state.children.push(service);
  await waitForReady(`http://127.0.0.1:${port}/readyz`, service);

  const { ClusterId } = await must(port, 'CreateRocketMQCluster', { Name: 'bench-topics' });
  for (const ns of ['small_ns', 'large_ns'])
    await must(port, 'CreateRocketMQNamespace', { ClusterId, NamespaceId: ns });
  let t0 = Date.now();
  await seed(ClusterId, 'small_ns', SMALL);
  await seed(ClusterId, 'large_ns', LARGE);
  say(
    `seeded ${SMALL} + ${LARGE.toLocaleString('en')} topics in ${((Date.now() - t0) / 1000).toFixed(1)} s (bulk insert through the counting triggers)`,
  );
  // Five findable topics in each namespace, created through the API.
  for (const ns of ['small_ns', 'large_ns']) {
    for (let i = 1; i <= 5; i++)
      await must(port, 'CreateRocketMQTopic', {
        ClusterId,
        Namespaces: [ns],
        Topic: `needle-${i}`,
        Type: 'Normal',
      });
  }
  const large = await must(port, 'DescribeRocketMQTopics', {
    ClusterId,
    NamespaceId: 'large_ns',
    Offset: 0,
    Limit: 20,
  });
  if (large.TotalCount !== LARGE + 5 || large.Topics.length !== 20)
    throw new Error(`large namespace: TotalCount ${large.TotalCount}`);
  say(
    `check: large namespace answers TotalCount ${large.TotalCount.toLocaleString('en')}, cluster UsedTopicNum ${(await must(port, 'DescribeRocketMQCluster', { ClusterId })).ClusterConfig.UsedTopicNum.toLocaleString('en')}`,
  );

  const cases = [
    { name: 'first page', params: { Offset: 0, Limit: 20 }, target: true },
    {
      name: 'FilterName search (5 hits)',
      params: { Offset: 0, Limit: 20, FilterName: 'needle' },
      target: true,
    },
    {
      name: 'FilterType Normal',
      params: { Offset: 0, Limit: 20, FilterType: ['Normal'] },
      target: false,
    },
    {
      name: 'FilterName broad (every topic-…)',
      params: { Offset: 0, Limit: 20, FilterName: 'topic-' },
      target: false,
    },
    {
      name: 'deep page (Offset = half)',
      params: (n) => ({ Offset: Math.floor(n / 2), Limit: 20 }),
      target: false,
    },
  ];
  const rows = [];
  for (const c of cases) {
    const forNs = (ns, n) => ({
      ClusterId,
      NamespaceId: ns,
      ...(typeof c.params === 'function' ? c.params(n) : c.params),
    });
    const small = await measure(port, forNs('small_ns', SMALL));
    const big = await measure(port, forNs('large_ns', LARGE));
    rows.push({ ...c, small, big, ratio: big.p50 / small.p50 });
    say(
      `${c.name}: ${SMALL} topics ${small.rps.toFixed(0)} req/s p50 ${small.p50.toFixed(2)} ms | ${LARGE.toLocaleString('en')} topics ${big.rps.toFixed(0)} req/s p50 ${big.p50.toFixed(2)} ms`,
    );
  }

  console.log(
    `\ncase                               ${String(SMALL).padStart(6)}: req/s  p50 ms  p99 ms | ${LARGE.toLocaleString('en').padStart(7)}: req/s  p50 ms  p99 ms | p50 ratio  verdict`,
  );
  for (const r of rows) {
    const verdict = r.target ? (r.ratio <= TARGET_RATIO ? 'PASS' : 'MISS') : '(info)';
    const errs = r.small.errors + r.big.errors;
    console.log(
      `${r.name.padEnd(34)} ${r.small.rps.toFixed(0).padStart(13)} ${r.small.p50.toFixed(2).padStart(7)} ${r.small.p99.toFixed(2).padStart(7)} | ` +
        `${r.big.rps.toFixed(0).padStart(14)} ${r.big.p50.toFixed(2).padStart(7)} ${r.big.p99.toFixed(2).padStart(7)} | ${r.ratio.toFixed(2).padStart(9)}  ${verdict}${errs ? `  !! ${errs} errors` : ''}`,
    );
  }
  console.log(
    `\ntarget: the first page and a FilterName search on ${LARGE.toLocaleString('en')} topics within ${TARGET_RATIO}× (p50) of the same calls on ${SMALL}`,
  );
  const failed = rows.some((r) => r.small.errors + r.big.errors > 0);
  return failed ? 3 : 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`\nBENCH BROKEN: ${e.stack ?? e}`);
} finally {
  for (const c of state.children) await stopChild(c).catch(() => undefined);
  await deleteRedisKeys(REDIS_URL, state.prefix).catch(() => undefined);
  if (state.created)
    await dropDatabase(state.database).catch((e) => console.error(`drop failed: ${e.message}`));
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
}
process.exit(code);
