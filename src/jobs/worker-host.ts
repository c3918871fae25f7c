import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Worker } from 'bullmq';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { JobQueues } from './jobs.module.js';
import { bullConnection, RedisOutageLog } from './redis.js';
import {
  JOB_PROCESSOR,
  type JobProcessorOptions,
  type QueueProcessor,
} from './job-processor.decorator.js';
import { HEARTBEAT_EVERY_MS } from './maintenance.processor.js';

/**
 * Starts one BullMQ Worker per @JobProcessor provider. Present only in processes that run
 * workers (PROCESS_ROLE all or worker); the API-only process has queues but no workers.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly queues: JobQueues,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seen = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const options = this.reflector.get<JobProcessorOptions | undefined>(
        JOB_PROCESSOR,
        wrapper.metatype,
      );
      if (!options) continue;
      if (seen.has(options.queue)) throw new Error(`Two processors claim queue ${options.queue}`);
      seen.add(options.queue);
      const processor = wrapper.instance as QueueProcessor;
      const worker = new Worker(options.queue, (job) => processor.process(job), {
        connection: bullConnection(this.config.redisUrl!, 'blocking'),
        prefix: this.config.queuePrefix,
        concurrency: options.concurrency ?? 1,
        ...(options.lockDurationMs
          ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs }
          : {}),
      });
      worker.on('failed', (job, err) =>
        this.logger.error(`${options.queue}/${job?.name} #${job?.id} failed: ${err.message}`),
      );
      worker.on('error', (err) => {
        if (!RedisOutageLog.trouble(`worker ${options.queue}`, err))
          this.logger.error(`${options.queue}: ${err.message}`);
      });
      this.workers.push(worker);
    }
    const maintenance = this.queues.queue('maintenance');
    await maintenance.upsertJobScheduler(
      'heartbeat',
      { every: HEARTBEAT_EVERY_MS },
      { name: 'heartbeat', data: {} },
    );
    await this.queues.enqueue('maintenance', 'heartbeat', {});
    this.logger.log(`Workers started for: ${[...seen].join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
