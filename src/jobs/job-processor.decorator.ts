import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { QueueName } from './queues.js';

export const JOB_PROCESSOR = Symbol('job-processor');

export interface JobProcessorOptions {
  queue: QueueName;
  concurrency?: number;
  /**
   * How long a job stays locked to its worker without a renewal (renewed while it runs); a job
   * of a worker that died is taken up again after about this long plus the stalled-check
   * interval. BullMQ's default is 30 s: short jobs that callers wait for want less.
   */
  lockDurationMs?: number;
}

/** Marks a provider as the worker for one queue; its `process(job)` runs every job of the queue. */
export const JobProcessor = (options: JobProcessorOptions): ClassDecorator =>
  SetMetadata(JOB_PROCESSOR, options);

export interface QueueProcessor {
  process(job: Job): Promise<unknown>;
}
