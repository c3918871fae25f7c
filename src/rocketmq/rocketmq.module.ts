import { Module } from '@nestjs/common';
import { ClustersModule } from './clusters/clusters.module.js';
import { GroupsModule } from './groups/groups.module.js';
import { NamespacesModule } from './namespaces/namespaces.module.js';
import { RolesModule } from './roles/roles.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { TopicsModule } from './topics/topics.module.js';

@Module({
  imports: [
    ClustersModule,
    NamespacesModule,
    TopicsModule,
    GroupsModule,
    SubscriptionsModule,
    RolesModule,
  ],
})
export class RocketMQModule {}
