import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccessKeysModule } from '../cam/access-keys/access-keys.module.js';
import { AuthzModule } from '../cam/authz/authz.module.js';
import { ActionRegistry } from './action-registry.js';
import { Authenticator } from './authenticator.js';
import { GatewayController } from './gateway.controller.js';
import { GatewayService } from './gateway.service.js';
import { ResponseSerializer } from './response-serializer.js';

@Module({
  imports: [DiscoveryModule, AccessKeysModule, AuthzModule],
  controllers: [GatewayController],
  providers: [ActionRegistry, Authenticator, GatewayService, ResponseSerializer],
  exports: [ActionRegistry, GatewayService],
})
export class GatewayModule {}
