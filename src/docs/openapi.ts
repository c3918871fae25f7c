import type { INestApplication, Type as Class } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { actionsDeclaredBy } from '../gateway/action-registry.js';
import type { ActionOptions } from '../gateway/action.decorator.js';
import { packageInfo } from '../config/package-info.js';
import { describeResourceSpec } from '../gateway/cam-resource.js';
import { ACTION_CLASSES } from '../rocketmq/action-classes.js';

type Schema = Record<string, unknown>;

const DESCRIPTION = `
A self-hostable **TDMQ for RocketMQ** service speaking **Tencent Cloud API 3.0**.

**Calling the API.** The official SDKs (\`tencentcloud-sdk-nodejs\` and siblings) call \`POST /\` with the action in
\`X-TC-Action\` and the version in \`X-TC-Version\`; point them at this server and they work unchanged. Each action
also has its own route \`POST /api/<service>/<version>/<Action>\`, documented below, which accepts the same
TC3-HMAC-SHA256 signature (the canonical URI is then the route's path).

**Trying it here.** Click **Authorize**, enter a SecretId and SecretKey (the root key is printed once in the service's
first startup log, or set with \`ROOT_SECRET_ID\`/\`ROOT_SECRET_KEY\`). This page signs each request in the browser and
removes the SecretKey before sending: the key never leaves the page.

**Answers.** Always HTTP 200 with \`{"Response": {…, "RequestId"}}\`; failures carry \`Response.Error.Code\` and \`Message\`
(Tencent codes: \`AuthFailure.*\`, \`InvalidParameter\`, \`InvalidParameterValue\`, \`MissingParameter\`, \`UnknownParameter\`,
\`ResourceNotFound.*\`, \`LimitExceeded\`, …). Times are epoch milliseconds unless a field says otherwise.

**Authorization.** Each operation names the CAM action (\`<service>:<Action>\`) and the resource it is checked against.
`.trim();

/**
 * SwaggerModule.createDocument scans an app's controllers for paths; ours are all excluded
 * and the action paths are added below, so an app with no modules gives the same document
 * without booting a second Nest app (whose `logger: false` would silence the running one).
 */
const APP_WITHOUT_CONTROLLERS = {
  container: { getModules: () => new Map(), isGlobalModule: () => false },
  config: { getGlobalPrefix: () => '' },
  getHttpAdapter: () => ({ getType: () => 'fastify' }),
} as unknown as INestApplication;

interface DeclaredAction {
  group: string;
  options: ActionOptions;
}

export function declaredActions(): DeclaredAction[] {
  return ACTION_CLASSES.flatMap((cls) =>
    actionsDeclaredBy(cls as Class<unknown>).map(({ options }) => ({
      group: cls.name.replace(/Actions$/, ''),
      options,
    })),
  );
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function operation(a: DeclaredAction): Schema {
  const o = a.options;
  const camLine = `**CAM:** \`${o.service.name}:${o.name}\` — ${describeResourceSpec(o.resource as never, o.service, o.request)}.`;
  return {
    operationId: o.name,
    tags: [a.group],
    summary: o.summary,
    description: [
      o.description,
      camLine,
      `SDK: \`client.${o.name}(params)\` on the \`${o.service.name}\` ${o.service.version} client.`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    security: [{ SecretId: [], SecretKey: [] }],
    parameters: o.service.regional
      ? [
          {
            name: 'X-TC-Region',
            in: 'header',
            required: false,
            description:
              'Region of the resources (default: the server’s DEFAULT_REGION, ap-guangzhou unless configured).',
            schema: { type: 'string', example: 'ap-guangzhou' },
          },
        ]
      : [],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: ref(o.request.name),
          ...(o.example ? { example: o.example } : {}),
        },
      },
    },
    responses: {
      '200': {
        description:
          'The API 3.0 envelope (always HTTP 200): the response fields on success, `Response.Error` on failure.',
        content: {
          'application/json': {
            schema: {
              oneOf: [
                {
                  type: 'object',
                  required: ['Response'],
                  properties: {
                    Response: { allOf: [ref(o.response.name), ref('RequestIdField')] },
                  },
                },
                ref('ApiErrorEnvelope'),
              ],
            },
          },
        },
      },
    },
  };
}

