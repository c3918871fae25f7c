import { Injectable } from '@nestjs/common';
import type { StoredPlace } from '../jobs/queues.js';

/**
 * Storage jobs that this process both queued and stored: the worker tells the waiting producer
 * directly once the batch is committed, instead of the completion's round through Redis
 * (QueueEvents still answers for jobs another process's worker took).
 */
@Injectable()
export class StoreCompletions {
  private readonly waiting = new Map<string, (places: StoredPlace[]) => void>();

  /** Resolves with the job's places if a worker of this process stores it; never rejects. */
  expect(jobId: string): { done: Promise<StoredPlace[]>; forget: () => void } {
    const done = new Promise<StoredPlace[]>((resolve) => this.waiting.set(jobId, resolve));
    return { done, forget: () => this.waiting.delete(jobId) };
  }

  /** Called by the storage worker after the batch's transaction committed. */
  stored(jobId: string | undefined, places: StoredPlace[]): void {
    if (jobId === undefined) return;
    const resolve = this.waiting.get(jobId);
    if (!resolve) return;
    this.waiting.delete(jobId);
    resolve(places);
  }
}
