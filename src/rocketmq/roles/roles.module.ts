import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { EnvironmentRolesService } from './environment-roles.service.js';
import { RoleAcl } from './role-acl.js';
import { RoleTokenRekeying } from './role-token-rekeying.js';
import { RoleTokens } from './role-tokens.js';
import { RolesActions } from './roles.actions.js';
import { RolesService } from './roles.service.js';

@Module({
  imports: [ClustersModule],
  providers: [
    RolesService,
    EnvironmentRolesService,
    RoleTokens,
    RoleTokenRekeying,
    RoleAcl,
    RolesActions,
  ],
  exports: [RoleAcl],
})
export class RolesModule {}