const HEALTH_PATHS: Schema = {
  '/healthz': {
    get: {
      operationId: 'healthz',
      tags: ['Health'],
      summary: 'Liveness: the process answers',
      responses: {
        '200': {
          description: 'Alive',
          content: { 'application/json': { example: { status: 'ok' } } },
        },
      },
    },
  },
  '/readyz': {
    get: {
      operationId: 'readyz',
      tags: ['Health'],
      summary:
        'Readiness: Postgres, Redis, migrations applied (and the worker heartbeat when workers run in-process)',
      responses: {
        '200': {
          description: 'Ready',
          content: {
            'application/json': {
              example: {
                status: 'ready',
                checks: { postgres: 'ok', redis: 'ok', migrations: 'ok', worker: 'ok' },
              },
            },
          },
        },
        '503': { description: 'Not ready; `checks` says what failed' },
      },
    },
  },
};

/**
 * The OpenAPI document, built from the @Action declarations alone (no app, no database), so
 * `npm run openapi` and the drift test produce exactly what the server serves at /docs-json.
 */
export function buildOpenApiDocument(version: string): OpenAPIObject {
  const actions = declaredActions();
  const models = [...new Set(actions.flatMap((a) => [a.options.request, a.options.response]))];
  const config = new DocumentBuilder()
    .setTitle('RocketMQ Cloud API (TDMQ for RocketMQ, Tencent Cloud API 3.0)')
    .setDescription(DESCRIPTION)
    .setVersion(version)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-TC-SecretId', description: 'Your SecretId.' },
      'SecretId',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-TC-SecretKey',
        description: 'Your SecretKey: used by this page to sign, never sent.',
      },
      'SecretKey',
    )
    .build();
  const doc = SwaggerModule.createDocument(APP_WITHOUT_CONTROLLERS, config, {
    extraModels: models as Class<unknown>[],
  });
  const schemas = ((doc.components ??= {}).schemas ??= {});
  schemas.RequestIdField = {
    type: 'object',
    required: ['RequestId'],
    properties: {
      RequestId: {
        type: 'string',
        description: 'Unique ID of this request; quote it when reporting a problem.',
        example: '6f1a0c2e-1b7f-4f7e-9d0a-3c2b1a0f9e8d',
      },
    },
  };
  schemas.ApiErrorEnvelope = {
    type: 'object',
    required: ['Response'],
    properties: {
      Response: {
        type: 'object',
        required: ['Error', 'RequestId'],
        properties: {
          Error: {
            type: 'object',
            required: ['Code', 'Message'],
            properties: {
              Code: { type: 'string', example: 'ResourceNotFound.Cluster' },
              Message: {
                type: 'string',
                example: 'Cluster rocketmq-abcd12345678 does not exist.',
              },
            },
          },
          RequestId: { type: 'string', example: '6f1a0c2e-1b7f-4f7e-9d0a-3c2b1a0f9e8d' },
        },
      },
    },
  };
  const paths: Schema = { ...HEALTH_PATHS };
  for (const a of [...actions].sort((x, y) => x.options.name.localeCompare(y.options.name))) {
    paths[`/api/${a.options.service.name}/${a.options.service.version}/${a.options.name}`] = {
      post: operation(a),
    };
  }
  doc.paths = paths as OpenAPIObject['paths'];
  doc.tags = [...new Set(actions.map((a) => a.group)), 'Health'].map((name) => ({ name }));
  return doc;
}

/** The committed form of the document (openapi/openapi.json). */
export function renderOpenApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(packageInfo().version), null, 2)}\n`;
}
