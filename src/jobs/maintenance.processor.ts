import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { REDIS } from './jobs.module.js';
import { JobProcessor, type QueueProcessor } from './job-processor.decorator.js';
import { WORKER_HEARTBEAT_KEY } from './queues.js';

/** How long a heartbeat counts as fresh; the scheduler writes one every HEARTBEAT_EVERY_MS. */
export const HEARTBEAT_TTL_SECONDS = 30;
export const HEARTBEAT_EVERY_MS = 10_000;

@Injectable()
@JobProcessor({ queue: 'maintenance' })
export class MaintenanceProcessor implements QueueProcessor {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async process(job: Job): Promise<void> {
    if (job.name !== 'heartbeat') throw new Error(`maintenance: unknown job ${job.name}`);
    const beat = JSON.stringify({ host: hostname(), pid: process.pid, at: Date.now() });
    await this.redis.set(
      `${this.config.queuePrefix}:${WORKER_HEARTBEAT_KEY}`,
      beat,
      'EX',
      HEARTBEAT_TTL_SECONDS,
    );
  }
}
