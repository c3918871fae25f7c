import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { QueueName } from './queues.js';

export const JOB_PROCESSOR = Symbol('job-processor');

export interface JobProcessorOptions {
  queue: QueueName;
  concurrency?: number;
}

/** Marks a provider as the worker for one queue; its `process(job)` runs every job of the queue. */
export const JobProcessor = (options: JobProcessorOptions): ClassDecorator =>
  SetMetadata(JOB_PROCESSOR, options);

export interface QueueProcessor {
  process(job: Job): Promise<unknown>;
}
