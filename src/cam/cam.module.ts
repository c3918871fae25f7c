import { Module } from '@nestjs/common';
import { AccessKeysActions } from './access-keys/access-keys.actions.js';
import { AccessKeyAdminService } from './access-keys/access-key-admin.service.js';
import { AccessKeysModule } from './access-keys/access-keys.module.js';
import { UserGroupsActions } from './groups/groups.actions.js';
import { GroupsService } from './groups/groups.service.js';
import { AttachmentsService } from './policies/attachments.service.js';
import { PoliciesActions } from './policies/policies.actions.js';
import { PoliciesService } from './policies/policies.service.js';
import { UsersActions } from './users/users.actions.js';
import { UsersService } from './users/users.service.js';

/** The CAM API (cam 2019-01-16): sub-users, groups, policies and their attachments, API keys. */
@Module({
  imports: [AccessKeysModule],
  providers: [
    AccessKeyAdminService,
    UsersService,
    GroupsService,
    PoliciesService,
    AttachmentsService,
    UsersActions,
    UserGroupsActions,
    PoliciesActions,
    AccessKeysActions,
  ],
})
export class CamModule {}
