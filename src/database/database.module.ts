import { Global, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { runMigrationsLocked } from './migrate.js';
import { ChangeFeed } from './change-feed.js';
import { ReadCache } from './read-cache.js';
import { SqlReader } from './sql-reader.js';

@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrationsLocked(this.dataSource);
    if (applied.length) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
  }

  /** True when every migration this build knows is applied (for /readyz). */
  async upToDate(): Promise<boolean> {
    return !(await this.dataSource.showMigrations());
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('DATABASE_URL is not resolved');
        return {
          type: 'postgres' as const,
          url: config.databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          migrations: MIGRATIONS,
          migrationsTableName: 'migrations',
          logging: false,
          extra: { max: config.databasePoolSize, application_name: 'rocketmq-cloud' },
        };
      },
    }),
  ],
  providers: [MigrationRunner, ChangeFeed, ReadCache, SqlReader],
  exports: [MigrationRunner, ChangeFeed, ReadCache, SqlReader],
})
export class DatabaseModule {}
