import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccessKeysModule } from '../cam/access-keys/access-keys.module.js';
import { ActionRegistry } from './action-registry.js';
import { Authenticator } from './authenticator.js';
import { Authorizer } from './authorizer.js';
import { GatewayController } from './gateway.controller.js';
import { GatewayService } from './gateway.service.js';
import { ResponseSerializer } from './response-serializer.js';

@Module({
  imports: [DiscoveryModule, AccessKeysModule],
  controllers: [GatewayController],
  providers: [ActionRegistry, Authenticator, Authorizer, GatewayService, ResponseSerializer],
  exports: [ActionRegistry, GatewayService],
})
export class GatewayModule {}
