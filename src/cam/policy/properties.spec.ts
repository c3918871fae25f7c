import fc from 'fast-check';
import { evaluate, statementMatches } from './evaluate.js';
import { parsePolicyDocument } from './parse.js';
import type {
  AttachedPolicy,
  AuthzRequest,
  Decision,
  PolicyDocument,
  PolicyStatement,
} from './types.js';

const RUNS = 500;

// A small world, so that random policies and random requests often meet.
const SERVICES = ['tdmq', 'cam', 'tag'];
const API_NAMES = [
  'DescribeRocketMQTopics',
  'DescribeRocketMQClusters',
  'CreateRocketMQTopic',
  'DeleteRocketMQTopic',
  'CreateRocketMQCluster',
  'ListUsers',
  'GetUser',
];
const API_PATTERNS = ['Describe*', 'Create*', 'Delete*', '*Topic*', '*Cluster', 'List*'];
const REGIONS = ['ap-guangzhou', 'ap-shanghai'];
const ACCOUNTS = ['100000000001', '100000000002'];
const UINS = ['200000000001', '200000000002'];
const APP_IDS = ['1250000001', '1250000002'];
const CLUSTERS = ['rocketmq-a', 'rocketmq-b'];
const NAMESPACES = ['prod', 'dev'];
const NAMES = ['orders', ...UINS];
const TAGS = ['env&prod', 'env&dev', 'team&a', 'team&b'];
const IPS = ['10.1.2.3', '192.168.7.7', '2001:db8::1', '::ffff:10.9.9.9'];
const IP_VALUES = [
  '10.0.0.0/8',
  '10.1.2.3',
  '192.168.0.0/16',
  '2001:db8::/32',
  '::ffff:10.0.0.0/104',
];
const TIMES = ['2025-01-01T00:00:00Z', '2025-06-01T12:00:00Z', '2025-06-01T20:00:00+08:00'];
const DATE_VALUES = [
  '2025-01-01',
  '2025-06-01T12:00:00Z',
  '2025-06-01T12:00:00.001Z',
  '2030-01-01',
];

const oneOf = <T>(values: readonly T[]) => fc.constantFrom(...values);
const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

// ---- requests ----

const requestArb: fc.Arbitrary<AuthzRequest> = fc
  .record({
    service: oneOf(SERVICES),
    apiName: oneOf(API_NAMES),
    resource: fc.option(
      fc.record({
        region: oneOf(REGIONS),
        account: oneOf(ACCOUNTS),
        type: oneOf(['cluster', 'topic', 'group']),
        path: fc.tuple(oneOf(CLUSTERS), oneOf(NAMESPACES), oneOf(NAMES)),
      }),
      { freq: 4 },
    ),
    uin: oneOf(UINS),
    ownerUin: oneOf(ACCOUNTS),
    appId: oneOf(APP_IDS),
    ip: fc.option(oneOf(IPS), { freq: 4 }),
    time: oneOf(TIMES),
    resourceTags: fc.option(fc.subarray(TAGS), { freq: 4 }),
    requestTags: fc.option(fc.subarray(TAGS), { freq: 2 }),
  })
  .map((r) => {
    const res = r.resource;
    const path = res && (res.type === 'cluster' ? res.path[0] : res.path.join('/'));
    return {
      action: `${r.service}:${r.apiName}`,
      resource: res
        ? `qcs::${r.service}:${res.region}:uin/${res.account}:${res.type}/${path}`
        : '*',
      principal: { uin: r.uin, ownerUin: r.ownerUin, appId: r.appId },
      context: {
        ip: r.ip ?? undefined,
        currentTime: new Date(r.time),
        resourceTags: r.resourceTags ?? undefined,
        requestTags: r.requestTags ?? undefined,
      },
    };
  });

// ---- policies (normalized documents, valid by construction) ----

const actionArb = fc.oneof(
  fc.constant('*'),
  oneOf(SERVICES).map((s) => `${s}:*`),
  fc.tuple(fc.constantFrom('*', ...SERVICES), oneOf(API_PATTERNS)).map(([s, p]) => `${s}:${p}`),
  fc.tuple(oneOf(SERVICES), oneOf(API_NAMES)).map(([s, n]) => `${s}:${n}`),
);

