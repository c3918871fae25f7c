import fc from 'fast-check';
import {
  evaluate,
  parsePolicyDocument,
  variablesOf,
  type AttachedPolicy,
  type AuthzRequest,
} from '../policy/index.js';
import { ListScope, type ListShape } from './list-scope.js';

const OWNER = '100000000001';
const REGION = 'ap-guangzhou';
const NOW = new Date('2026-06-01T12:00:00Z');
const ACTION = 'tdmq:DescribeRocketMQTopics';

const base: AuthzRequest = {
  action: ACTION,
  resource: '*',
  principal: { uin: '200000000001', ownerUin: OWNER, appId: '1300000000' },
  context: { ip: '10.1.2.3', currentTime: NOW },
};

const topicsOf = (cluster: string, ns: string): ListShape => ({
  service: 'tdmq',
  region: REGION,
  ownerUin: OWNER,
  itemType: 'topic',
  fixedPath: [cluster, ns],
  slots: 1,
});

const topic = (cluster: string, ns: string, name: string) =>
  `qcs::tdmq:${REGION}:uin/${OWNER}:topic/${cluster}/${ns}/${name}`;

function policy(...statements: object[]): AttachedPolicy {
  return {
    id: 100001,
    name: 'p',
    document: parsePolicyDocument(JSON.stringify({ version: '2.0', statement: statements })),
  };
}

const allow = (resource: string | string[], extra: object = {}) => ({
  effect: 'allow',
  action: ACTION,
  resource,
  ...extra,
});
const deny = (resource: string | string[], extra: object = {}) => ({
  effect: 'deny',
  action: ACTION,
  resource,
  ...extra,
});

function scope(policies: AttachedPolicy[], shape = topicsOf('rocketmq-a', 'prod')) {
  return new ListScope(policies, base, shape);
}

