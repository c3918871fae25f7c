// Benchmark (not a test): what CAM authorization costs. The same signed calls by the root
// account (no policy evaluation: the baseline) and by sub-users whose policies take each path
// of list filtering, on a namespace of BENCH_TOPICS topics (default 100,000).
// Run with `npm run bench:authz` (builds first). See bench/README.md.
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
const TOPICS = intEnv('BENCH_TOPICS', 100_000);
const TEAM_TOPICS = 50;
const SECONDS = intEnv('BENCH_SECONDS', 5);
const CONNECTIONS = 10;
const OWNER = '100000000001';
const ROOT_KEY = {
  secretId: 'AKIDbench0000000000000000000000000',
  secretKey: 'benchSecretKey0123456789abcdefgh',
};
const REDIS_URL = 'redis://127.0.0.1:6379';
const CAM = { service: 'cam', version: '2019-01-16' };
const runId = `${Date.now().toString(36)}_${process.pid}`;
const state = {
  database: `rmq_bench_${runId}`,
  created: false,
  prefix: `rmqbench_${runId}`,
  dataDir: undefined,
  children: [],
};
const say = (m) => process.stdout.write(`· ${m}\n`);

async function must(port, key, action, params, api = {}) {
  const r = await call(port, signedRequest({ ...key, ...api, port, action, params }));
  const response = r.json?.Response;
  if (r.status !== 200 || !response || response.Error)
    throw new Error(`${action} failed: ${r.raw.toString().slice(0, 400)}`);
  return response;
}

