import { Catch, HttpException, type ArgumentsHost, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataPlaneError } from '../dataplane/dataplane-error.js';
import { sendXmlError } from '../dataplane/http/http-dataplane.controller.js';
import { ApiError } from './api-error.js';
import { sendEnvelope } from './gateway.controller.js';
import type { GatewayService } from './gateway.service.js';

export function isApiRoute(url: string): boolean {
  return url === '/' || url.startsWith('/?') || url.startsWith('/api/');
}

/**
 * Faults Fastify raises before the gateway runs (a body over 10 MB, an aborted upload) still
 * answer API 3.0 callers with an envelope and HTTP 200; other routes keep Nest's handling.
 */
@Catch()
export class ApiRouteExceptionFilter extends BaseExceptionFilter {
  constructor(
    private readonly gateway: GatewayService,
    private readonly bodyLimitBytes: number,
    httpAdapter: HttpServer,
  ) {
    super(httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    if (req?.url?.startsWith('/rocketmq/')) return this.dataPlane(exception, host);
    if (!req?.url || !isApiRoute(req.url)) return super.catch(exception, host);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    const error =
      status === 413
        ? new ApiError(
            'InvalidParameter',
            `The request body exceeds ${this.bodyLimitBytes / 1024 / 1024} MB.`,
          )
        : status < 500
          ? new ApiError(
              'InvalidParameter',
              `The request could not be read: ${(exception as Error).message}`,
            )
          : undefined;
    const result = error
      ? this.gateway.reject(error)
      : this.gateway.internalError(exception, 'transport');
    void sendEnvelope(reply, result, req.headers['x-tc-traceid']);
  }

  /** The HTTP data plane's clients understand XML errors only (a JSON 404 reads as success). */
  private dataPlane(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    const error =
      status === 404
        ? new DataPlaneError(
            'InvalidArgument',
            'No such data-plane resource: use <endpoint>/topics/<topic>/messages.',
          )
        : status === 413
          ? new DataPlaneError(
              'MessageTooLarge',
              `The request body exceeds ${this.bodyLimitBytes / 1024 / 1024} MB.`,
            )
          : status < 500
            ? new DataPlaneError(
                'InvalidArgument',
                `The request could not be read: ${(exception as Error).message}`,
              )
            : exception;
    void sendXmlError(reply, error, randomBytes(12).toString('hex').toUpperCase(), this.logger);
  }

  private readonly logger = new Logger('DataPlane');
}
