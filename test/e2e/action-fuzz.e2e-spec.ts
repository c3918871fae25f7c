import fc from 'fast-check';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { fieldPaths, fuzzCaseArb, metaAt, setPath } from '../support/fuzz-bodies.js';
import { callAction, type Reply } from '../support/fuzz-call.js';
import {
  baseBody,
  createFixtures,
  declaredActions,
  freshName,
  inFuzzOrder,
  registeredActions,
  stateDigest,
  type FuzzAction,
} from '../support/fuzz-fixtures.js';
import { NULL_CASES, PARTIAL_WRITE_CASES } from '../support/fuzz-cases.js';

/**
 * No request body, however malformed, makes any registered action answer InternalError, and
 * a refused write stores nothing. Runs against a real app on a database of its own, so the
 * state digest sees only this file's writes.
 *
 * The cases are seeded: each action's from FUZZ_SEED and its place in the (sorted) action
 * list, so `-t '<Action> never'` alone replays the same bodies. FUZZ_RUNS=<n> runs longer;
 * FUZZ_TRACE=<file> appends every request and answer to a file.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_250_301);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

let t: TestApp;
const database = `${process.env.RMQ_TEST_DATABASE}_fuzz`;
const admin = () => new pg.Client({ connectionString: process.env.RMQ_TEST_PG_ADMIN_URL });

beforeAll(async () => {
  const c = admin();
  await c.connect();
  await c.query(`CREATE DATABASE ${database}`);
  await c.end();
  const url = new URL(process.env.RMQ_TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  t = await startTestApp({
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `${process.env.RMQ_TEST_QUEUE_PREFIX}_fuzz`,
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
  const c = admin();
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await c.end();
});

/** What every answer must be: HTTP 200, an envelope, and never InternalError. */
function expectHandled(r: Reply, what: string): void {
  const problem =
    r.status !== 200
      ? `HTTP ${r.status}`
      : !r.response
        ? 'no envelope'
        : r.response.Error?.Code === 'InternalError'
          ? 'InternalError'
          : undefined;
  if (problem) throw new Error(`${what}: ${problem}: ${r.text.slice(0, 500)}`);
}

const isRead = (name: string) => /^(Describe|List|Get|Simulate)/.test(name);
const find = (name: string) => registeredActions(t).find((a) => a.name === name)!;

const toPath = (dotted: string) => dotted.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

describe('an explicit null where it used to answer InternalError', () => {
  it.each(NULL_CASES)('%s %s: null is as if absent (%s)', async (name, field, code) => {
    const fx = await fixtures('cases');
    const action = find(name);
    const withNull = baseBody(action, fx);
    setPath(withNull, toPath(field), null);
    const absent = baseBody(action, fx);
    setPath(absent, toPath(field), undefined);
    for (const body of [withNull, absent]) {
      const r = await callAction(t, action, body);
      expectHandled(r, name);
      expect(r.response!.Error?.Code ?? null).toBe(code);
    }
  });
});

