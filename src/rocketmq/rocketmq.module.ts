import { Module } from '@nestjs/common';
import { ClustersModule } from './clusters/clusters.module.js';
import { NamespacesModule } from './namespaces/namespaces.module.js';

@Module({ imports: [ClustersModule, NamespacesModule] })
export class RocketMQModule {}
