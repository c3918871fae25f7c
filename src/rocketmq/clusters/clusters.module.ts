import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TagsModule } from '../../tags/tags.module.js';
import { EndpointsService } from '../common/endpoints.js';
import { ClusterEntity } from './cluster.entity.js';
import { ClustersActions } from './clusters.actions.js';
import { ClustersService } from './clusters.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ClusterEntity]), TagsModule],
  providers: [ClustersService, ClustersActions, EndpointsService],
  exports: [ClustersService, EndpointsService],
})
export class ClustersModule {}