describe('the reproduced cases', () => {
  const cases: Array<[string, string, (b: Record<string, unknown>) => unknown, string | null]> = [
    // Explicit null for an optional field: as if absent (the defaults apply).
    ['CreateRocketMQRole', 'PermType: null', (b) => ({ ...b, PermType: null }), null],
    ['CreateRocketMQGroup', 'GroupType: null', (b) => ({ ...b, GroupType: null }), null],
    ['ModifyRocketMQNamespace', 'Ttl: null', (b) => ({ ...b, Ttl: null }), null],
    ['CreatePolicy', 'Description: null', (b) => ({ ...b, Description: null }), null],
    // A required field that is null is missing.
    ['CreateRocketMQCluster', 'Name: null', () => ({ Name: null }), 'MissingParameter'],
    // U+0000 in any string.
    [
      'DescribeRocketMQCluster',
      'NUL in an ID',
      (b) => ({ ...b, ClusterId: 'rocketmq-\u0000' }),
      'InvalidParameterValue',
    ],
    [
      'ModifyRocketMQCluster',
      'NUL in Remark',
      (b) => ({ ...b, Remark: 'a\u0000b' }),
      'InvalidParameterValue',
    ],
    [
      'DescribeRocketMQClusters',
      'NUL in a keyword',
      (b) => ({ ...b, NameKeyword: '\u0000' }),
      'InvalidParameterValue',
    ],
    // Numbers out of range.
    [
      'ResetRocketMQConsumerOffSet',
      'ResetTimestamp: 1e16',
      (b) => ({ ...b, ResetTimestamp: 1e16 }),
      'InvalidParameterValue',
    ],
    [
      'ResetRocketMQConsumerOffSet',
      'ResetTimestamp: 1e15 (year 33658)',
      (b) => ({ ...b, ResetTimestamp: 1e15 }),
      'InvalidParameterValue',
    ],
    [
      'DescribeRocketMQClusters',
      'Offset: 2^53',
      (b) => ({ ...b, Offset: 2 ** 53 }),
      'InvalidParameterValue',
    ],
    ['GetGroup', 'GroupId: 1e300', () => ({ GroupId: 1e300 }), 'InvalidParameterValue'],
  ];

  it.each(cases)('%s with %s', async (name, _what, mutate, code) => {
    const fx = await fixtures('cases');
    const action = find(name);
    const r = await callAction(t, action, mutate(baseBody(action, fx)));
    expectHandled(r, name);
    expect(r.response!.Error?.Code ?? null).toBe(code);
  });

  it.each([
    ['DescribeRocketMQClusters', 'a JSON body'],
    ['CreateRocketMQCluster', 'a JSON body'],
  ])('%s: ~1,500 nested arrays in %s → InvalidParameter', async (name) => {
    const action = find(name);
    const raw = `{"Name":"deep","TagList":${'['.repeat(1500)}${']'.repeat(1500)}}`;
    const r = await callAction(t, action, undefined, 'json', raw);
    expectHandled(r, name);
    expect(r.response!.Error).toMatchObject({ Code: 'InvalidParameter' });
    expect(r.response!.Error!.Message).toContain('nested too deeply');
  });

  it.each(['form', 'query'] as const)(
    'NUL in a %s parameter → InvalidParameterValue',
    async (enc) => {
      const r = await callAction(
        t,
        find('DescribeRocketMQClusters'),
        { Offset: 0, Limit: 1, IdKeyword: 'a\u0000' },
        enc,
      );
      expect(r.response!.Error).toMatchObject({ Code: 'InvalidParameterValue' });
      expect(r.response!.Error!.Message).toContain('`IdKeyword`');
    },
  );
});

const fixtureSets = new Map<string, ReturnType<typeof createFixtures>>();
/** One set of fixtures per name, created on first use. */
const fixtures = (name: string) => {
  if (!fixtureSets.has(name)) fixtureSets.set(name, createFixtures(t, name));
  return fixtureSets.get(name)!;
};

describe('a refused request stores nothing', () => {
  it.each(PARTIAL_WRITE_CASES)('%s %s', async (name, _what, body) => {
    const fx = await fixtures('partial');
    const before = await stateDigest(t);
    const r = await callAction(t, find(name), body(fx));
    expectHandled(r, name);
    expect(r.response!.Error).toBeDefined();
    expect(await stateDigest(t)).toBe(before);
  });
});

describe('explicit null for each optional field of each action', () => {
  it('is treated as absent: never InternalError', async () => {
    const fx = await fixtures('nulls');
    const failures: string[] = [];
    let sent = 0;
    for (const action of inFuzzOrder(registeredActions(t))) {
      for (const path of fieldPaths(action.request)) {
        if (!metaAt(action.request, path)?.optional) continue;
        const body = baseBody(action, fx);
        setPath(body, path, null);
        const r = await callAction(t, action, body);
        sent++;
        try {
          expectHandled(r, `${action.name} ${path.join('.')}: null`);
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(100);
  }, 120_000);
});

describe('random bodies for every registered action', () => {
  let refusedWrites = 0;
  const declared = inFuzzOrder(declaredActions());

  it('covers the whole registry', () => {
    const names = (as: FuzzAction[]) => as.map((a) => `${a.version}:${a.name}`).sort();
    expect(names(declared)).toEqual(names(registeredActions(t)));
    expect(declared.length).toBeGreaterThanOrEqual(80);
  });

  it.each(declared.map((a, i) => [a.name, a, i] as const))(
    '%s never answers InternalError, and a refused write stores nothing',
    async (_name, action, i) => {
      const fx = await fixtures('fuzz');
      await fc.assert(
        fc.asyncProperty(fuzzCaseArb(action.request, baseBody(action, fx)), async (c) => {
          const before = isRead(action.name) ? '' : await stateDigest(t);
          const body = freshName(action, c.body);
          const r = await callAction(t, action, body, c.encoding, c.rawJson);
          expectHandled(r, `${action.name} (${c.encoding})`);
          if (r.response!.Error && !isRead(action.name)) {
            refusedWrites++;
            expect(await stateDigest(t)).toBe(before);
          }
        }),
        { seed: SEED + i, numRuns: RUNS, endOnFailure: true },
      );
    },
  );

  it('checked refused writes', () => {
    expect(refusedWrites).toBeGreaterThan(declared.length);
  });
});