const lastSegmentArb = fc.oneof(
  fc.constant('*'),
  oneOf(['cluster', 'topic', 'group']).map((t) => `${t}/*`),
  fc.tuple(oneOf(CLUSTERS), oneOf(NAMESPACES)).map(([c, n]) => `topic/${c}/${n}/*`),
  fc
    .tuple(oneOf(CLUSTERS), oneOf(NAMESPACES), fc.constantFrom('orders', '${uin}', 'ord*'))
    .map(([c, n, t]) => `topic/${c}/${n}/${t}`),
  oneOf(CLUSTERS).map((c) => `cluster/${c}`),
  fc.constant('group/*/${uin}'),
);

const resourceArb = fc.oneof(
  { arbitrary: fc.constant('*'), weight: 1 },
  {
    arbitrary: fc
      .record({
        service: fc.constantFrom('*', ...SERVICES),
        region: fc.constantFrom('', '*', 'ap-*', ...REGIONS),
        account: fc.constantFrom(
          '',
          '*',
          'uin/*',
          'uin/${owner_uin}',
          ...ACCOUNTS.map((a) => `uin/${a}`),
        ),
        last: lastSegmentArb,
      })
      .map((s) => `qcs::${s.service}:${s.region}:${s.account}:${s.last}`),
    weight: 3,
  },
);

type Condition = PolicyStatement['condition'];
type Entry = [operator: string, key: string, values: string[]];

const ifExist = fc.boolean().map((b) => (b ? '_if_exist' : ''));
const conditionEntryArb: fc.Arbitrary<Entry> = fc.oneof(
  fc
    .tuple(oneOf(['ip_equal', 'ip_not_equal']), ifExist, someOf(IP_VALUES))
    .map(([op, s, v]): Entry => [op + s, 'qcs:ip', v]),
  fc
    .tuple(
      oneOf(['string_equal', 'string_not_equal', 'string_like', 'string_not_like']),
      ifExist,
      someOf(['10.1.2.3', '10.*', '2001:db8::?', '*']),
    )
    .map(([op, s, v]): Entry => [
      op + s,
      'qcs:ip',
      op.endsWith('like') ? v : v.filter((x) => !x.includes('*')),
    ])
    .filter(([, , v]) => v.length > 0),
  fc
    .tuple(
      oneOf([
        'date_equal',
        'date_not_equal',
        'date_less_than',
        'date_less_than_equal',
        'date_greater_than',
        'date_greater_than_equal',
      ]),
      ifExist,
      someOf(DATE_VALUES),
    )
    .map(([op, s, v]): Entry => [op + s, 'qcs:current_time', v]),
  fc
    .tuple(
      fc.constantFrom('', 'for_any_value:', 'for_all_value:'),
      oneOf([
        'string_equal',
        'string_not_equal',
        'string_equal_ignore_case',
        'string_not_equal_ignore_case',
      ]),
      ifExist,
      oneOf(['qcs:resource_tag', 'qcs:request_tag']),
      someOf([...TAGS, 'ENV&PROD', 'owner&${uin}']),
    )
    .map(([q, op, s, key, v]): Entry => [q + op + s, key, v]),
  fc
    .tuple(
      fc.constantFrom('', 'for_any_value:', 'for_all_value:'),
      oneOf(['string_like', 'string_not_like']),
      oneOf(['qcs:resource_tag', 'qcs:request_tag']),
      someOf(['env&*', 'team&?', '*']),
    )
    .map(([q, op, key, v]): Entry => [q + op, key, v]),
  fc
    .tuple(oneOf(['qcs:ip', 'qcs:resource_tag', 'qcs:request_tag']), oneOf(['true', 'false']))
    .map(([key, v]): Entry => ['null_equal', key, [v]]),
  // Families with no key of their type: they parse, and never match positively.
  fc
    .tuple(oneOf(['numeric_less_than', 'numeric_not_equal']), oneOf(['1', '2.5']))
    .map(([op, v]): Entry => [op, 'qcs:request_tag', [v]]),
  fc.constant<Entry>(['bool_equal', 'qcs:request_tag', ['true']]),
);

