import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { QueueEvents, type Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { JobQueues } from '../jobs/jobs.module.js';
import type { MessageToStore, StoreBatch, StoredPlace } from '../jobs/queues.js';
import { Arrivals } from './arrivals.js';
import { DataPlaneError } from './dataplane-error.js';
import { checkMessage, type OutgoingMessage } from './message-rules.js';
import { TopicDirectory, type TopicInfo } from './topic-directory.js';

/** Produce calls arriving within this window (or this many) share one storage job. */
const BATCH_WINDOW_MS = 2;
const BATCH_MAX = 256;
/** How long a producer waits for its message to be committed before the call fails. */
const STORE_TIMEOUT_MS = 10_000;

export interface Produced {
  msgId: string;
  queueId: number;
  /** -1 while held (a delayed message before its time, a half message before its commit). */
  offset: number;
  storedAt: number;
  /** Half messages: the handle that commits or rolls the transaction back. */
  receiptHandle?: string;
}

interface Waiting {
  message: MessageToStore;
  resolve: (place: StoredPlace) => void;
  reject: (e: Error) => void;
}

/** `01` + 32 hex digits, as RocketMQ 5 message ids look. */
export function newMessageId(): string {
  return `01${randomBytes(16).toString('hex').toUpperCase()}`;
}

/**
 * The produce path, shared by every protocol adapter (HTTP today, gRPC later) and by
 * SendRocketMQMessage: validate the message against its topic, pick its queue, and hand it to
 * the storage workers. Calls that arrive together are batched into one BullMQ job (one
 * transaction); each call returns only once its message is committed.
 */
@Injectable()
export class ProduceService implements OnApplicationShutdown {
  private readonly logger = new Logger('Produce');
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private events: QueueEvents | undefined;
  private readonly roundRobin = new Map<string, number>();

  constructor(
    private readonly queues: JobQueues,
    private readonly topics: TopicDirectory,
    private readonly arrivals: Arrivals,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async produce(
    clusterId: string,
    namespace: string,
    topicName: string,
    message: OutgoingMessage,
  ): Promise<Produced> {
    const topic = await this.topics.get(clusterId, namespace, topicName);
    if (!topic)
      throw new DataPlaneError(
        'TopicNotExist',
        `Topic ${topicName} does not exist in namespace ${namespace}.`,
      );
    checkMessage(topic, message);
    const bornAt = Date.now();
    if (message.deliverAt !== undefined && message.deliverAt - bornAt > topic.maxDelayMs)
      throw new DataPlaneError(
        'InvalidArgument',
        `The delivery time is more than ${topic.maxDelayMs / 3_600_000} hours ahead (the cluster's maximum delay).`,
      );
    const toStore: MessageToStore = {
      clusterId,
      namespace,
      topic: topic.name,
      queueId: this.queueFor(topic, message),
      msgId: newMessageId(),
      tag: message.tag ?? '',
      keys: message.keys ?? [],
      properties: message.properties ?? {},
      body: message.body.toString('base64'),
      shardingKey: message.shardingKey ?? null,
      bornAt,
      ...(message.deliverAt !== undefined ? { deliverAt: message.deliverAt } : {}),
      ...(message.transactionCheckSeconds !== undefined
        ? {
            transaction: {
              checkAt: bornAt + message.transactionCheckSeconds * 1000,
              handle: randomBytes(24).toString('base64url'),
            },
          }
        : {}),
    };
    const place = await new Promise<StoredPlace>((resolve, reject) => {
      this.pending.push({ message: toStore, resolve, reject });
      if (this.pending.length >= BATCH_MAX) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), BATCH_WINDOW_MS);
    });
    return { ...place, receiptHandle: toStore.transaction?.handle };
  }

  private queueFor(topic: TopicInfo, message: OutgoingMessage): number {
    if (topic.partitions === 1) return 0;
    if (message.shardingKey !== undefined) return hashOf(message.shardingKey) % topic.partitions;
    const key = `${topic.clusterId}/${topic.namespace}/${topic.name}`;
    const next = ((this.roundRobin.get(key) ?? -1) + 1) % topic.partitions;
    this.roundRobin.set(key, next);
    return next;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    void this.storeBatch(batch);
  }

  private async storeBatch(batch: Waiting[]): Promise<void> {
    try {
      const payload: StoreBatch = { messages: batch.map((w) => w.message) };
      const job: Job<StoreBatch> = await this.queues.queue('messages').add('store', payload, {
        attempts: 5,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: { age: 60 },
        removeOnFail: { age: 3600 },
      });
      const places = (await job.waitUntilFinished(
        await this.queueEvents(),
        STORE_TIMEOUT_MS,
      )) as StoredPlace[];
      batch.forEach((w, i) => w.resolve(places[i]));
      this.arrivals.announce(
        batch.map((w) => ({
          clusterId: w.message.clusterId,
          namespace: w.message.namespace,
          name: w.message.topic,
        })),
      );
    } catch (e) {
      this.logger.error(`storing ${batch.length} message(s) failed: ${(e as Error).message}`);
      const failure = new DataPlaneError(
        'ServiceUnavailable',
        'The message could not be stored durably; it was not accepted. Retry the call.',
      );
      for (const w of batch) w.reject(failure);
    }
  }

  private async queueEvents(): Promise<QueueEvents> {
    if (!this.events) {
      this.events = new QueueEvents('messages', {
        connection: { url: this.config.redisUrl },
        prefix: this.config.queuePrefix,
      });
      await this.events.waitUntilReady();
    }
    return this.events;
  }

  async onApplicationShutdown(): Promise<void> {
    this.flush();
    await this.events?.close();
  }
}

/** A stable 31-bit hash (Java's String.hashCode shape), for sharding keys. */
function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h & 0x7fffffff;
}
