import { ConsoleLogger, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule, WorkerAppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { rawBodyParser, serverTimeouts } from './infra/request-body.js';
import { ApiRouteExceptionFilter } from './gateway/api-route-exception.filter.js';
import { GatewayService } from './gateway/gateway.service.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: AppConfig): LoggerService {
  const upTo = LEVELS.indexOf(config.log.level);
  return new ConsoleLogger({
    json: config.log.format === 'json',
    logLevels: LEVELS.slice(0, upTo + 1),
  });
}

/**
 * Builds the API application (gateway, docs, health; workers too when PROCESS_ROLE=all),
 * initialised but not listening. `main.ts` and the e2e tests both start it this way.
 */
export async function createApiApp(
  config: AppConfig,
  logger: LoggerService | false = createLogger(config),
): Promise<NestFastifyApplication> {
  const timeouts = serverTimeouts(config.http.requestTimeoutMs);
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // Slow senders are cut off (408) once the whole request has taken longer than this.
    requestTimeout: timeouts.requestTimeout,
    http: timeouts,
    // An HTTP SDK endpoint configured with a trailing slash sends `/rocketmq/<id>//topics/…`.
    routerOptions: { ignoreDuplicateSlashes: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, config.processRole === 'all'),
    adapter,
    {
      bodyParser: false,
      logger,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // The gateway verifies signatures over the exact body bytes: keep every body raw. An
  // oversized one is drained before it is refused, so that the client can read the refusal.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', rawBodyParser(config.http.bodyLimitBytes));
  app.useGlobalFilters(
    new ApiRouteExceptionFilter(
      app.get(GatewayService),
      config.http.bodyLimitBytes,
      app.getHttpAdapter(),
    ),
  );
  await app.init();
  return app;
}

/** The worker-only process: queues and processors, no HTTP. */
export async function createWorkerApp(
  config: AppConfig,
  logger: LoggerService | false = createLogger(config),
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot(config), {
    logger,
  });
  await app.init();
  return app;
}
