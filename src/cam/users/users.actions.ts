import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { CAM } from '../../gateway/services.js';
import { EmptyResponse } from '../../rocketmq/common/empty.dto.js';
import {
  AddUserRequest,
  AddUserResponse,
  DeleteUserRequest,
  GetAccountSummaryRequest,
  GetAccountSummaryResponse,
  GetUserAppIdRequest,
  GetUserAppIdResponse,
  GetUserRequest,
  GetUserResponse,
  ListUsersRequest,
  ListUsersResponse,
  UpdateUserRequest,
} from '../dto/users.dto.js';
import { UsersService } from './users.service.js';

const NAME_FAULT =
  'A name outside 1-64 letters, digits and `+ = , . @ _ -` is `InvalidParameter.UserNameIllegal`; an unknown user `ResourceNotFound.UserNotExist`.';

/** Sub-users and the account queries (cam 2019-01-16). Users are named, so their actions are not resource-level. */
@Injectable()
export class UsersActions {
  constructor(private readonly users: UsersService) {}

  @Action({
    name: 'AddUser',
    service: CAM,
    request: AddUserRequest,
    response: AddUserResponse,
    summary: 'Create a sub-user (optionally with an API key)',
    description:
      'A sub-user starts with no permissions: attach policies to it or to a group it joins. UseApi 1 creates its first API key and returns the SecretKey this once. ' +
      'ConsoleLogin 1 without Password generates a random 32-character password, returned this once (passwords are stored as scrypt hashes). ' +
      `Duplicate name: \`InvalidParameter.SubUserNameInUse\`; more than 1000 sub-users: \`InvalidParameter.SubUserFull\`; a weak password: \`InvalidParameter.PasswordViolatedRules\`. ${NAME_FAULT}`,
    example: { Name: 'ci-deployer', UseApi: 1 },
    resource: cam.any(),
  })
  addUser(req: AddUserRequest, ctx: RequestContext) {
    return this.users.add(ctx.caller, req);
  }

  @Action({
    name: 'GetUser',
    service: CAM,
    request: GetUserRequest,
    response: GetUserResponse,
    summary: 'Describe a sub-user by name',
    description: NAME_FAULT,
    example: { Name: 'ci-deployer' },
    resource: cam.any(),
  })
  getUser(req: GetUserRequest, ctx: RequestContext) {
    return this.users.get(ctx.caller, req.Name);
  }

  @Action({
    name: 'ListUsers',
    service: CAM,
    request: ListUsersRequest,
    response: ListUsersResponse,
    summary: 'List the account’s sub-users',
    example: {},
    resource: cam.any(),
  })
  listUsers(_req: ListUsersRequest, ctx: RequestContext) {
    return this.users.list(ctx.caller);
  }

  @Action({
    name: 'UpdateUser',
    service: CAM,
    request: UpdateUserRequest,
    response: EmptyResponse,
    summary: 'Change a sub-user’s remark, contact details or console access',
    description: `Fields left out keep their value. ConsoleLogin 0 removes the password. ${NAME_FAULT}`,
    example: { Name: 'ci-deployer', Remark: 'deploys payments' },
    resource: cam.any(),
  })
  async updateUser(req: UpdateUserRequest, ctx: RequestContext) {
    await this.users.update(ctx.caller, req);
    return {};
  }

  @Action({
    name: 'DeleteUser',
    service: CAM,
    request: DeleteUserRequest,
    response: EmptyResponse,
    summary: 'Delete a sub-user, its group memberships and policy attachments',
    description:
      'A user with API keys is kept (`OperationDenied.HaveKeys`) unless Force is 1, which deletes the keys too; they stop working at once. ' +
      NAME_FAULT,
    example: { Name: 'ci-deployer', Force: 1 },
    resource: cam.any(),
  })
  async deleteUser(req: DeleteUserRequest, ctx: RequestContext) {
    await this.users.delete(ctx.caller, req.Name, req.Force === 1);
    return {};
  }

  @Action({
    name: 'GetUserAppId',
    service: CAM,
    request: GetUserAppIdRequest,
    response: GetUserAppIdResponse,
    summary: 'The caller’s uin, its root account and AppId',
    example: {},
    resource: cam.any(),
  })
  getUserAppId(_req: GetUserAppIdRequest, ctx: RequestContext) {
    return this.users.appId(ctx.caller);
  }

  @Action({
    name: 'GetAccountSummary',
    service: CAM,
    request: GetAccountSummaryRequest,
    response: GetAccountSummaryResponse,
    summary: 'Counts of the account’s sub-users, groups, memberships and custom policies',
    example: {},
    resource: cam.any(),
  })
  getAccountSummary(_req: GetAccountSummaryRequest, ctx: RequestContext) {
    return this.users.summary(ctx.caller);
  }
}
