import { Module } from '@nestjs/common';
import { Authorizer } from '../../gateway/authorizer.js';
import { AuthorizationService } from './authorization.service.js';
import { PolicyStore } from './policy-store.js';
import { ResourceTagReader } from './resource-tag-reader.js';
import { SimulatorActions } from './simulator.actions.js';
import { SimulatorService } from './simulator.service.js';

/** CAM authorization: the gateway's Authorizer, backed by the policy engine and the policy store. */
@Module({
  providers: [
    PolicyStore,
    ResourceTagReader,
    AuthorizationService,
    SimulatorService,
    SimulatorActions,
    { provide: Authorizer, useExisting: AuthorizationService },
  ],
  exports: [Authorizer, AuthorizationService, PolicyStore],
})
export class AuthzModule {}
