import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApiApp, createLogger, createWorkerApp } from './app.js';
import { ConfigError, describeConfig, loadConfig, type AppConfig } from './config/config.js';
import { awaitDependencies, DependencyError } from './infra/dependencies.js';
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
  await awaitDependencies(infra, config.startupTimeoutMs, logger).catch(async (e: unknown) => {
    await infra.stop().catch(() => undefined);
    throw e;
  });
  // The rest of start-up is bounded too: a dependency lost half-way must not leave a process
  // that neither listens nor exits.
  const watchdog = setTimeout(() => {
    console.error(
      `Startup failed: not ready within ${config.startupTimeoutMs / 1000} s (Postgres or Redis stopped answering); set STARTUP_TIMEOUT_MS to wait longer`,
    );
    process.exit(1);
  }, config.startupTimeoutMs);
  watchdog.unref();

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
  clearTimeout(watchdog);

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
  const known = e instanceof ConfigError || e instanceof DependencyError;
  const message = known ? (e as Error).message : ((e as Error)?.stack ?? String(e));
  console.error(`Startup failed: ${message}`);
  process.exit(1);
});