const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 2 },
  {
    arbitrary: fc
      .uniqueArray(conditionEntryArb, {
        minLength: 1,
        maxLength: 2,
        selector: ([op, key]) => `${op} ${key}`,
      })
      .map((entries) => {
        const condition: Condition = {};
        for (const [op, key, values] of entries) (condition[op] ??= {})[key] = values;
        return condition;
      }),
    weight: 3,
  },
);

const statementArb = (effect: fc.Arbitrary<'allow' | 'deny'>): fc.Arbitrary<PolicyStatement> =>
  fc.record({
    effect,
    action: fc.array(actionArb, { minLength: 1, maxLength: 3 }),
    resource: fc.array(resourceArb, { minLength: 1, maxLength: 3 }),
    condition: conditionArb,
  });

const anyEffect = fc.constantFrom<'allow' | 'deny'>('allow', 'allow', 'deny');
const documentArb = (effect = anyEffect): fc.Arbitrary<PolicyDocument> =>
  fc
    .array(statementArb(effect), { minLength: 1, maxLength: 3 })
    .map((statement) => ({ version: '2.0', statement }));

const policiesArb = (maxLength = 4): fc.Arbitrary<AttachedPolicy[]> =>
  fc
    .array(documentArb(), { maxLength })
    .map((docs) => docs.map((document, i) => ({ id: i + 1, name: `P${i + 1}`, document })));

const attach = (document: PolicyDocument, id: number): AttachedPolicy => ({
  id,
  name: `Extra${id}`,
  document,
});
const hasDeny = (p: AttachedPolicy) => p.document.statement.some((s) => s.effect === 'deny');

/** Counts how often each branch of a property was exercised, so a vacuous property fails. */
function coverage() {
  const seen = new Map<string, number>();
  return {
    hit: (branch: string) => seen.set(branch, (seen.get(branch) ?? 0) + 1),
    expectAtLeast: (branch: string, n: number) =>
      expect(seen.get(branch) ?? 0).toBeGreaterThanOrEqual(n),
  };
}

// ---- a deny statement built from the request itself, generalized at random ----

function matchingDenyArb(req: AuthzRequest): fc.Arbitrary<PolicyStatement> {
  const [service, apiName] = req.action.split(':');
  const action = fc.constantFrom(
    req.action,
    `${service}:*`,
    '*',
    `*:${apiName}`,
    `${service}:${apiName.slice(0, 5)}*`,
  );
  let resource: fc.Arbitrary<string> = fc.constant('*');
  if (req.resource !== '*') {
    const [, , svc, region, account, last] = req.resource.split(':');
    const own = account === `uin/${req.principal.ownerUin}`;
    const slash = last.lastIndexOf('/');
    resource = fc.oneof(
      fc.constant('*'),
      fc
        .record({
          service: fc.constantFrom(svc, '*'),
          region: fc.constantFrom(region, '', '*', `${region.slice(0, 3)}*`),
          account: fc.constantFrom(account, 'uin/*', '*', ...(own ? ['', 'uin/${owner_uin}'] : [])),
          last: fc.constantFrom(
            last,
            '*',
            `${last.slice(0, slash)}/*`,
            `${last.slice(0, last.indexOf('/'))}/*`,
          ),
        })
        .map((s) => `qcs::${s.service}:${s.region}:${s.account}:${s.last}`),
    );
  }
  const iso = req.context.currentTime.toISOString();
  const holds: Condition[] = [
    {},
    { date_less_than_equal: { 'qcs:current_time': [iso] } },
    { null_equal: { 'qcs:ip': [String(!req.context.ip)] } },
    { ip_not_equal_if_exist: { 'qcs:ip': ['203.0.113.0/24'] } },
    { 'for_all_value:string_not_equal': { 'qcs:resource_tag': ['env&never'] } },
  ];
  return fc.record({
    effect: fc.constant<'deny'>('deny'),
    action: fc
      .tuple(action, fc.array(actionArb, { maxLength: 2 }))
      .map(([a, more]) => [...more, a]),
    resource: fc
      .tuple(resource, fc.array(resourceArb, { maxLength: 2 }))
      .map(([r, more]) => [r, ...more]),
    condition: fc.constantFrom(...holds),
  });
}

