import { Module } from '@nestjs/common';
import { ClustersModule } from '../rocketmq/clusters/clusters.module.js';
import { GroupsModule } from '../rocketmq/groups/groups.module.js';
import { ConsumersActions } from './consumers.actions.js';
import { DataPlaneModule } from './dataplane.module.js';
import { ConsumerStateModule } from './state/consumer-state.module.js';

/** Connection lists and consume statistics (control-plane actions over the data plane's state). */
@Module({
  imports: [ClustersModule, GroupsModule, DataPlaneModule, ConsumerStateModule],
  providers: [ConsumersActions],
})
export class ConsumersModule {}
