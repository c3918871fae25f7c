import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import type { MessageToStore } from '../jobs/queues.js';
import { Arrivals } from './arrivals.js';
import type { Delivered } from './consume.service.js';
import { MessageStore } from './message-store.js';

export interface DecisionFailure {
  receiptHandle: string;
  code: 'ReceiptHandleError';
  message: string;
}

/**
 * Transactions (rocketmq.md): a half message stays invisible until its producer commits
 * (it then enters its queue) or rolls back (it is dropped). Undecided, it is offered for a
 * check once its TransCheckImmunityTime has passed, then every TRANSACTION_CHECK_INTERVAL_MS,
 * each time with a new receipt handle, at most TRANSACTION_MAX_CHECKS times; then it is dropped.
 */
@Injectable()
export class TransactionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MessageStore,
    private readonly arrivals: Arrivals,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async decide(
    clusterId: string,
    namespace: string,
    topic: string,
    handles: readonly string[],
    commit: boolean,
  ): Promise<DecisionFailure[]> {
    const failures: DecisionFailure[] = [];
    for (const handle of handles) {
      const decided = await this.store.decide(clusterId, namespace, topic, handle, commit);
      if (!decided)
        failures.push({
          receiptHandle: handle,
          code: 'ReceiptHandleError',
          message:
            'No undecided half message has this receipt handle: it was committed or rolled back already, dropped after its last check, or a check handed out a newer handle.',
        });
      else if (commit) this.arrivals.announce([decided]);
    }
    return failures;
  }

  /** Half messages due for a check, each with a new receipt handle. */
  async dueForCheck(
    clusterId: string,
    namespace: string,
    topic: string,
    max: number,
  ): Promise<Delivered[]> {
    return this.dataSource.transaction(async (em) => {
      const rows = (await em.query(
        `SELECT msg_id, message, body, checks, created_at FROM pending_messages
          WHERE cluster_id = $1 AND namespace = $2 AND topic = $3 AND kind = 'transaction'
            AND due_at <= now() AND checks < $4
          ORDER BY due_at LIMIT $5 FOR UPDATE SKIP LOCKED`,
        [clusterId, namespace, topic, this.config.transactionMaxChecks, max],
      )) as Array<{
        msg_id: string;
        message: Omit<MessageToStore, 'body'>;
        body: Buffer;
        checks: number;
        created_at: Date;
      }>;
      const out: Delivered[] = [];
      for (const r of rows) {
        const handle = randomBytes(24).toString('base64url');
        const [[updated]] = (await em.query(
          `UPDATE pending_messages SET checks = checks + 1, receipt_handle = $4,
                  due_at = now() + make_interval(secs => $5 / 1000.0)
            WHERE cluster_id = $1 AND namespace = $2 AND msg_id = $3
            RETURNING checks, due_at`,
          [clusterId, namespace, r.msg_id, handle, this.config.transactionCheckIntervalMs],
        )) as [Array<{ checks: number; due_at: Date }>, number];
        const m = r.message;
        out.push({
          msgId: r.msg_id,
          receiptHandle: handle,
          topic,
          queueId: m.queueId,
          offset: -1,
          tag: m.tag,
          keys: m.keys,
          properties: m.properties,
          body: r.body,
          shardingKey: m.shardingKey,
          bornAt: m.bornAt,
          storedAt: new Date(r.created_at).getTime(),
          deliverAt: null,
          firstConsumedAt: new Date(r.created_at).getTime(),
          nextVisibleAt: new Date(updated.due_at).getTime(),
          deliveredTimes: updated.checks,
        });
      }
      return out;
    });
  }
}
