import { IntField, ObjectArrayField, Out, StringField } from '../../gateway/fields.js';

/** User-group models of CAM (2019-01-16), field for field the SDK's. */

const GROUP_NAME_RULES = '1-64 characters: letters, digits and `+ = , . @ _ -`';

const page = () =>
  IntField({
    description: 'Page number, from 1 (default 1).',
    example: 1,
    optional: true,
    default: 1,
    min: 1,
  });
const rp = () =>
  IntField({
    description: 'Items per page, 1-200 (default 20).',
    example: 20,
    optional: true,
    default: 20,
    min: 1,
    max: 200,
  });
export const paging = { page, rp };

const groupId = (description = 'User group id.') =>
  IntField({ description, example: 100001, min: 1 });

export class CreateGroupRequest {
  @StringField({
    description: `Group name, unique in the account: ${GROUP_NAME_RULES}.`,
    example: 'developers',
  })
  GroupName!: string;

  @StringField({
    description: 'Remark, up to 255 characters.',
    example: '',
    optional: true,
    maxLength: 255,
  })
  Remark?: string;
}

export class CreateGroupResponse {
  @Out({ description: 'The new group’s id', example: 100001 })
  GroupId!: number;
}

export class GetGroupRequest {
  @groupId()
  GroupId!: number;
}

export class GroupMemberInfo {
  @Out({ description: 'UID', example: 10000001 })
  Uid!: number;

  @Out({ description: 'Uin', example: 200000000001 })
  Uin!: number;

  @Out({ description: 'User name', example: 'ci-deployer' })
  Name!: string;

  @Out({ description: 'Phone number', example: '' })
  PhoneNum!: string;

  @Out({ description: 'Phone country code', example: '' })
  CountryCode!: string;

  @Out({ description: 'Phone verified: always 0', example: 0 })
  PhoneFlag!: number;

  @Out({ description: 'E-mail', example: '' })
  Email!: string;

  @Out({ description: 'E-mail verified: always 0', example: 0 })
  EmailFlag!: number;

  @Out({ description: 'User type: 0 sub-user', example: 0 })
  UserType!: number;

  @Out({
    description: 'When the user joined the group (YYYY-MM-DD HH:mm:ss, UTC)',
    example: '2026-11-24 10:00:00',
  })
  CreateTime!: string;

  @Out({ description: 'Main message receiver: always 0', example: 0 })
  IsReceiverOwner!: number;

  @Out({ description: 'The user’s remark', example: '' })
  Remark!: string;
}

export class GetGroupResponse {
  @Out({ description: 'Group id', example: 100001 })
  GroupId!: number;

  @Out({ description: 'Group name', example: 'developers' })
  GroupName!: string;

  @Out({ description: 'Number of members', example: 2 })
  GroupNum!: number;

  @Out({ description: 'Remark', example: '' })
  Remark!: string;

  @Out({ description: 'Creation time (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  CreateTime!: string;

  @Out({ description: 'The members', type: [GroupMemberInfo] })
  UserInfo!: GroupMemberInfo[];
}

export class ListGroupsRequest {
  @page()
  Page = 1;

  @rp()
  Rp = 20;

  @StringField({
    description: 'Only groups whose name contains this text.',
    example: 'dev',
    optional: true,
    maxLength: 64,
  })
  Keyword?: string;
}

export class GroupInfo {
  @Out({ description: 'Group id', example: 100001 })
  GroupId!: number;

  @Out({ description: 'Group name', example: 'developers' })
  GroupName!: string;

  @Out({ description: 'Creation time (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  CreateTime!: string;

  @Out({ description: 'Remark', example: '' })
  Remark!: string;
}

export class ListGroupsResponse {
  @Out({ description: 'Number of matching groups', example: 1 })
  TotalNum!: number;

  @Out({ description: 'The page of groups, by id', type: [GroupInfo] })
  GroupInfo!: GroupInfo[];
}

export class UpdateGroupRequest {
  @groupId()
  GroupId!: number;

  @StringField({
    description: `New name: ${GROUP_NAME_RULES}.`,
    example: 'developers',
    optional: true,
  })
  GroupName?: string;

  @StringField({
    description: 'New remark, up to 255 characters.',
    example: '',
    optional: true,
    maxLength: 255,
  })
  Remark?: string;
}

export class DeleteGroupRequest {
  @groupId()
  GroupId!: number;
}

/** A user (by Uid or Uin) and a group. */
export class GroupIdOfUidInfo {
  @groupId()
  GroupId!: number;

  @IntField({
    description: 'The user’s UID (this or Uin).',
    example: 10000001,
    optional: true,
    min: 1,
  })
  Uid?: number;

  @IntField({
    description: 'The user’s uin (this or Uid).',
    example: 200000000001,
    optional: true,
    min: 1,
  })
  Uin?: number;
}

export class GroupMembershipRequest {
  @ObjectArrayField(() => GroupIdOfUidInfo, {
    description: 'User-group pairs, 1-50. Applied together or not at all.',
    example: [{ GroupId: 100001, Uid: 10000001 }],
    minItems: 1,
    maxItems: 50,
  })
  Info!: GroupIdOfUidInfo[];
}

export class AddUserToGroupRequest extends GroupMembershipRequest {}
export class RemoveUserFromGroupRequest extends GroupMembershipRequest {}

export class ListUsersForGroupRequest {
  @groupId()
  GroupId!: number;

  @page()
  Page = 1;

  @rp()
  Rp = 20;
}

export class ListUsersForGroupResponse {
  @Out({ description: 'Number of members', example: 1 })
  TotalNum!: number;

  @Out({ description: 'The page of members, by join time', type: [GroupMemberInfo] })
  UserInfo!: GroupMemberInfo[];
}

export class ListGroupsForUserRequest {
  @IntField({
    description: 'The user’s UID (this or SubUin).',
    example: 10000001,
    optional: true,
    min: 1,
  })
  Uid?: number;

  @rp()
  Rp = 20;

  @page()
  Page = 1;

  @IntField({
    description: 'The user’s uin (this or Uid).',
    example: 200000000001,
    optional: true,
    min: 1,
  })
  SubUin?: number;
}

export class ListGroupsForUserResponse {
  @Out({ description: 'Number of groups the user is in', example: 1 })
  TotalNum!: number;

  @Out({ description: 'The page of groups, by id', type: [GroupInfo] })
  GroupInfo!: GroupInfo[];
}
