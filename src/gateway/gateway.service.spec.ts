import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { ResolvedKey } from '../cam/access-keys/access-keys.service.js';
import { loadConfig } from '../config/config.js';
import { EmptyResponse } from '../rocketmq/common/empty.dto.js';
import { CreateRocketMQClusterResponse } from '../rocketmq/clusters/dto/cluster.dto.js';
import type { ActionRegistry, ActionHandler, RegisteredAction } from './action-registry.js';
import type { ActionOptions } from './action.decorator.js';
import { ApiError } from './api-error.js';
import type { AuthenticatedCall, Authenticator } from './authenticator.js';
import { Authorizer } from './authorizer.js';
import { SEE_ALL } from './list-visibility.js';
import { cam } from './cam-resource.js';
import { IntField, StringField } from './fields.js';
import { GatewayService, type ApiReply } from './gateway.service.js';
import type { RawApiRequest } from './raw-request.js';
import type { RequestContext } from './request-context.js';
import { ResponseSerializer } from './response-serializer.js';
import { TDMQ, type ApiService } from './services.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const config = loadConfig({ VERIFY_RESPONSE_SERIALIZATION: '1' });
const serializer = new ResponseSerializer(config);

const ROOT: ResolvedKey = {
  secretId: 'AKIDroot',
  secretKey: 'k',
  uin: '100000000001',
  ownerUin: '100000000001',
  isRoot: true,
};
const SUB_USER: ResolvedKey = {
  secretId: 'AKIDuser',
  secretKey: 'k',
  uin: '100000000002',
  ownerUin: '100000000001',
  isRoot: false,
};
const CAM_SERVICE: ApiService = {
  name: 'cam',
  version: '2019-01-16',
  regional: false,
  title: 'CAM',
};

/** The root account is allowed; everyone else is denied (policies are the access-management module's). */
const rootOnly = new (class extends Authorizer {
  authorize(ctx: RequestContext, action: { name: string }) {
    if (ctx.caller.isRoot) return Promise.resolve(SEE_ALL);
    return Promise.reject(
      new ApiError('AuthFailure.UnauthorizedOperation', `not authorized for ${action.name}`),
    );
  }
})();

class CreateRequest {
  @StringField({ description: 'name', minLength: 3, maxLength: 64 })
  Name!: string;

  @IntField({ description: 'limit', optional: true, min: 0, max: 100 })
  Limit?: number;
}
class NoParams {}

interface Seen {
  request?: object;
  ctx?: RequestContext;
  calls: number;
}

function action(
  name: string,
  handler: ActionHandler,
  over: Partial<ActionOptions> = {},
): RegisteredAction {
  return {
    options: {
      name,
      service: TDMQ,
      request: NoParams,
      response: EmptyResponse,
      summary: name,
      resource: cam.any(),
      ...over,
    },
    handler,
  };
}

/** A gateway whose authenticator accepts every request as `call`, over the given actions. */
function gateway(
  call: Partial<AuthenticatedCall> | (() => never),
  actions: RegisteredAction[],
): GatewayService {
  const registry = {
    hasVersion: (v: string) => actions.some((a) => a.options.service.version === v),
    find: (v: string, n: string) =>
      actions.find((a) => a.options.service.version === v && a.options.name === n),
  } as unknown as ActionRegistry;
  const authenticator = {
    authenticate: async () =>
      typeof call === 'function'
        ? call()
        : {
            key: ROOT,
            action: 'Ping',
            version: TDMQ.version,
            region: '',
            params: {},
            flattened: false,
            ...call,
          },
  } as unknown as Authenticator;
  return new GatewayService(registry, authenticator, rootOnly, serializer, config);
}

const request = (route?: RawApiRequest['route']): RawApiRequest => ({
  method: 'POST',
  path: route ? `/api/${route.service}/${route.version}/${route.action}` : '/',
  rawQuery: '',
  headers: { host: '127.0.0.1:3000', 'content-type': 'application/json' },
  body: Buffer.from('{}'),
  clientIp: '10.1.2.3',
  route,
});

