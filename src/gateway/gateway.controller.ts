import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { ApiError } from './api-error.js';
import { GatewayService, type ApiReply } from './gateway.service.js';
import type { RawApiRequest } from './raw-request.js';

/**
 * The API 3.0 endpoint (`/`, what the SDKs call) and the per-action routes
 * (`/api/<service>/<version>/<Action>`, what Swagger UI and curl users call). Both feed the
 * same dispatcher and accept the same signatures; the routes are documented per action in
 * the OpenAPI document, not through this controller.
 */
@ApiExcludeController()
@Controller()
export class GatewayController {
  constructor(
    private readonly gateway: GatewayService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post('/')
  post(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.serve(req, reply);
  }

  @Get('/')
  get(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.serve(req, reply);
  }

  @Post('api/:service/:version/:action')
  postAction(
    @Param('service') service: string,
    @Param('version') version: string,
    @Param('action') action: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, { service, version, action });
  }

  @Get('api/:service/:version/:action')
  getAction(
    @Param('service') service: string,
    @Param('version') version: string,
    @Param('action') action: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, { service, version, action });
  }

  private async serve(req: FastifyRequest, reply: FastifyReply, route?: RawApiRequest['route']) {
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
    let result: ApiReply;
    if (Buffer.byteLength(rawQuery) > this.config.http.queryLimitBytes) {
      result = this.gateway.reject(
        new ApiError(
          'InvalidParameter',
          `The query string exceeds ${this.config.http.queryLimitBytes / 1024} KB.`,
        ),
      );
    } else {
      result = await this.gateway.handle({
        method: req.method,
        path,
        rawQuery,
        headers: req.headers,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        clientIp: req.ip,
        route,
      });
    }
    return sendEnvelope(reply, result, req.headers['x-tc-traceid']);
  }
}

export function sendEnvelope(
  reply: FastifyReply,
  result: ApiReply,
  traceId: string | string[] | undefined,
) {
  const trace = Array.isArray(traceId) ? traceId[0] : traceId;
  reply
    .status(200)
    .header('content-type', 'application/json')
    .header('x-tc-requestid', result.requestId);
  if (trace) reply.header('x-tc-traceid', trace);
  return reply.send(result.body);
}
