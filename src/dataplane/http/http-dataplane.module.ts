import { Module } from '@nestjs/common';
import { RolesModule } from '../../rocketmq/roles/roles.module.js';
import { SubscriptionsModule } from '../../rocketmq/subscriptions/subscriptions.module.js';
import { DataPlaneModule } from '../dataplane.module.js';
import { ConsumerStateModule } from '../state/consumer-state.module.js';
import { HttpDataPlaneController } from './http-dataplane.controller.js';

/** The RocketMQ HTTP protocol adapter over the data plane. */
@Module({
  imports: [DataPlaneModule, RolesModule, SubscriptionsModule, ConsumerStateModule],
  controllers: [HttpDataPlaneController],
})
export class HttpDataPlaneModule {}
