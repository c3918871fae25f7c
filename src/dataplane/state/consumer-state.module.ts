import { Module } from '@nestjs/common';
import { ConsumerLag } from './consumer-lag.js';
import { Presence } from './presence.js';

/** Who is connected and how far behind groups are: read by the describe actions, written by the protocols. */
@Module({
  providers: [Presence, ConsumerLag],
  exports: [Presence, ConsumerLag],
})
export class ConsumerStateModule {}
