import { Module } from '@nestjs/common';
import { ClustersModule } from '../rocketmq/clusters/clusters.module.js';
import { Arrivals } from './arrivals.js';
import { MessagesActions } from './messages.actions.js';
import { OffsetsService } from './offsets.service.js';
import { ConsumeService } from './consume.service.js';
import { MessageStore } from './message-store.js';
import { ProduceService } from './produce.service.js';
import { StoreCompletions } from './store-completions.js';
import { TopicDirectory } from './topic-directory.js';
import { ConsumerStateModule } from './state/consumer-state.module.js';
import { TransactionsService } from './transactions.service.js';

/** Durable storage of messages (used by the API to read, by workers to write). */
@Module({
  providers: [MessageStore, Arrivals, StoreCompletions],
  exports: [MessageStore, Arrivals, StoreCompletions],
})
export class MessageStorageModule {}

/**
 * The protocol-neutral data plane: produce (batched into storage jobs), pop-style consumption
 * with invisibility, acks, retries and dead letters. Protocol adapters (HTTP) sit on top.
 */
@Module({
  imports: [MessageStorageModule, ClustersModule, ConsumerStateModule],
  providers: [
    TopicDirectory,
    ProduceService,
    ConsumeService,
    OffsetsService,
    TransactionsService,
    MessagesActions,
  ],
  exports: [TopicDirectory, ProduceService, ConsumeService, TransactionsService],
})
export class DataPlaneModule {}
