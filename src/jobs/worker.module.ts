import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MaintenanceProcessor } from './maintenance.processor.js';
import { WorkerHost } from './worker-host.js';

/** The job processors and their host; imported by processes that run workers. */
@Module({
  imports: [DiscoveryModule],
  providers: [WorkerHost, MaintenanceProcessor],
})
export class WorkerModule {}
