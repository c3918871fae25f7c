import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { JobQueues } from '../jobs/jobs.module.js';
import { JobProcessor, type QueueProcessor } from '../jobs/job-processor.decorator.js';
import type { JobPayloads, StoreBatch, StoredPlace } from '../jobs/queues.js';
import { Arrivals } from './arrivals.js';
import { MessageStore } from './message-store.js';
import { StoreCompletions } from './store-completions.js';

/** How often delayed messages whose job was lost are released. */
const SWEEP_EVERY_MS = 5_000;
const SWEEP_BATCH = 500;
const RETENTION_EVERY_MS = 3_600_000;

/**
 * The storage worker. `store`: a batch of produced messages (gathered by the API process),
 * written in one transaction; the producer's call is acknowledged only after this job
 * completed. Delayed messages are held and get a delayed `release` job at their delivery
 * time; `sweep` releases any whose job was lost (e.g. Redis restarted without persistence).
 */
@Injectable()
// A killed worker's storage jobs are taken up again within seconds (producers wait for them).
@JobProcessor({ queue: 'messages', concurrency: 8, lockDurationMs: 4_000 })
export class StoreProcessor implements QueueProcessor, OnApplicationBootstrap {
  constructor(
    private readonly store: MessageStore,
    private readonly queues: JobQueues,
    private readonly arrivals: Arrivals,
    private readonly completions: StoreCompletions,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.queue('messages');
    await queue.upsertJobScheduler('sweep', { every: SWEEP_EVERY_MS }, { name: 'sweep', data: {} });
    await queue.upsertJobScheduler(
      'retention',
      { every: RETENTION_EVERY_MS },
      { name: 'retention', data: {} },
    );
  }

  async process(job: Job): Promise<StoredPlace[] | number | boolean> {
    // Deleted topics' messages and expired partitions are cleaned up here too (long-running work).
    switch (job.name) {
      case 'store':
        // A job runs again after a failure (attemptsMade) or after its worker died mid-job: a
        // stalled job goes back to the queue without a failure, but its start is counted.
        return this.storeBatch(job, job.attemptsMade > 0 || job.attemptsStarted > 1);
      case 'release':
        return this.release(job.data as JobPayloads['messages']['release']);
      case 'sweep': {
        const due = await this.store.dueDelayed(SWEEP_BATCH);
        for (const d of due) await this.release(d);
        return due.length + (await this.store.discardUndecided(this.config.transactionMaxChecks));
      }
      case 'purge': {
        const d = job.data as JobPayloads['messages']['purge'];
        return this.store.purge(d.clusterId, d.namespace, d.topics, d.before);
      }
      case 'retention': {
        const now = Date.now();
        return (await this.store.dropExpired(now, await this.store.longestRetention())).length;
      }
      default:
        throw new Error(`messages: unknown job ${job.name}`);
    }
  }

  private async storeBatch(job: Job<StoreBatch>, retried: boolean): Promise<StoredPlace[]> {
    const batch = job.data;
    const places = await this.store.store(batch.messages, retried);
    const now = Date.now();
    await Promise.all(
      batch.messages
        .filter(
          (m, i) =>
            places[i].offset < 0 &&
            !places[i].refused &&
            m.deliverAt !== undefined &&
            !m.transaction,
        )
        .map((m) =>
          this.queues.enqueue(
            'messages',
            'release',
            { clusterId: m.clusterId, namespace: m.namespace, msgId: m.msgId },
            { delay: Math.max(0, m.deliverAt! - now), jobId: `release-${m.msgId}` },
          ),
        ),
    );
    // Committed (and its release jobs queued): a producer waiting in this process may answer.
    this.completions.stored(job.id, places);
    return places;
  }

  private async release(d: JobPayloads['messages']['release']): Promise<boolean> {
    const topic = await this.store.release(d.clusterId, d.namespace, d.msgId);
    if (topic) this.arrivals.announce([topic]);
    return topic !== undefined;
  }
}
