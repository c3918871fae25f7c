import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApiApp, createLogger, createWorkerApp } from './app.js';
import { ConfigError, describeConfig, loadConfig, type AppConfig } from './config/config.js';
import { provideInfrastructure } from './infra/embedded.js';

/**
 * `npm start`: API and workers in one process (PROCESS_ROLE=all, the default), or only the
 * API (api) or only the workers (worker). Missing DATABASE_URL / REDIS_URL are provided locally.
 * SIGTERM/SIGINT drain in-flight requests and jobs, then stop what was started.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  Logger.overrideLogger(createLogger(config));
  const logger = new Logger('Main');
  logger.log(`Starting: ${JSON.stringify(describeConfig(config))}`);
  const infra = await provideInfrastructure(config, logger);
  const resolved: AppConfig = {
    ...config,
    databaseUrl: infra.databaseUrl,
    redisUrl: infra.redisUrl,
  };

  const app =
    config.processRole === 'worker'
      ? await createWorkerApp(resolved)
      : await createApiApp(resolved);
  if (config.processRole !== 'worker') {
    const api = app as Awaited<ReturnType<typeof createApiApp>>;
    await api.listen(config.http.port, config.http.host);
    logger.log(
      `API 3.0 endpoint on ${config.publicBaseUrl}/ — Swagger UI ${config.publicBaseUrl}/docs`,
    );
  } else {
    logger.log('Worker running');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining in-flight work`);
    const force = setTimeout(() => {
      logger.error(`Still busy after ${config.shutdownGraceMs} ms: exiting`);
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    try {
      await app.close();
      await infra.stop();
      process.exit(0);
    } catch (e) {
      logger.error(`Shutdown failed: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  const message = e instanceof ConfigError ? e.message : ((e as Error)?.stack ?? String(e));
  console.error(`Startup failed: ${message}`);
  process.exit(1);
});
