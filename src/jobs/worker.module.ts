import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MessageStorageModule } from '../dataplane/dataplane.module.js';
import { StoreProcessor } from '../dataplane/store.processor.js';
import { MaintenanceProcessor } from './maintenance.processor.js';
import { WorkerHost } from './worker-host.js';

/** The job processors and their host; imported by processes that run workers. */
@Module({
  imports: [DiscoveryModule, MessageStorageModule],
  providers: [WorkerHost, MaintenanceProcessor, StoreProcessor],
})
export class WorkerModule {}
