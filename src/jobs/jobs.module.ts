import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG, InjectConfig } from '../config/config.module.js';
import type { JobName, JobPayloads, QueueName } from './queues.js';
import { bullConnection, createRedis, RedisOutageLog } from './redis.js';

export const REDIS = Symbol('REDIS');

/** Typed access to the BullMQ queues; one Queue per name, created on first use. */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly logger = new Logger('Queues');

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: bullConnection(this.redisUrl(), 'queue'),
        prefix: this.config.queuePrefix,
      });
      q.on('error', (err) => {
        if (!RedisOutageLog.trouble(`queue ${name}`, err))
          this.logger.error(`${name}: ${err.message}`);
      });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    payload: JobPayloads[Q][N],
    options?: JobsOptions,
  ): Promise<void> {
    await this.queue(queue).add(name, payload, {
      removeOnComplete: 1000,
      removeOnFail: 5000,
      ...options,
    });
  }

  private redisUrl(): string {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not resolved');
    return this.config.redisUrl;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

@Global()
@Module({
  providers: [
    JobQueues,
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis => {
        if (!config.redisUrl) throw new Error('REDIS_URL is not resolved');
        return createRedis(config.redisUrl, 'client');
      },
    },
    RedisCloser,
  ],
  exports: [JobQueues, REDIS],
})
export class JobsModule {}
