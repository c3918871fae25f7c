import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobProcessor, type QueueProcessor } from '../jobs/job-processor.decorator.js';
import type { StoreBatch, StoredPlace } from '../jobs/queues.js';
import { MessageStore } from './message-store.js';

/**
 * The storage worker: each `messages/store` job is a batch of produced messages (gathered by
 * the API process), written in one transaction. The producer's call is acknowledged only when
 * this job has completed, i.e. after the commit.
 */
@Injectable()
@JobProcessor({ queue: 'messages', concurrency: 8 })
export class StoreProcessor implements QueueProcessor {
  constructor(private readonly store: MessageStore) {}

  async process(job: Job<StoreBatch>): Promise<StoredPlace[]> {
    if (job.name !== 'store') throw new Error(`messages: unknown job ${job.name}`);
    return this.store.store(job.data.messages);
  }
}