async function seed(clusterId, namespace) {
  const client = new pg.Client({ connectionString: databaseUrl(state.database) });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO topics (cluster_id, namespace, name, type, partition_num, remark)
       SELECT $1, $2, 'topic-' || lpad(i::text, 6, '0'), 'Normal', 3, '' FROM generate_series(1, $3) AS i`,
      [clusterId, namespace, TOPICS],
    );
    await client.query(
      `INSERT INTO topics (cluster_id, namespace, name, type, partition_num, remark)
       SELECT $1, $2, 'team-a-' || lpad(i::text, 4, '0'), 'Normal', 3, '' FROM generate_series(1, $3) AS i`,
      [clusterId, namespace, TEAM_TOPICS],
    );
    await client.query('VACUUM ANALYZE topics');
  } finally {
    await client.end();
  }
}

/** A sub-user with an API key and one policy (a preset id or a document). */
async function subUser(port, name, policy) {
  const user = await must(port, ROOT_KEY, 'AddUser', { Name: name, UseApi: 1 }, CAM);
  const PolicyId =
    typeof policy === 'number'
      ? policy
      : (
          await must(
            port,
            ROOT_KEY,
            'CreatePolicy',
            { PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(policy) },
            CAM,
          )
        ).PolicyId;
  await must(port, ROOT_KEY, 'AttachUserPolicy', { PolicyId, AttachUin: user.Uin }, CAM);
  return { secretId: user.SecretId, secretKey: user.SecretKey };
}

async function measure(port, key, action, params) {
  const req = signedRequest({ ...key, port, action, params });
  return measureSigned(req, { port, connections: CONNECTIONS, seconds: SECONDS });
}

async function main() {
  console.log(
    `== bench/authz: CAM authorization cost, root vs sub-users; DescribeRocketMQTopics on ${TOPICS.toLocaleString('en')} + ${TEAM_TOPICS} topics ==`,
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
      ROOT_SECRET_ID: ROOT_KEY.secretId,
      ROOT_SECRET_KEY: ROOT_KEY.secretKey,
      LOG_LEVEL: 'warn',
      DATA_DIR: state.dataDir,
      CLUSTER_MAX_TOPICS: String(TOPICS + TEAM_TOPICS + 100),
    }),
  );
  state.children.push(service);
  await waitForReady(`http://127.0.0.1:${port}/readyz`, service);

  const { ClusterId } = await must(port, ROOT_KEY, 'CreateRocketMQCluster', {
    Name: 'bench-authz',
    TagList: [{ TagKey: 'team', TagValue: 'a' }],
  });
  await must(port, ROOT_KEY, 'CreateRocketMQNamespace', { ClusterId, NamespaceId: 'big' });
  const t0 = Date.now();
  await seed(ClusterId, 'big');
  say(`seeded ${TOPICS + TEAM_TOPICS} topics in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const topics = (tail) => `qcs::tdmq::uin/${OWNER}:topic/${ClusterId}/big/${tail}`;
  const allow = (resource, condition = {}) => ({
    version: '2.0',
    statement: [{ effect: 'allow', action: 'tdmq:Describe*', resource, condition }],
  });
  const users = {
    'read-only preset (covers all)': await subUser(port, 'bench-readonly', 4),
    'allow team-a-* (names pushed down)': await subUser(
      port,
      'bench-prefix',
      allow(topics('team-a-*')),
    ),
    'read-only minus a deny (SQL NOT LIKE)': await subUser(port, 'bench-deny', {
      version: '2.0',
      statement: [
        { effect: 'allow', action: 'tdmq:Describe*', resource: '*' },
        { effect: 'deny', action: 'tdmq:Describe*', resource: topics('team-a-*') },
      ],
    }),
    'tag condition (decided once, in SQL)': await subUser(
      port,
      'bench-tag',
      allow('*', { 'for_any_value:string_equal': { 'qcs:resource_tag': ['team&a'] } }),
    ),
  };
  const list = { ClusterId, NamespaceId: 'big', Offset: 0, Limit: 20 };
  const expected = {
    'read-only preset (covers all)': TOPICS + TEAM_TOPICS,
    'allow team-a-* (names pushed down)': TEAM_TOPICS,
    'read-only minus a deny (SQL NOT LIKE)': TOPICS,
    'tag condition (decided once, in SQL)': TOPICS + TEAM_TOPICS,
  };
  for (const [name, key] of Object.entries(users)) {
    const r = await must(port, key, 'DescribeRocketMQTopics', list);
    if (r.TotalCount !== expected[name])
      throw new Error(`${name}: TotalCount ${r.TotalCount}, expected ${expected[name]}`);
  }
  say('check: every sub-user sees exactly what its policy allows (TotalCount)');

  const rows = [];
  const single = { ClusterId };
  const rootSingle = await measure(port, ROOT_KEY, 'DescribeRocketMQCluster', single);
  const subSingle = await measure(
    port,
    users['read-only preset (covers all)'],
    'DescribeRocketMQCluster',
    single,
  );
  rows.push({ name: 'DescribeRocketMQCluster, read-only preset', base: rootSingle, r: subSingle });
  say(`DescribeRocketMQCluster: root p50 ${rootSingle.p50} ms, sub-user p50 ${subSingle.p50} ms`);
  const rootList = await measure(port, ROOT_KEY, 'DescribeRocketMQTopics', list);
  say(`DescribeRocketMQTopics root: ${rootList.rps.toFixed(0)} req/s p50 ${rootList.p50} ms`);
  for (const [name, key] of Object.entries(users)) {
    const r = await measure(port, key, 'DescribeRocketMQTopics', list);
    rows.push({ name: `DescribeRocketMQTopics, ${name}`, base: rootList, r });
    say(`${name}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms`);
  }

  console.log(
    `\ncase                                                      root: req/s  p50 ms | sub-user: req/s  p50 ms  p99 ms | p50 ratio`,
  );
  for (const row of rows) {
    const errs = row.base.errors + row.r.errors;
    console.log(
      `${row.name.padEnd(56)} ${row.base.rps.toFixed(0).padStart(11)} ${row.base.p50.toFixed(2).padStart(7)} | ` +
        `${row.r.rps.toFixed(0).padStart(15)} ${row.r.p50.toFixed(2).padStart(7)} ${row.r.p99.toFixed(2).padStart(7)} | ${(row.r.p50 / row.base.p50).toFixed(2).padStart(9)}${errs ? `  !! ${errs} errors` : ''}`,
    );
  }
  return rows.some((r) => r.base.errors + r.r.errors > 0) ? 3 : 0;
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