describe('ListScope: what a list call may show, decided before reading items', () => {
  it.each([
    ['everything', [allow('*')], 'all'],
    [
      'every topic of the namespace',
      [allow(`qcs::tdmq::uin/${OWNER}:topic/rocketmq-a/prod/*`)],
      'all',
    ],
    ['every topic of every namespace', [allow('qcs::tdmq:::topic/*')], 'all'],
    ['the account variable', [allow('qcs::tdmq::uin/${owner_uin}:topic/rocketmq-a/*')], 'all'],
    [
      'topics of another namespace',
      [allow(`qcs::tdmq::uin/${OWNER}:topic/rocketmq-a/dev/*`)],
      'none',
    ],
    ['topics of another account', [allow('qcs::tdmq::uin/999:topic/*')], 'none'],
    ['another region', [allow('qcs::tdmq:ap-shanghai::topic/*')], 'none'],
    ['namespaces, not topics', [allow('qcs::tdmq:::namespace/*')], 'none'],
    ['some topics by name', [allow('qcs::tdmq:::topic/rocketmq-a/prod/orders-*')], 'some'],
    ['one topic', [allow(topic('rocketmq-a', 'prod', 'orders'))], 'some'],
    [
      'all, minus a deny on one topic',
      [allow('*'), deny(topic('rocketmq-a', 'prod', 'x'))],
      'some',
    ],
    ['all, with a deny elsewhere', [allow('*'), deny(topic('rocketmq-a', 'dev', 'x'))], 'all'],
    [
      'all, with a deny whose condition does not hold',
      [allow('*'), deny('*', { condition: { ip_equal: { 'qcs:ip': '192.168.0.0/16' } } })],
      'all',
    ],
    [
      'all, under a deny by tag',
      [
        allow('*'),
        deny('*', {
          condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': 'env&prod' } },
        }),
      ],
      'some',
    ],
    [
      'topics tagged env&prod',
      [
        allow('*', {
          condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': 'env&prod' } },
        }),
      ],
      'some',
    ],
  ])('%s → %s', (_name, statements, expected) => {
    const s = scope([policy(...statements)]);
    expect(s.anyAllowPossible).toBe(true);
    expect(s.coversAll ? 'all' : s.coversNone ? 'none' : 'some').toBe(expected);
  });

  it.each([
    ['no policy', []],
    [
      'an allow for another action',
      [{ effect: 'allow', action: 'tdmq:DescribeRocketMQGroups', resource: '*' }],
    ],
    [
      'an allow from another address',
      [allow('*', { condition: { ip_equal: { 'qcs:ip': '192.168.0.0/16' } } })],
    ],
    [
      'an allow that expired',
      [
        allow('*', {
          condition: { date_less_than: { 'qcs:current_time': '2026-01-01T00:00:00Z' } },
        }),
      ],
    ],
    ['only denies', [deny('*')]],
  ])('with %s nothing can be allowed: the call is refused', (_name, statements) => {
    const s = scope(statements.length ? [policy(...statements)] : []);
    expect(s.anyAllowPossible).toBe(false);
  });

  it('reads item tags only when a statement that can touch the list has a tag condition', () => {
    const tagged = {
      condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': 'env&prod' } },
    };
    expect(
      scope([policy(allow('qcs::tdmq:::topic/rocketmq-a/prod/o*', tagged))]).needsResourceTags,
    ).toBe(true);
    expect(
      scope([
        policy(
          allow('qcs::tdmq:::topic/rocketmq-a/prod/o*'),
          allow('qcs::tdmq:::topic/rocketmq-b/*', tagged),
        ),
      ]).needsResourceTags,
    ).toBe(false);
  });

  it.each([
    [
      'names by prefix',
      ['qcs::tdmq:::topic/rocketmq-a/prod/orders-*', 'qcs::tdmq:::topic/rocketmq-a/prod/pay'],
      ['orders-', 'pay'],
    ],
    [
      'a pattern open on the name',
      ['qcs::tdmq:::topic/rocketmq-a/prod/orders-*', 'qcs::tdmq:::topic/rocketmq-a/*'],
      undefined,
    ],
    ['the principal variable', ['qcs::tdmq:::topic/rocketmq-a/prod/u${uin}-*'], ['u200000000001-']],
    ['patterns for other namespaces only', ['qcs::tdmq:::topic/rocketmq-a/dev/x*'], []],
  ])('narrows candidate names: %s', (_name, resources, expected) => {
    const s = scope([
      policy(
        allow(resources, {
          condition: { 'for_any_value:string_equal': { 'qcs:resource_tag': 'env&prod' } },
        }),
      ),
    ]);
    expect(s.namePrefixes(variablesOf(base.principal))?.sort()).toEqual(expected);
  });

  it('keeps only the statements that can touch the list for item-by-item checks', () => {
    const s = scope([
      policy(
        allow('qcs::tdmq:::topic/rocketmq-a/prod/o*'),
        allow('qcs::tdmq:::topic/rocketmq-b/*'),
        deny('qcs::tdmq:::cluster/*'),
      ),
    ]);
    const kept = s.relevantPolicies().flatMap((p) => p.document.statement.map((st) => st.resource));
    expect(kept).toEqual([['qcs::tdmq:::topic/rocketmq-a/prod/o*']]);
  });

  // The fast paths must never disagree with the engine: whatever `all` and `none` claim holds
  // for every item, and item-by-item checks with the reduced statements decide like all of them.
  describe('agrees with the engine on every item (property)', () => {
    const name = fc.constantFrom('orders', 'orders-eu', 'pay', 'o', 'x*y', 'secret', 'o_x', 'oax');
    const pathPart = fc.constantFrom(
      'rocketmq-a',
      'rocketmq-b',
      'prod',
      'dev',
      '*',
      'o*',
      'orders',
      '${uin}',
      'pr*d',
    );
    const region = fc.constantFrom('', REGION, 'ap-shanghai', 'ap-*', '*');
    const account = fc.constantFrom(
      '',
      `uin/${OWNER}`,
      'uin/999',
      'uin/*',
      'uin/${owner_uin}',
      '*',
    );
    const type = fc.constantFrom('topic', 'group', 'namespace');
    // Topic-shaped patterns, so that the interesting cases (prefixes, partial names) come up often.
    const topicPattern = fc
      .tuple(
        region,
        account,
        fc.constantFrom('rocketmq-a', 'rocketmq-b', '*', 'rocketmq-*'),
        fc.constantFrom('prod', 'dev', '*', 'p*'),
        fc.constantFrom('*', 'o*', 'orders', 'orders-*', '${uin}', '*s', 'x*y'),
      )
      .map(([r, a, c, n, t]) => `qcs::tdmq:${r}:${a}:topic/${c}/${n}/${t}`);
    // Patterns that name topics of the listed namespace: the case where candidates are narrowed.
    const nameScoped = fc
      .constantFrom('o*', 'orders', 'orders-*', '${uin}', 'p*', 'x*y', 'sec*t', 'o_x', 'o_*')
      .map((t) => `qcs::tdmq:::topic/rocketmq-a/prod/${t}`);
    const resource = fc.oneof(
      fc.constant('*'),
      topicPattern,
      topicPattern,
      nameScoped,
      nameScoped,
      fc.tuple(region, account).map(([r, a]) => `qcs::tdmq:${r}:${a}:*`),
      fc
        .tuple(region, account, type, fc.array(pathPart, { minLength: 1, maxLength: 4 }))
        .map(([r, a, t, parts]) => `qcs::tdmq:${r}:${a}:${[t, ...parts].join('/')}`),
    );
    const condition = fc.constantFrom(
      {},
      { ip_equal: { 'qcs:ip': '10.0.0.0/8' } },
      { ip_not_equal: { 'qcs:ip': '10.0.0.0/8' } },
      { 'for_any_value:string_equal': { 'qcs:resource_tag': 'env&prod' } },
      { 'for_any_value:string_not_equal': { 'qcs:resource_tag': 'env&prod' } },
      { 'for_all_value:string_like': { 'qcs:resource_tag': 'env&*' } },
    );
    const statement = fc.record({
      effect: fc.constantFrom('allow', 'deny'),
      action: fc.constantFrom(ACTION, 'tdmq:Describe*', 'tdmq:CreateRocketMQTopic', '*'),
      resource: fc.array(resource, { minLength: 1, maxLength: 3 }),
      condition,
    });
    const tags = fc.subarray(['env&prod', 'env&dev', 'team&a']);

    it('holds for random policies and topics', () => {
      fc.assert(
        fc.property(
          fc.array(statement, { minLength: 0, maxLength: 4 }),
          fc.constantFrom('rocketmq-a', 'rocketmq-b'),
          fc.constantFrom('prod', 'dev'),
          fc.array(fc.tuple(name, tags), { minLength: 1, maxLength: 6 }),
          (statements, cluster, ns, items) => {
            const policies = statements.length ? [policy(...statements)] : [];
            const s = new ListScope(policies, base, topicsOf(cluster, ns));
            const reduced = s.relevantPolicies();
            const prefixes = s.namePrefixes(variablesOf(base.principal));
            for (const [n, itemTags] of items) {
              const req = {
                ...base,
                resource: topic(cluster, ns, n),
                context: { ...base.context, resourceTags: itemTags },
              };
              const truth = evaluate(req, policies).allowed;
              if (!s.anyAllowPossible || s.coversNone) expect(truth).toBe(false);
              if (s.coversAll) expect(truth).toBe(true);
              // The database may skip names outside the prefixes: no visible item is among them.
              if (truth && prefixes) expect(prefixes.some((p) => n.startsWith(p))).toBe(true);
              expect(evaluate(req, reduced).allowed).toBe(truth);
            }
          },
        ),
        { numRuns: 2000 },
      );
    });

    /** Postgres LIKE (default escape `\\`) as a RegExp, to check the patterns without a database. */
    const like = (pattern: string) => {
      let source = '';
      for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === '\\') source += pattern[++i].replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
        else if (ch === '%') source += '.*';
        else if (ch === '_') source += '.';
        else source += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
      }
      return new RegExp(`^${source}$`, 'su');
    };

    it('the name predicate pushed into SQL shows exactly what the engine allows, when it exists', () => {
      let exact = 0;
      fc.assert(
        fc.property(
          fc.array(statement, { minLength: 0, maxLength: 4 }),
          fc.constantFrom('rocketmq-a', 'rocketmq-b'),
          fc.constantFrom('prod', 'dev'),
          fc.array(name, { minLength: 1, maxLength: 6 }),
          (statements, cluster, ns, names) => {
            const policies = statements.length ? [policy(...statements)] : [];
            const s = new ListScope(policies, base, topicsOf(cluster, ns));
            const predicate = s.namePredicate(variablesOf(base.principal));
            if (!predicate) return;
            exact += 1;
            for (const n of names) {
              const truth = evaluate(
                { ...base, resource: topic(cluster, ns, n) },
                policies,
              ).allowed;
              const shown =
                (predicate.allow === 'any' || predicate.allow.some((p) => like(p).test(n))) &&
                !predicate.deny.some((p) => like(p).test(n));
              expect(shown).toBe(truth);
            }
          },
        ),
        { numRuns: 2000 },
      );
      expect(exact).toBeGreaterThan(500);
    });

    it('under tag conditions, the names pushed into SQL (inherited tags, exceptions) match the engine', () => {
      fc.assert(
        fc.property(
          fc.array(statement, { minLength: 0, maxLength: 4 }),
          fc.constantFrom('rocketmq-a', 'rocketmq-b'),
          fc.constantFrom('prod', 'dev'),
          tags,
          fc.uniqueArray(fc.tuple(name, fc.option(tags, { nil: undefined })), {
            minLength: 1,
            maxLength: 8,
            selector: ([n]) => n,
          }),
          (statements, cluster, ns, inherited, items) => {
            const policies = statements.length ? [policy(...statements)] : [];
            const s = new ListScope(policies, base, topicsOf(cluster, ns));
            const tagged = items
              .filter(([, own]) => own !== undefined)
              .map(([n, own]) => ({ name: n, resource: topic(cluster, ns, n), tags: own! }));
            const exact = s.exactNamesWithTags(variablesOf(base.principal), inherited, tagged)!;
            expect(exact).toBeDefined();
            for (const [n, own] of items) {
              const truth = evaluate(
                {
                  ...base,
                  resource: topic(cluster, ns, n),
                  context: { ...base.context, resourceTags: own ?? inherited },
                },
                policies,
              ).allowed;
              const byPattern =
                (exact.allow === 'any' || exact.allow.some((p) => like(p).test(n))) &&
                !exact.deny.some((p) => like(p).test(n)) &&
                !(exact.except ?? []).includes(n);
              expect(byPattern || (exact.include ?? []).includes(n)).toBe(truth);
            }
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('the memoized item decider agrees with the engine on every item', () => {
      fc.assert(
        fc.property(
          fc.array(statement, { minLength: 0, maxLength: 4 }),
          fc.constantFrom('rocketmq-a', 'rocketmq-b'),
          fc.constantFrom('prod', 'dev'),
          fc.array(fc.tuple(name, tags), { minLength: 1, maxLength: 12 }),
          (statements, cluster, ns, items) => {
            const policies = statements.length ? [policy(...statements)] : [];
            const s = new ListScope(policies, base, topicsOf(cluster, ns));
            const decide = s.itemDecider(base);
            for (const [n, itemTags] of items) {
              const truth = evaluate(
                {
                  ...base,
                  resource: topic(cluster, ns, n),
                  context: { ...base.context, resourceTags: itemTags },
                },
                policies,
              ).allowed;
              expect(decide(n, topic(cluster, ns, n), itemTags)).toBe(truth);
            }
          },
        ),
        { numRuns: 2000 },
      );
    });
  });
});