interface Envelope {
  Response: { RequestId: string; Error?: { Code: string; Message: string } } & Record<
    string,
    unknown
  >;
}

/** Every reply: JSON, a top-level Response, a UUID RequestId equal to the reply's. */
function envelope(reply: ApiReply): Envelope {
  const parsed = JSON.parse(
    Buffer.isBuffer(reply.body) ? reply.body.toString('utf8') : reply.body,
  ) as Envelope;
  expect(Object.keys(parsed)).toEqual(['Response']);
  expect(parsed.Response.RequestId).toMatch(UUID);
  expect(parsed.Response.RequestId).toBe(reply.requestId);
  return parsed;
}

let logged: jest.SpiedFunction<Logger['error']>;
beforeEach(() => {
  logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('GatewayService dispatches', () => {
  it('an authenticated call to its handler and answers its result with a RequestId', async () => {
    const seen: Seen = { calls: 0 };
    const create = action(
      'CreateRocketMQCluster',
      (req, ctx) => {
        seen.calls++;
        seen.request = req;
        seen.ctx = ctx;
        return { ClusterId: 'rocketmq-abcd12345678' };
      },
      { request: CreateRequest, response: CreateRocketMQClusterResponse },
    );
    const gw = gateway(
      { action: 'CreateRocketMQCluster', region: 'ap-shanghai', params: { Name: 'dev', Limit: 5 } },
      [create],
    );
    const reply = await gw.handle(request());
    const env = envelope(reply);
    expect(env.Response).toEqual({
      ClusterId: 'rocketmq-abcd12345678',
      RequestId: reply.requestId,
    });
    expect(seen.calls).toBe(1);
    expect(seen.request).toBeInstanceOf(CreateRequest);
    expect(seen.request).toMatchObject({ Name: 'dev', Limit: 5 });
    expect(seen.ctx).toMatchObject({
      requestId: reply.requestId,
      action: 'CreateRocketMQCluster',
      service: TDMQ,
      region: 'ap-shanghai',
      caller: { uin: ROOT.uin, ownerUin: ROOT.ownerUin, secretId: ROOT.secretId, isRoot: true },
      scope: { ownerUin: ROOT.ownerUin, region: 'ap-shanghai' },
      clientIp: '10.1.2.3',
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('converts flattened (form/GET) parameters to the declared types before validation', async () => {
    const seen: Seen = { calls: 0 };
    const create = action(
      'CreateRocketMQCluster',
      (req) => ((seen.request = req), { ClusterId: 'rocketmq-abcd12345678' }),
      {
        request: CreateRequest,
        response: CreateRocketMQClusterResponse,
      },
    );
    const reply = await gateway(
      { action: 'CreateRocketMQCluster', params: { Name: 'dev', Limit: '7' }, flattened: true },
      [create],
    ).handle(request());
    expect(envelope(reply).Response.Error).toBeUndefined();
    expect(seen.request).toMatchObject({ Name: 'dev', Limit: 7 });
  });

  it('does not convert JSON parameters: a string for an integer is InvalidParameter', async () => {
    let calls = 0;
    const create = action('CreateRocketMQCluster', () => (calls++, { ClusterId: 'x' }), {
      request: CreateRequest,
      response: CreateRocketMQClusterResponse,
    });
    const reply = await gateway(
      { action: 'CreateRocketMQCluster', params: { Name: 'dev', Limit: '7' } },
      [create],
    ).handle(request());
    expect(envelope(reply).Response.Error?.Code).toBe('InvalidParameter');
    expect(calls).toBe(0);
  });

  it('gives every call its own RequestId', async () => {
    const gw = gateway({}, [action('Ping', () => ({}))]);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(envelope(await gw.handle(request())).Response.RequestId);
    expect(ids.size).toBe(20);
  });
});

describe('GatewayService regions', () => {
  const capture = (seen: Seen, service: ApiService = TDMQ) =>
    action('Ping', (_req, ctx) => ((seen.ctx = ctx), {}), { service });

  it('passes the default region to a regional handler when the client sent none', async () => {
    const seen: Seen = { calls: 0 };
    const reply = await gateway({ region: '' }, [capture(seen)]).handle(request());
    expect(envelope(reply).Response.Error).toBeUndefined();
    expect(seen.ctx?.region).toBe('ap-guangzhou');
    expect(seen.ctx?.scope.region).toBe('ap-guangzhou');
  });

  it('uses a configured DEFAULT_REGION', async () => {
    const seen: Seen = { calls: 0 };
    const cfg = loadConfig({ VERIFY_RESPONSE_SERIALIZATION: '1', DEFAULT_REGION: 'ap-singapore' });
    const registry = {
      hasVersion: () => true,
      find: () => capture(seen),
    } as unknown as ActionRegistry;
    const auth = {
      authenticate: async () => ({
        key: ROOT,
        action: 'Ping',
        version: TDMQ.version,
        region: '',
        params: {},
        flattened: false,
      }),
    };
    const gw = new GatewayService(
      registry,
      auth as unknown as Authenticator,
      rootOnly,
      serializer,
      cfg,
    );
    envelope(await gw.handle(request()));
    expect(seen.ctx?.region).toBe('ap-singapore');
  });

  it.each(['mars-north-1', 'AP-GUANGZHOU', 'ap-guangzhou '])(
    'refuses the unknown region %j with UnsupportedRegion',
    async (region) => {
      const seen: Seen = { calls: 0 };
      const env = envelope(await gateway({ region }, [capture(seen)]).handle(request()));
      expect(env.Response.Error?.Code).toBe('UnsupportedRegion');
      expect(env.Response.Error?.Message).toContain('ap-guangzhou');
      expect(seen.ctx).toBeUndefined();
    },
  );

  it('does not refuse a region for a global (non-regional) service', async () => {
    const seen: Seen = { calls: 0 };
    const reply = await gateway({ region: 'mars-north-1', version: CAM_SERVICE.version }, [
      capture(seen, CAM_SERVICE),
    ]).handle(request());
    expect(envelope(reply).Response.Error).toBeUndefined();
    expect(seen.ctx?.service).toBe(CAM_SERVICE);
  });
});

describe('GatewayService answers faults with an error envelope', () => {
  it('turns a plain Error from a handler into InternalError quoting the RequestId, and logs it', async () => {
    const gw = gateway({}, [
      action('Ping', () => {
        throw new Error('connection to db-7.internal:5432 refused');
      }),
    ]);
    const reply = await gw.handle(request());
    const env = envelope(reply);
    expect(env.Response.Error?.Code).toBe('InternalError');
    expect(env.Response.Error?.Message).toContain(reply.requestId);
    const body = String(reply.body);
    expect(body).not.toContain('db-7.internal');
    expect(body).not.toMatch(/\bat .*\(|\.ts:\d+|\.js:\d+/); // no stack frames
    expect(logged).toHaveBeenCalledTimes(1);
    const line = String(logged.mock.calls[0][0]);
    expect(line).toContain(reply.requestId);
    expect(line).toContain('Ping');
    expect(line).toContain('connection to db-7.internal:5432 refused');
    expect(line).toMatch(/\n\s+at /); // the stack goes to the log
  });

  it.each<[string, () => never]>([
    ['a rejected promise', () => Promise.reject(new TypeError('x is undefined')) as never],
    [
      'a thrown string',
      () => {
        throw 'boom';
      },
    ],
    [
      'a thrown null',
      () => {
        throw null;
      },
    ],
  ])('turns %s from a handler into InternalError', async (_name, handler) => {
    const reply = await gateway({}, [action('Ping', handler)]).handle(request());
    expect(envelope(reply).Response.Error?.Code).toBe('InternalError');
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('answers an ApiError from a handler with its code and message, without logging', async () => {
    const gw = gateway({}, [
      action('Ping', async () => {
        throw new ApiError(
          'ResourceNotFound.Cluster',
          'Cluster rocketmq-abcd12345678 does not exist.',
        );
      }),
    ]);
    const env = envelope(await gw.handle(request()));
    expect(env.Response.Error).toEqual({
      Code: 'ResourceNotFound.Cluster',
      Message: 'Cluster rocketmq-abcd12345678 does not exist.',
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('answers an authentication failure with its code, never reaching a handler', async () => {
    let calls = 0;
    const gw = gateway(() => {
      throw new ApiError('AuthFailure.SignatureFailure', 'The request signature does not match.');
    }, [action('Ping', () => (calls++, {}))]);
    const env = envelope(await gw.handle(request()));
    expect(env.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(calls).toBe(0);
  });

  it('turns an unexpected authenticator failure into InternalError, named after the routed action', async () => {
    const gw = gateway(() => {
      throw new Error('key store down');
    }, []);
    const reply = await gw.handle(
      request({ service: 'tdmq', version: TDMQ.version, action: 'DescribeRocketMQClusters' }),
    );
    expect(envelope(reply).Response.Error?.Code).toBe('InternalError');
    expect(String(logged.mock.calls[0][0])).toContain('DescribeRocketMQClusters');
  });

  it.each<[string, Partial<AuthenticatedCall>, RawApiRequest['route'], string]>([
    ['an unknown version', { version: '2099-01-01' }, undefined, 'NoSuchVersion'],
    ['an unknown action', { action: 'DescribeRocketMQUnicorns' }, undefined, 'InvalidAction'],
    [
      'an action of another service on a per-action route',
      { action: 'Ping' },
      { service: 'cam', version: TDMQ.version, action: 'Ping' },
      'InvalidAction',
    ],
    [
      'a missing required parameter',
      { action: 'Create', params: {} },
      undefined,
      'MissingParameter',
    ],
    [
      'an unknown parameter',
      { action: 'Create', params: { Name: 'dev', Nmae: 'dev' } },
      undefined,
      'UnknownParameter',
    ],
    [
      'a value out of range',
      { action: 'Create', params: { Name: 'dev', Limit: 1000 } },
      undefined,
      'InvalidParameterValue',
    ],
    [
      'a sub-user without policies',
      { key: SUB_USER },
      undefined,
      'AuthFailure.UnauthorizedOperation',
    ],
  ])('answers %s with %s, never reaching a handler', async (_name, call, route, code) => {
    let calls = 0;
    const count = () => (calls++, {});
    const gw = gateway(call, [
      action('Ping', count),
      action('Create', count, { request: CreateRequest }),
    ]);
    const env = envelope(await gw.handle(request(route)));
    expect(env.Response.Error?.Code).toBe(code);
    expect(calls).toBe(0);
    expect(logged).not.toHaveBeenCalled();
  });

  it('refuses a result with undocumented fields (VERIFY_RESPONSE_SERIALIZATION=1) without leaking them', async () => {
    const gw = gateway({ action: 'CreateRocketMQCluster' }, [
      action(
        'CreateRocketMQCluster',
        () => ({ ClusterId: 'rocketmq-abcd12345678', SecretKeyEnc: 'do-not-leak' }),
        {
          response: CreateRocketMQClusterResponse,
        },
      ),
    ]);
    const reply = await gw.handle(request());
    expect(envelope(reply).Response.Error?.Code).toBe('InternalError');
    expect(String(reply.body)).not.toContain('do-not-leak');
  });

  it('reject() wraps a transport-level ApiError in an envelope', () => {
    const reply = gateway({}, []).reject(
      new ApiError('InvalidParameter', 'The request body is larger than 10 MB.'),
    );
    expect(envelope(reply).Response.Error).toEqual({
      Code: 'InvalidParameter',
      Message: 'The request body is larger than 10 MB.',
    });
  });
});
