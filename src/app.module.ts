import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/config.js';
import { CamModule } from './cam/cam.module.js';
import { ConsumersModule } from './dataplane/consumers.module.js';
import { HttpDataPlaneModule } from './dataplane/http/http-dataplane.module.js';
import { ConfigModule } from './config/config.module.js';
import { CryptoModule } from './crypto/crypto.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DocsModule } from './docs/docs.module.js';
import { GatewayModule } from './gateway/gateway.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { WorkerModule } from './jobs/worker.module.js';
import { RocketMQModule } from './rocketmq/rocketmq.module.js';

/** The API process; with `withWorkers` it also runs the BullMQ workers (PROCESS_ROLE=all). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, withWorkers: boolean): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        CryptoModule,
        JobsModule,
        GatewayModule,
        RocketMQModule,
        CamModule,
        HttpDataPlaneModule,
        ConsumersModule,
        HealthModule,
        DocsModule,
        ...(withWorkers ? [WorkerModule] : []),
      ],
    };
  }
}

/** The worker-only process (PROCESS_ROLE=worker, or `npm run start:worker`). */
@Module({})
export class WorkerAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, JobsModule, WorkerModule],
    };
  }
}
