import { Module } from '@nestjs/common';
import { ConsumerLag } from './consumer-lag.js';
import { Presence } from './presence.js';
import { Rates } from './rates.js';

/**
 * Who is connected, how far behind groups are and how fast they consume: read by the describe
 * actions, written by the protocols and the consume path.
 */
@Module({
  providers: [Presence, ConsumerLag, Rates],
  exports: [Presence, ConsumerLag, Rates],
})
export class ConsumerStateModule {}
