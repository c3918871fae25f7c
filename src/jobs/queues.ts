/**
 * Every queue and job this service runs, with its payload type. Enqueueing is type-checked
 * against this table. Never rename a queue once it has shipped: jobs in Redis carry the name.
 */
export interface JobPayloads {
  maintenance: {
    /** Proves a worker is alive and consuming: it records a heartbeat in Redis. */
    heartbeat: Record<string, never>;
  };
  messages: {
    /** Stores a batch of produced messages durably (one transaction); the job's result is their places. */
    store: StoreBatch;
    /** A delayed message's time has come: move it into its queue (a delayed job). */
    release: { clusterId: string; namespace: string; msgId: string };
    /** Releases delayed messages whose job was lost (every few seconds). */
    sweep: Record<string, never>;
    /** Deletes the stored messages of deleted topics (stored before `before`, epoch ms). */
    purge: { clusterId: string; namespace: string; topics: string[]; before: number };
    /** Drops the daily partitions every message of which is past the longest retention (hourly). */
    retention: Record<string, never>;
  };
}

/** A message as produced, ready to be stored (the body base64-encoded: jobs are JSON). */
export interface MessageToStore {
  clusterId: string;
  namespace: string;
  topic: string;
  queueId: number;
  msgId: string;
  tag: string;
  keys: string[];
  properties: Record<string, string>;
  body: string;
  shardingKey: string | null;
  bornAt: number;
  /** Delivery time (epoch ms) of a delayed message. */
  deliverAt?: number;
  /** A transaction's half message: held until committed; first checked at `checkAt` (epoch ms). */
  transaction?: { checkAt: number; handle: string };
}

export interface StoreBatch {
  messages: MessageToStore[];
}

/** Where each message of a batch was stored, in the batch's order. */
export interface StoredPlace {
  msgId: string;
  queueId: number;
  offset: number;
  storedAt: number;
  /** Why the store refused this message (its values, e.g. text Postgres cannot hold): not stored. */
  refused?: string;
}

export type QueueName = keyof JobPayloads;
export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;

export const QUEUE_NAMES: readonly QueueName[] = ['maintenance', 'messages'];

/** Redis key (under the queue prefix) where workers record their heartbeat. */
export const WORKER_HEARTBEAT_KEY = 'worker-heartbeat';
