import { Action, type ActionOptions } from './action.decorator.js';
import { actionsDeclaredBy, ActionRegistryError, checkActionTable } from './action-registry.js';
import { cam } from './cam-resource.js';
import { StringField } from './fields.js';
import { TDMQ, type ApiService } from './services.js';

class PingRequest {
  @StringField({ description: 'cluster', optional: true })
  ClusterId?: string;
}
class PingResponse {}

const options = (over: Partial<ActionOptions> = {}): ActionOptions => ({
  name: 'PingRocketMQCluster',
  service: TDMQ,
  request: PingRequest,
  response: PingResponse,
  summary: 'Ping',
  resource: cam.any(),
  ...over,
});

const NEXT_VERSION: ApiService = { ...TDMQ, version: '2099-01-01' };

function registryError(
  entries: Array<{ owner: string; options: ActionOptions }>,
): ActionRegistryError {
  try {
    checkActionTable(entries);
  } catch (e) {
    if (e instanceof ActionRegistryError) return e;
    throw e;
  }
  throw new Error('expected an ActionRegistryError');
}

describe('checkActionTable', () => {
  it('accepts distinct actions and the same name in two versions', () => {
    expect(() =>
      checkActionTable([
        { owner: 'PingActions.ping', options: options() },
        { owner: 'PingActions.pong', options: options({ name: 'PongRocketMQCluster' }) },
        { owner: 'NextPingActions.ping', options: options({ service: NEXT_VERSION }) },
      ]),
    ).not.toThrow();
  });

  it('accepts an empty table', () => {
    expect(() => checkActionTable([])).not.toThrow();
  });

  it('refuses a duplicate (same version and name), naming both owners', () => {
    const e = registryError([
      { owner: 'ClustersActions.ping', options: options() },
      { owner: 'OtherActions.pong', options: options({ name: 'PongRocketMQCluster' }) },
      { owner: 'NamespacesActions.ping', options: options() },
    ]);
    expect(e.message).toContain('PingRocketMQCluster');
    expect(e.message).toContain('2020-02-17');
    expect(e.message).toContain('ClustersActions.ping');
    expect(e.message).toContain('NamespacesActions.ping');
    expect(e.message).not.toContain('OtherActions.pong');
  });

  it.each<[string, Partial<ActionOptions>, RegExp]>([
    ['a missing request class', { request: undefined }, /no request class/],
    ['a request that is not a class', { request: {} as never }, /no request class/],
    ['a missing response class', { response: undefined }, /no response class/],
    ['a missing CAM resource', { resource: undefined }, /no CAM resource/],
    ['a missing name', { name: undefined }, /invalid action name/],
    ['an empty name', { name: '' }, /invalid action name/],
    ['a lower-case name', { name: 'pingRocketMQCluster' }, /invalid action name/],
    ['a name with a dash', { name: 'Ping-Cluster' }, /invalid action name/],
    ['a name with a space', { name: 'Ping Cluster' }, /invalid action name/],
    ['a one-letter name', { name: 'P' }, /invalid action name/],
    ['a name with a dot', { name: 'Ping.Cluster' }, /invalid action name/],
  ])('refuses %s, naming the owner', (_name, over, reason) => {
    const e = registryError([
      { owner: 'GoodActions.ok', options: options({ name: 'GoodAction' }) },
      { owner: 'BadActions.broken', options: { ...options(), ...over } as ActionOptions },
    ]);
    expect(e.message).toMatch(reason);
    expect(e.message).toContain('BadActions.broken');
  });
});

describe('actionsDeclaredBy', () => {
  class PingActions {
    constructor(private readonly calls: string[]) {}

    @Action({
      name: 'PingRocketMQCluster',
      service: TDMQ,
      request: PingRequest,
      response: PingResponse,
      summary: 'Ping',
      resource: cam.one((r: PingRequest) => cam.cluster(r.ClusterId ?? '')),
    })
    ping() {
      this.calls.push('ping');
      return {};
    }

    @Action({
      name: 'PingRocketMQClusters',
      service: TDMQ,
      request: PingRequest,
      response: PingResponse,
      summary: 'Ping all',
      resource: cam.list('cluster'),
    })
    pingAll() {
      return {};
    }

    /** Not an action. */
    helper() {
      return this.calls.length;
    }
  }

  it('lists the @Action methods with their options, and nothing else', () => {
    const declared = actionsDeclaredBy(PingActions);
    expect(declared.map((d) => [d.method, d.options.name])).toEqual([
      ['ping', 'PingRocketMQCluster'],
      ['pingAll', 'PingRocketMQClusters'],
    ]);
    const ping = declared[0].options;
    expect(ping.service).toBe(TDMQ);
    expect(ping.request).toBe(PingRequest);
    expect(ping.response).toBe(PingResponse);
    expect(ping.resource.kind).toBe('one');
    expect(declared[1].options.resource).toEqual({
      kind: 'list',
      itemType: 'cluster',
      parent: undefined,
    });
  });

  it('returns a table checkActionTable accepts', () => {
    const entries = actionsDeclaredBy(PingActions).map((d) => ({
      owner: `PingActions.${d.method}`,
      options: d.options,
    }));
    expect(() => checkActionTable(entries)).not.toThrow();
    expect(() => checkActionTable([...entries, ...entries])).toThrow(ActionRegistryError);
  });

  it('returns nothing for a class without actions', () => {
    class Plain {
      run() {
        return 1;
      }
    }
    expect(actionsDeclaredBy(Plain)).toEqual([]);
  });

  it('does not run getters of an actions class (they may need the instance)', () => {
    class WithGetter {
      private readonly state?: { name: string };

      get name(): string {
        return this.state!.name; // throws on the prototype
      }

      @Action({
        name: 'PingRocketMQCluster',
        service: TDMQ,
        request: PingRequest,
        response: PingResponse,
        summary: 'Ping',
        resource: cam.any(),
      })
      ping() {
        return {};
      }
    }
    expect(actionsDeclaredBy(WithGetter).map((d) => d.method)).toEqual(['ping']);
  });
});
