import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { ActionRegistry, type RegisteredAction } from './action-registry.js';
import { ApiError } from './api-error.js';
import { Authenticator } from './authenticator.js';
import { Authorizer } from './authorizer.js';
import { errorBody } from './envelope.js';
import { SEE_ALL } from './list-visibility.js';
import { coerceToTypes } from './params/params.js';
import { validateParams } from './params/validate.js';
import type { RawApiRequest } from './raw-request.js';
import { ResponseSerializer } from './response-serializer.js';
import { makeScope, type RequestContext } from './request-context.js';

export interface ApiReply {
  /** JSON of the `{"Response": …}` envelope; always sent with HTTP 200. */
  body: string | Buffer;
  requestId: string;
}

/**
 * One API 3.0 call, end to end: authenticate → route (version, action) → region → parameters
 * → validation → authorization → handler. Every outcome is an envelope; nothing escapes as a
 * non-200 or a stack trace.
 */
@Injectable()
export class GatewayService {
  private readonly logger = new Logger('Gateway');

  constructor(
    private readonly registry: ActionRegistry,
    private readonly authenticator: Authenticator,
    private readonly authorizer: Authorizer,
    private readonly serializer: ResponseSerializer,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async handle(req: RawApiRequest): Promise<ApiReply> {
    const requestId = randomUUID();
    let actionName = req.route?.action ?? '(unknown)';
    try {
      const call = await this.authenticator.authenticate(req);
      actionName = call.action;
      const action = this.route(call.version, call.action, req.route?.service);
      const region = this.region(action, call.region);
      const params = call.flattened
        ? (coerceToTypes(action.options.request, call.params) as Record<string, unknown>)
        : call.params;
      const request = await this.validate(action, params);
      const ctx: RequestContext = {
        requestId,
        action: call.action,
        service: action.options.service,
        region,
        caller: {
          uin: call.key.uin,
          ownerUin: call.key.ownerUin,
          secretId: call.key.secretId,
          isRoot: call.key.isRoot,
        },
        scope: makeScope(call.key.ownerUin, region),
        clientIp: req.clientIp,
        visibility: SEE_ALL,
      };
      ctx.visibility = await this.authorizer.authorize(ctx, action.options, request);
      const result = await action.handler(request, ctx);
      return {
        body: this.serializer.success(action.options.response, result, requestId),
        requestId,
      };
    } catch (e) {
      return { body: this.failure(e, requestId, actionName), requestId };
    }
  }

  /** An envelope for faults found before dispatch (body too large, transport errors). */
  reject(error: ApiError): ApiReply {
    const requestId = randomUUID();
    return { body: errorBody(error.code, error.message, requestId), requestId };
  }

  private async validate(
    action: RegisteredAction,
    params: Record<string, unknown>,
  ): Promise<object> {
    try {
      return await validateParams(action.options.request, params);
    } catch (e) {
      const refined =
        e instanceof ApiError
          ? action.options.validationCodes?.[e.code as 'MissingParameter' | 'InvalidParameterValue']
          : undefined;
      throw refined ? new ApiError(refined, e instanceof Error ? e.message : String(e)) : e;
    }
  }

  private route(version: string, action: string, pathService?: string): RegisteredAction {
    if (!this.registry.hasVersion(version)) {
      throw new ApiError('NoSuchVersion', `The API version ${version} does not exist.`);
    }
    const found = this.registry.find(version, action);
    if (!found || (pathService !== undefined && found.options.service.name !== pathService)) {
      throw new ApiError(
        'InvalidAction',
        `The action ${action} does not exist in ${pathService ?? 'version'} ${version}.`,
      );
    }
    return found;
  }

  private region(action: RegisteredAction, given: string): string {
    if (!action.options.service.regional) return given || this.config.regions.default;
    const region = given || this.config.regions.default;
    if (!this.config.regions.known.includes(region)) {
      throw new ApiError(
        'UnsupportedRegion',
        `The region ${region} is not supported. Supported regions: ${this.config.regions.known.join(', ')}.`,
      );
    }
    return region;
  }

  /** An InternalError envelope for an unexpected failure, logged with its RequestId. */
  internalError(
    e: unknown,
    where: string,
    requestId: string = randomUUID(),
  ): ApiReply & { body: string } {
    this.logger.error(`RequestId ${requestId} ${where}: ${(e as Error)?.stack ?? String(e)}`);
    return {
      body: errorBody(
        'InternalError',
        `An internal error occurred. Quote RequestId ${requestId} when reporting it.`,
        requestId,
      ),
      requestId,
    };
  }

  private failure(e: unknown, requestId: string, action: string): string {
    if (e instanceof ApiError) return errorBody(e.code, e.message, requestId);
    return this.internalError(e, action, requestId).body;
  }
}
