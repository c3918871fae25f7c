import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Job, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { JobQueues, REDIS } from '../jobs/jobs.module.js';
import { bullConnection, ConnectionLoss, RedisOutageLog } from '../jobs/redis.js';
import type { MessageToStore, StoreBatch, StoredPlace } from '../jobs/queues.js';
import { Arrivals } from './arrivals.js';
import { DataPlaneError } from './dataplane-error.js';
import { StoreCompletions } from './store-completions.js';
import { checkMessage, deliveryTime, type OutgoingMessage } from './message-rules.js';
import { TopicDirectory, type TopicInfo } from './topic-directory.js';

/**
 * Group commit: at most this many storage jobs are in flight per process; calls arriving
 * meanwhile form the next batch (up to BATCH_MAX). A batch closes at the end of the event-loop
 * turn in which its first call arrived (every request read in that turn joins it). The second
 * job slot takes a batch only once it holds SECOND_SLOT_MIN calls or its first call has waited
 * SECOND_SLOT_WAIT_MS: otherwise the slot would mostly carry single messages (measured: half
 * the jobs held one message, at the same cost per job as sixty).
 */
const MAX_IN_FLIGHT = 2;
const SECOND_SLOT_MIN = 8;
const SECOND_SLOT_WAIT_MS = 2;
const SLOW_JOB_MS = 1_000;
const BATCH_MAX = 256;
/** Not yet assigned to a queue: messages without a sharding key get their batch's queue. */
const ANY_QUEUE = -1;
/** How long a producer waits for its message to be committed before the call fails. */
const STORE_TIMEOUT_MS = 10_000;
/** How long Redis may be away while a producer waits before the call fails. */
const REDIS_LOST_AFTER_MS = 1_000;

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
  since: number;
  resolve: (place: StoredPlace) => void;
  reject: (e: Error) => void;
}

/**
 * `01` + 32 hex digits, as RocketMQ 5 message ids look: 122 random bits (a v4 UUID's, which
 * Node draws from a cached block of entropy instead of a system call per id).
 */
export function newMessageId(): string {
  return `01${randomUUID().replaceAll('-', '').toUpperCase()}`;
}

/**
 * The produce path, shared by every protocol adapter (HTTP today, gRPC later) and by
 * SendRocketMQMessage: validate the message against its topic, pick its queue, and hand it to
 * the storage workers. Calls that arrive together are batched into one BullMQ job (one
 * transaction); each call returns only once its message is committed.
 */
