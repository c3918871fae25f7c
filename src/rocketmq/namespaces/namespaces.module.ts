import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TagsModule } from '../../tags/tags.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { NamespaceEntity } from './namespace.entity.js';
import { NamespacesActions } from './namespaces.actions.js';
import { NamespacesService } from './namespaces.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([NamespaceEntity]), ClustersModule, TagsModule],
  providers: [NamespacesService, NamespacesActions],
  exports: [NamespacesService],
})
export class NamespacesModule {}