describe('policy evaluation properties', () => {
  it('an explicit deny always wins: a matching deny added anywhere makes the request denied', () => {
    fc.assert(
      fc.property(
        requestArb.chain((req) =>
          fc.tuple(
            fc.constant(req),
            policiesArb(),
            matchingDenyArb(req),
            documentArb(),
            fc.nat(),
            fc.nat(),
          ),
        ),
        ([req, policies, deny, host, position, at]) => {
          // The deny goes into a random policy (among random statements), inserted at a random place.
          const statements = [...host.statement];
          statements.splice(at % (statements.length + 1), 0, deny);
          const withDeny = [...policies];
          withDeny.splice(
            position % (policies.length + 1),
            0,
            attach({ version: '2.0', statement: statements }, 99),
          );
          const d = evaluate(req, withDeny);
          expect(d.allowed).toBe(false);
          expect(d.outcome).toBe('deny');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the decision agrees with the statements that match: deny if any deny matches, else the first matching allow', () => {
    const seen = coverage();
    fc.assert(
      fc.property(requestArb, policiesArb(), (req, policies) => {
        const matching = policies.flatMap((p) =>
          p.document.statement.flatMap((s, statementIndex) =>
            statementMatches(s, req)
              ? [{ effect: s.effect, policyId: p.id, policyName: p.name, statementIndex }]
              : [],
          ),
        );
        const firstDeny = matching.find((m) => m.effect === 'deny');
        const firstAllow = matching.find((m) => m.effect === 'allow');
        const d = evaluate(req, policies);
        const expected: Decision['outcome'] = firstDeny
          ? 'deny'
          : firstAllow
            ? 'allow'
            : 'implicit-deny';
        seen.hit(expected);
        expect(d.outcome).toBe(expected);
        expect(d.allowed).toBe(expected === 'allow');
        const decider = firstDeny ?? firstAllow;
        expect(d.decidedBy).toEqual(
          decider && {
            policyId: decider.policyId,
            policyName: decider.policyName,
            statementIndex: decider.statementIndex,
          },
        );
      }),
      { numRuns: RUNS },
    );
    for (const outcome of ['allow', 'deny', 'implicit-deny']) seen.expectAtLeast(outcome, 25);
  });

  it('adding an allow-only policy never removes access', () => {
    const seen = coverage();
    fc.assert(
      fc.property(
        requestArb,
        policiesArb(),
        documentArb(fc.constant('allow')),
        fc.nat(),
        (req, policies, extra, position) => {
          const before = evaluate(req, policies);
          const after = [...policies];
          after.splice(position % (policies.length + 1), 0, attach(extra, 99));
          if (before.allowed) {
            seen.hit('allowed before');
            expect(evaluate(req, after).allowed).toBe(true);
          }
        },
      ),
      { numRuns: RUNS },
    );
    seen.expectAtLeast('allowed before', 50);
  });

  it('adding a deny-only policy never adds access', () => {
    const seen = coverage();
    fc.assert(
      fc.property(
        requestArb,
        policiesArb(),
        documentArb(fc.constant('deny')),
        (req, policies, extra) => {
          const before = evaluate(req, policies);
          if (!before.allowed) seen.hit('denied before');
          if (!before.allowed)
            expect(evaluate(req, [...policies, attach(extra, 99)]).allowed).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
    seen.expectAtLeast('denied before', 50);
  });

  it('detaching a policy that has no deny statement never adds access', () => {
    const seen = coverage();
    fc.assert(
      fc.property(
        requestArb,
        policiesArb().filter((p) => p.length > 0),
        fc.nat(),
        (req, policies, pick) => {
          const removed = policies[pick % policies.length];
          if (hasDeny(removed) || evaluate(req, policies).allowed) return;
          seen.hit('denied, detaching an allow-only policy');
          expect(
            evaluate(
              req,
              policies.filter((p) => p !== removed),
            ).allowed,
          ).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
    seen.expectAtLeast('denied, detaching an allow-only policy', 50);
  });

  it('detaching a policy adds access only when it held every matching deny (and so decided the deny)', () => {
    const seen = coverage();
    fc.assert(
      fc.property(
        // Random policies plus, at a random place, one holding a deny that matches the request;
        // half the time that policy is the one detached.
        requestArb.chain((req) =>
          fc.tuple(
            fc.constant(req),
            policiesArb(),
            matchingDenyArb(req),
            fc.nat(),
            fc.option(fc.nat()),
          ),
        ),
        ([req, random, deny, position, pick]) => {
          const policies = [...random];
          const denyPolicy = attach({ version: '2.0', statement: [deny] }, 99);
          policies.splice(position % (policies.length + 1), 0, denyPolicy);
          const removed = pick === null ? denyPolicy : policies[pick % policies.length];
          const before = evaluate(req, policies);
          const after = evaluate(
            req,
            policies.filter((p) => p !== removed),
          );
          if (before.allowed || !after.allowed) return;
          seen.hit('access added by detaching');
          expect(before.outcome).toBe('deny');
          expect(before.decidedBy?.policyId).toBe(removed.id);
          const denies = (p: AttachedPolicy) =>
            p.document.statement.some((s) => s.effect === 'deny' && statementMatches(s, req));
          expect(policies.filter(denies)).toEqual([removed]);
        },
      ),
      { numRuns: RUNS },
    );
    seen.expectAtLeast('access added by detaching', 25);
  });

  it('a decision does not depend on earlier evaluations (caches are keyed by the principal)', () => {
    fc.assert(
      fc.property(requestArb, requestArb, policiesArb(), (r1, r2, policies) => {
        const first = [evaluate(r1, policies), evaluate(r2, policies)];
        const second = [evaluate(r2, policies), evaluate(r1, policies)];
        expect(second[1]).toEqual(first[0]);
        expect(second[0]).toEqual(first[1]);
      }),
      { numRuns: RUNS },
    );
  });

  it('the outcome does not depend on the order of the policies', () => {
    fc.assert(
      fc.property(requestArb, policiesArb(), fc.nat(), (req, policies, seed) => {
        const shuffled = [...policies].sort(
          (a, b) => ((a.id * 7919 + seed) % 13) - ((b.id * 7919 + seed) % 13),
        );
        const [d1, d2] = [evaluate(req, policies), evaluate(req, shuffled)];
        expect(d2.outcome).toBe(d1.outcome);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('condition properties', () => {
  const holds = (condition: Condition, req: AuthzRequest) =>
    statementMatches({ effect: 'allow', action: ['*'], resource: ['*'], condition }, req);

  it('without a prefix or _if_exist, a negated operator holds exactly when its positive twin does not', () => {
    const pairs: Array<[string, string, string[]]> = [
      ['string_equal', 'qcs:ip', IPS],
      ['string_like', 'qcs:ip', ['10.*', '*:*', '192.168.7.?']],
      ['string_equal_ignore_case', 'qcs:resource_tag', [...TAGS, 'ENV&PROD']],
      ['string_equal', 'qcs:request_tag', TAGS],
      ['ip_equal', 'qcs:ip', IP_VALUES],
      ['date_equal', 'qcs:current_time', [...DATE_VALUES, ...TIMES]],
      ['numeric_equal', 'qcs:request_tag', ['1']],
    ];
    fc.assert(
      fc.property(
        requestArb,
        oneOf(pairs).chain(([op, key, values]) =>
          fc.tuple(fc.constant(op), fc.constant(key), someOf(values)),
        ),
        (req, [op, key, values]) => {
          const negated = op.replace(/^(string|ip|date|numeric)_/, '$1_not_');
          expect(holds({ [negated]: { [key]: values } }, req)).toBe(
            !holds({ [op]: { [key]: values } }, req),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('_if_exist changes the result only when the request lacks the key', () => {
    fc.assert(
      fc.property(
        requestArb,
        conditionEntryArb.filter(([op]) => op.endsWith('_if_exist')),
        (req, [op, key, values]) => {
          const plain = op.slice(0, -'_if_exist'.length);
          const lacksKey =
            (key === 'qcs:ip' && !req.context.ip) ||
            (key === 'qcs:resource_tag' && !req.context.resourceTags?.length) ||
            (key === 'qcs:request_tag' && !req.context.requestTags?.length);
          const withSuffix = holds({ [op]: { [key]: values } }, req);
          if (lacksKey) expect(withSuffix).toBe(true);
          else expect(withSuffix).toBe(holds({ [plain]: { [key]: values } }, req));
        },
      ),
      { numRuns: RUNS },
    );
  });

  const ipv4Arb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const v4 = (o: number[]) => o.join('.');
  const toInt = (o: number[]) => o.reduce((acc, x) => acc * 256 + x, 0);

  it('ip_equal on IPv4 CIDRs agrees with prefix arithmetic, for plain and IPv4-mapped IPv6 callers', () => {
    const seen = coverage();
    fc.assert(
      fc.property(ipv4Arb, ipv4Arb, fc.nat(32), fc.boolean(), (addr, base, prefix, nearby) => {
        const a = nearby ? [base[0], base[1], addr[2], addr[3]] : addr; // often inside the block
        const inside =
          Math.floor(toInt(a) / 2 ** (32 - prefix)) ===
          Math.floor(toInt(base) / 2 ** (32 - prefix));
        seen.hit(inside ? 'inside' : 'outside');
        const condition = { ip_equal: { 'qcs:ip': [`${v4(base)}/${prefix}`] } };
        const req = (ip: string): AuthzRequest => ({
          action: 'tdmq:X',
          resource: '*',
          principal: { uin: '1', ownerUin: '2', appId: '3' },
          context: { ip, currentTime: new Date(0) },
        });
        expect(holds(condition, req(v4(a)))).toBe(inside);
        expect(holds(condition, req(`::ffff:${v4(a)}`))).toBe(inside);
      }),
      { numRuns: RUNS },
    );
    seen.expectAtLeast('inside', 50);
    seen.expectAtLeast('outside', 50);
  });

  it('string_like: a value matches every pattern made from it by replacing parts with * or characters with ?, regex characters being literal', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'b', '&', '.', '/', '(', '$', '+', '\\'),
          maxLength: 12,
        }),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.boolean()), { maxLength: 3 }),
        (value, edits) => {
          let pattern = value;
          for (const [at, length, star] of edits) {
            const i = at % (pattern.length + 1);
            pattern = star
              ? `${pattern.slice(0, i)}*${pattern.slice(i + length)}`
              : i < pattern.length && pattern[i] !== '*'
                ? `${pattern.slice(0, i)}?${pattern.slice(i + 1)}`
                : pattern;
          }
          const req: AuthzRequest = {
            action: 'tdmq:X',
            resource: '*',
            principal: { uin: '1', ownerUin: '2', appId: '3' },
            context: { currentTime: new Date(0), requestTags: [value] },
          };
          expect(holds({ string_like: { 'qcs:request_tag': [pattern] } }, req)).toBe(true);
          // The value has no "x": a pattern ending in a literal x cannot match it.
          expect(holds({ string_like: { 'qcs:request_tag': [`${pattern}x`] } }, req)).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('policy document round trip', () => {
  it('parse(stringify(doc)) returns the normalized document, compact or pretty-printed', () => {
    fc.assert(
      fc.property(documentArb(), fc.boolean(), fc.boolean(), (doc, compact, pretty) => {
        // The compact form drops the arrays cam.md lets a single value drop.
        const single = <T>(xs: T[]) => (compact && xs.length === 1 ? xs[0] : xs);
        const written = {
          version: doc.version,
          statement: single(
            doc.statement.map((s) => ({
              effect: s.effect,
              action: single(s.action),
              resource: single(s.resource),
              condition: Object.fromEntries(
                Object.entries(s.condition).map(([op, keys]) => [
                  op,
                  Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, single(v)])),
                ]),
              ),
            })),
          ),
        };
        const text = JSON.stringify(compact ? written : doc, null, pretty ? 2 : undefined);
        const parsed = parsePolicyDocument(text);
        expect(parsed).toEqual(doc);
        expect(parsePolicyDocument(JSON.stringify(parsed))).toEqual(parsed);
      }),
      { numRuns: RUNS },
    );
  });
});
