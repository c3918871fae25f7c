import { Module } from '@nestjs/common';
import { ConsumerStateModule } from '../../dataplane/state/consumer-state.module.js';
import { SubscriptionsService } from './subscriptions.service.js';

@Module({
  imports: [ConsumerStateModule],
  providers: [SubscriptionsService],
  exports: [SubscriptionsService],
})
export class SubscriptionsModule {}
