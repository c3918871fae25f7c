import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsumerStateModule } from '../../dataplane/state/consumer-state.module.js';
import { TagsModule } from '../../tags/tags.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { NamespacesModule } from '../namespaces/namespaces.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { GroupEntity } from './group.entity.js';
import { GroupsActions } from './groups.actions.js';
import { GroupsService } from './groups.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([GroupEntity]),
    ClustersModule,
    NamespacesModule,
    SubscriptionsModule,
    TagsModule,
    ConsumerStateModule,
  ],
  providers: [GroupsService, GroupsActions],
  exports: [GroupsService],
})
export class GroupsModule {}
