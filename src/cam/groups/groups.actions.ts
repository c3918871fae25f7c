import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam, type ResourceRef } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { CAM } from '../../gateway/services.js';
import { EmptyResponse } from '../../rocketmq/common/empty.dto.js';
import {
  AddUserToGroupRequest,
  CreateGroupRequest,
  CreateGroupResponse,
  DeleteGroupRequest,
  GetGroupRequest,
  GetGroupResponse,
  ListGroupsForUserRequest,
  ListGroupsForUserResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  ListUsersForGroupRequest,
  ListUsersForGroupResponse,
  RemoveUserFromGroupRequest,
  UpdateGroupRequest,
} from '../dto/groups.dto.js';
import { GroupsService } from './groups.service.js';

export const groupRef = (id: number): ResourceRef => ({ type: 'groupid', path: [String(id)] });

const NOT_FOUND = 'An unknown group is `ResourceNotFound.GroupNotExist`.';
const NAME_FAULT =
  'A name outside 1-64 letters, digits and `+ = , . @ _ -` is `InvalidParameter.GroupNameError`; a taken one `InvalidParameter.GroupNameInUse`.';
const MEMBER_FAULTS =
  'Each item names the user by Uid or Uin (neither: `InvalidParameter.UserUinAndUinNotAllNull`); an unknown user is `ResourceNotFound.UserNotExist`, ' +
  `an unknown group \`ResourceNotFound.GroupNotExist\`. All items apply, or none.`;

/** User groups (cam 2019-01-16). Group actions are checked against `groupid/<GroupId>`. */
@Injectable()
export class UserGroupsActions {
  constructor(private readonly groups: GroupsService) {}

  @Action({
    name: 'CreateGroup',
    service: CAM,
    request: CreateGroupRequest,
    response: CreateGroupResponse,
    summary: 'Create a user group',
    description: `At most 300 groups per account (\`InvalidParameter.GroupFull\`). ${NAME_FAULT}`,
    example: { GroupName: 'developers' },
    resource: cam.any(),
  })
  createGroup(req: CreateGroupRequest, ctx: RequestContext) {
    return this.groups.create(ctx.caller, req.GroupName, req.Remark);
  }

  @Action({
    name: 'GetGroup',
    service: CAM,
    request: GetGroupRequest,
    response: GetGroupResponse,
    summary: 'Describe a user group and its members',
    description: NOT_FOUND,
    example: { GroupId: 100001 },
    resource: cam.one((r: GetGroupRequest) => groupRef(r.GroupId)),
  })
  getGroup(req: GetGroupRequest, ctx: RequestContext) {
    return this.groups.get(ctx.caller, req.GroupId);
  }

  @Action({
    name: 'ListGroups',
    service: CAM,
    request: ListGroupsRequest,
    response: ListGroupsResponse,
    summary: 'List user groups (by id), optionally by name keyword',
    example: { Page: 1, Rp: 20 },
    resource: cam.any(),
  })
  listGroups(req: ListGroupsRequest, ctx: RequestContext) {
    return this.groups.list(ctx.caller, req);
  }

  @Action({
    name: 'UpdateGroup',
    service: CAM,
    request: UpdateGroupRequest,
    response: EmptyResponse,
    summary: 'Rename a user group or change its remark',
    description: `${NOT_FOUND} ${NAME_FAULT}`,
    example: { GroupId: 100001, Remark: 'backend developers' },
    resource: cam.one((r: UpdateGroupRequest) => groupRef(r.GroupId)),
  })
  async updateGroup(req: UpdateGroupRequest, ctx: RequestContext) {
    await this.groups.update(ctx.caller, req);
    return {};
  }

  @Action({
    name: 'DeleteGroup',
    service: CAM,
    request: DeleteGroupRequest,
    response: EmptyResponse,
    summary: 'Delete a user group (its members lose the group’s policies at once)',
    description: NOT_FOUND,
    example: { GroupId: 100001 },
    resource: cam.one((r: DeleteGroupRequest) => groupRef(r.GroupId)),
  })
  async deleteGroup(req: DeleteGroupRequest, ctx: RequestContext) {
    await this.groups.delete(ctx.caller, req.GroupId);
    return {};
  }

  @Action({
    name: 'AddUserToGroup',
    service: CAM,
    request: AddUserToGroupRequest,
    response: EmptyResponse,
    summary: 'Add sub-users to user groups',
    description: `A user is in at most 10 groups (\`InvalidParameter.UserGroupFull\`); adding a member again changes nothing. ${MEMBER_FAULTS}`,
    example: { Info: [{ GroupId: 100001, Uid: 10000001 }] },
    resource: cam.one((r: AddUserToGroupRequest) => r.Info.map((i) => groupRef(i.GroupId))),
  })
  async addUserToGroup(req: AddUserToGroupRequest, ctx: RequestContext) {
    await this.groups.addMembers(ctx.caller, req.Info);
    return {};
  }

  @Action({
    name: 'RemoveUserFromGroup',
    service: CAM,
    request: RemoveUserFromGroupRequest,
    response: EmptyResponse,
    summary: 'Remove sub-users from user groups',
    description: `Removing a non-member changes nothing. ${MEMBER_FAULTS}`,
    example: { Info: [{ GroupId: 100001, Uid: 10000001 }] },
    resource: cam.one((r: RemoveUserFromGroupRequest) => r.Info.map((i) => groupRef(i.GroupId))),
  })
  async removeUserFromGroup(req: RemoveUserFromGroupRequest, ctx: RequestContext) {
    await this.groups.removeMembers(ctx.caller, req.Info);
    return {};
  }

  @Action({
    name: 'ListUsersForGroup',
    service: CAM,
    request: ListUsersForGroupRequest,
    response: ListUsersForGroupResponse,
    summary: 'List a group’s members',
    description: NOT_FOUND,
    example: { GroupId: 100001 },
    resource: cam.one((r: ListUsersForGroupRequest) => groupRef(r.GroupId)),
  })
  listUsersForGroup(req: ListUsersForGroupRequest, ctx: RequestContext) {
    return this.groups.listMembers(ctx.caller, req);
  }

  @Action({
    name: 'ListGroupsForUser',
    service: CAM,
    request: ListGroupsForUserRequest,
    response: ListGroupsForUserResponse,
    summary: 'List the groups a sub-user is in',
    description:
      'Name the user by Uid or SubUin (neither: `InvalidParameter.UserUinAndUinNotAllNull`); an unknown user is `ResourceNotFound.UserNotExist`.',
    example: { SubUin: 200000000001 },
    resource: cam.one((r: ListGroupsForUserRequest, caller) => ({
      type: 'uin',
      path: [String(r.SubUin ?? (r.Uid === undefined ? caller.uin : '*'))],
    })),
  })
  listGroupsForUser(req: ListGroupsForUserRequest, ctx: RequestContext) {
    return this.groups.groupsOfUser(ctx.caller, req);
  }
}
