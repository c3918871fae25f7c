import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TagsModule } from '../../tags/tags.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { NamespacesModule } from '../namespaces/namespaces.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { TopicEntity } from './topic.entity.js';
import { TopicsActions } from './topics.actions.js';
import { TopicsService } from './topics.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([TopicEntity]),
    ClustersModule,
    NamespacesModule,
    SubscriptionsModule,
    TagsModule,
  ],
  providers: [TopicsService, TopicsActions],
  exports: [TopicsService],
})
export class TopicsModule {}
