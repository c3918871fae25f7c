/**
 * Every queue and job this service runs, with its payload type. Enqueueing is type-checked
 * against this table. Never rename a queue once it has shipped: jobs in Redis carry the name.
 */
export interface JobPayloads {
  maintenance: {
    /** Proves a worker is alive and consuming: it records a heartbeat in Redis. */
    heartbeat: Record<string, never>;
  };
}

export type QueueName = keyof JobPayloads;
export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;

export const QUEUE_NAMES: readonly QueueName[] = ['maintenance'];

/** Redis key (under the queue prefix) where workers record their heartbeat. */
export const WORKER_HEARTBEAT_KEY = 'worker-heartbeat';