@Injectable()
export class ProduceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Produce');
  private pending: Waiting[] = [];
  private inFlight = 0;
  private dispatchScheduled = false;
  private lingerTimer: NodeJS.Timeout | undefined;
  private events: QueueEvents | undefined;
  private readonly roundRobin = new Map<string, number>();
  /** Partitions of the topics seen, for the queue rotation. */
  private readonly partitions = new Map<string, number>();
  /**
   * Rejects once Redis has been away REDIS_LOST_AFTER_MS: a waiting producer then gets a prompt
   * ServiceUnavailable (its message may still be stored once Redis is back: unacknowledged,
   * like any failed call).
   */
  private readonly redisLoss: ConnectionLoss;

  constructor(
    private readonly queues: JobQueues,
    private readonly topics: TopicDirectory,
    private readonly arrivals: Arrivals,
    private readonly completions: StoreCompletions,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.redisLoss = new ConnectionLoss(redis, REDIS_LOST_AFTER_MS);
  }

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
    this.partitions.set(`${clusterId}/${namespace}/${topic.name}`, topic.partitions);
    const bornAt = Date.now();
    const deliverAt = deliveryTime(message, bornAt);
    if (deliverAt !== undefined && deliverAt - bornAt > topic.maxDelayMs)
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
      ...(deliverAt !== undefined ? { deliverAt } : {}),
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
      this.pending.push({ message: toStore, since: performance.now(), resolve, reject });
      this.scheduleDispatch();
    });
    return { ...place, receiptHandle: toStore.transaction?.handle };
  }

  private queueFor(topic: TopicInfo, message: OutgoingMessage): number {
    if (topic.partitions === 1) return 0;
    if (message.shardingKey !== undefined) return hashOf(message.shardingKey) % topic.partitions;
    return ANY_QUEUE;
  }

  /**
   * Starts storage jobs while fewer than MAX_IN_FLIGHT run. A job slower than SLOW_JOB_MS (its
   * worker died, Redis is slow) stops counting, so it does not hold up the batches behind it.
   */
  private scheduleDispatch(): void {
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    setImmediate(() => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.pending.length) {
      if (this.inFlight > 0 && this.pending.length < SECOND_SLOT_MIN) {
        const waited = performance.now() - this.pending[0].since;
        if (waited < SECOND_SLOT_WAIT_MS) {
          this.lingerTimer ??= setTimeout(() => {
            this.lingerTimer = undefined;
            this.dispatch();
          }, SECOND_SLOT_WAIT_MS - waited);
          return;
        }
      }
      const batch = this.pending.splice(0, BATCH_MAX);
      this.assignQueues(batch);
      this.inFlight += 1;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearTimeout(slow);
        this.inFlight -= 1;
        this.dispatch();
      };
      const slow = setTimeout(release, SLOW_JOB_MS);
      void this.storeBatch(batch).finally(release);
    }
  }

  /**
   * Messages without a sharding key take the next queue of their topic, one queue per batch:
   * load still spreads round robin over time, and concurrent batches lock different queues.
   */
  private assignQueues(batch: Waiting[]): void {
    const chosen = new Map<string, number>();
    for (const w of batch) {
      const m = w.message;
      if (m.queueId !== ANY_QUEUE) continue;
      const key = `${m.clusterId}/${m.namespace}/${m.topic}`;
      let queue = chosen.get(key);
      if (queue === undefined) {
        const partitions = this.partitions.get(key) ?? 1;
        queue = ((this.roundRobin.get(key) ?? -1) + 1) % partitions;
        this.roundRobin.set(key, queue);
        chosen.set(key, queue);
      }
      m.queueId = queue;
    }
  }

  /** Listens for storage jobs' completions before the first produce (a late listener can miss one). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queueEvents();
  }

  private async storeBatch(batch: Waiting[]): Promise<void> {
    try {
      // Without Redis no job can be queued: answer at once rather than after a time-out.
      if (this.redis.status !== 'ready') throw new Error(`Redis is ${this.redis.status}`);
      const payload: StoreBatch = { messages: batch.map((w) => w.message) };
      // The id is chosen here so that a worker of this process can answer before add() returns.
      const jobId = `store-${randomUUID()}`;
      const local = this.completions.expect(jobId);
      const lost = this.redisLoss.lost;
      let places: StoredPlace[];
      try {
        const added = this.queues.queue('messages').add('store', payload, {
          jobId,
          attempts: 5,
          backoff: { type: 'exponential', delay: 200 },
          removeOnComplete: { age: 60 },
          removeOnFail: { age: 3600 },
        });
        const job = (await Promise.race([added, lost])) as Job<StoreBatch>;
        places = await Promise.race([local.done, this.completion(job), lost]);
      } finally {
        local.forget();
      }
      batch.forEach((w, i) => {
        const refused = places[i].refused;
        if (refused === undefined) w.resolve(places[i]);
        else
          w.reject(
            new DataPlaneError('InvalidArgument', `The message cannot be stored: ${refused}`),
          );
      });
      this.arrivals.announce(
        batch
          .filter((_, i) => places[i].refused === undefined)
          .map((w) => ({
            clusterId: w.message.clusterId,
            namespace: w.message.namespace,
            name: w.message.topic,
          })),
      );
    } catch (e) {
      this.logger.error(`storing ${batch.length} message(s) failed: ${(e as Error).message}`);
      const failure = new DataPlaneError(
        'ServiceUnavailable',
        this.redis.status === 'ready'
          ? 'The message could not be stored durably; it was not accepted. Retry the call.'
          : 'The service has lost its job queue (Redis) for now; the message was not accepted. Retry the call.',
      );
      for (const w of batch) w.reject(failure);
    }
  }

  /**
   * The job's result once it completed. Should the completion event not arrive in time, the
   * job is looked up before the call fails: a stored batch is never reported as lost.
   */
  private async completion(job: Job<StoreBatch>): Promise<StoredPlace[]> {
    try {
      return (await job.waitUntilFinished(
        await this.queueEvents(),
        STORE_TIMEOUT_MS,
      )) as StoredPlace[];
    } catch (e) {
      const current = await Job.fromId<StoreBatch, StoredPlace[]>(
        this.queues.queue('messages'),
        job.id!,
      );
      if (current?.finishedOn && !current.failedReason && current.returnvalue)
        return current.returnvalue;
      throw e;
    }
  }

  private async queueEvents(): Promise<QueueEvents> {
    if (!this.events) {
      this.events = new QueueEvents('messages', {
        connection: bullConnection(this.config.redisUrl!, 'blocking'),
        prefix: this.config.queuePrefix,
      });
      this.events.on('error', (err) => {
        if (!RedisOutageLog.trouble('queue events', err)) this.logger.error(err.message);
      });
      await this.events.waitUntilReady();
    }
    return this.events;
  }

  async onApplicationShutdown(): Promise<void> {
    const refused = new DataPlaneError(
      'ServiceUnavailable',
      'The service is shutting down; retry.',
    );
    clearTimeout(this.lingerTimer);
    for (const w of this.pending.splice(0)) w.reject(refused);
    // Closing QueueEvents while its connection is still reconnecting (Redis just came back)
    // never settles in BullMQ: bounded, so that shutdown is not held up by it.
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      this.events?.close().then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 2_000))),
    ]);
    clearTimeout(timer);
    if (closed === false) this.logger.warn('queue events did not close within 2 s; left behind');
  }
}

/** A stable 31-bit hash (Java's String.hashCode shape), for sharding keys. */
function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h & 0x7fffffff;
}
