import {
  IntArrayField,
  IntField,
  ObjectArrayField,
  Out,
  StringField,
} from '../../gateway/fields.js';
import { paging } from './groups.dto.js';

/**
 * Policy and attachment models of CAM (2019-01-16), field for field the SDK's. The document is
 * parsed by the policy engine (src/cam/policy); a fault is InvalidParameter.PolicyDocumentError
 * naming the element at fault.
 */

const POLICY_NAME_RULES = '1-128 characters: letters, digits and `+ = , . @ _ -`';
const EXAMPLE_DOCUMENT = JSON.stringify({
  version: '2.0',
  statement: [
    {
      effect: 'allow',
      action: ['tdmq:Describe*'],
      resource: ['qcs::tdmq:ap-guangzhou:uin/100000000001:cluster/*'],
    },
  ],
});

const policyId = (description = 'Policy id.') => IntField({ description, example: 100001, min: 1 });
const uin = (description: string) => IntField({ description, example: 200000000001, min: 1 });

/** A tag on a policy (CAM's own `{Key, Value}` shape). */
export class CamTag {
  @StringField({
    description: 'Tag key, 1-127 characters.',
    example: 'team',
    minLength: 1,
    maxLength: 127,
  })
  Key!: string;

  @StringField({
    description: 'Tag value, up to 255 characters.',
    example: 'payments',
    maxLength: 255,
  })
  Value!: string;
}

export class CreatePolicyRequest {
  @StringField({
    description: `Policy name, unique in the account (preset names included): ${POLICY_NAME_RULES}.`,
    example: 'tdmq-describe-clusters',
  })
  PolicyName!: string;

  @StringField({
    description:
      'The policy document (JSON text, cam.md grammar): version 2.0, statements with effect, action, resource and optional condition. At most 4096 characters besides whitespace, 50 statements, 128 actions/resources/condition values per statement and 32 `*` per pattern.',
    example: EXAMPLE_DOCUMENT,
  })
  PolicyDocument!: string;

  @StringField({
    description: 'Description, up to 300 characters.',
    example: 'Read clusters',
    optional: true,
  })
  Description?: string;

  @ObjectArrayField(() => CamTag, {
    description: 'Tags on the policy (at most 50).',
    example: [{ Key: 'team', Value: 'payments' }],
    optional: true,
    maxItems: 50,
  })
  Tags?: CamTag[];
}

export class CreatePolicyResponse {
  @Out({ description: 'The new policy’s id', example: 100001 })
  PolicyId!: number;
}

export class GetPolicyRequest {
  @policyId()
  PolicyId!: number;
}

export class GetPolicyResponse {
  @Out({ description: 'Name', example: 'tdmq-describe-clusters' })
  PolicyName!: string;

  @Out({ description: 'Description', example: '' })
  Description!: string;

  @Out({ description: '1 custom policy, 2 preset policy', example: 1 })
  Type!: number;

  @Out({ description: 'Creation time (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  AddTime!: string;

  @Out({ description: 'Last update (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  UpdateTime!: string;

  @Out({ description: 'The document as stored (JSON text)', example: EXAMPLE_DOCUMENT })
  PolicyDocument!: string;

  @Out({ description: 'Preset policies: their name; custom: empty', example: '' })
  PresetAlias!: string;

  @Out({ description: 'Service-linked role policy: always 0', example: 0 })
  IsServiceLinkedRolePolicy!: number;

  @Out({ description: 'Tags on the policy', type: [CamTag] })
  Tags!: CamTag[];
}

export class ListPoliciesRequest {
  @paging.rp()
  Rp = 20;

  @paging.page()
  Page = 1;

  @StringField({
    description: 'All (default), QCS (preset policies only) or Local (custom policies only).',
    example: 'All',
    optional: true,
    enum: ['All', 'QCS', 'Local'],
  })
  Scope?: string;

  @StringField({
    description: 'Only policies whose name or description contains this text.',
    example: 'tdmq',
    optional: true,
    maxLength: 128,
  })
  Keyword?: string;
}

export class StrategyInfo {
  @Out({ description: 'Policy id', example: 100001 })
  PolicyId!: number;

  @Out({ description: 'Name', example: 'tdmq-describe-clusters' })
  PolicyName!: string;

  @Out({ description: 'Creation time (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  AddTime!: string;

  @Out({ description: '1 custom policy, 2 preset policy', example: 1 })
  Type!: number;

  @Out({ description: 'Description', example: '' })
  Description!: string;

  @Out({ description: '1 custom policy (written by the account), 2 preset', example: 1 })
  CreateMode!: number;

  @Out({ description: 'Users and groups it is attached to', example: 0 })
  Attachments!: number;

  @Out({
    description:
      'Service of a preset policy (tdmq, or empty for all-service presets); empty for custom',
    example: '',
  })
  ServiceType!: string;

  @Out({ description: '1 when attached to at least one user or group', example: 0 })
  IsAttached!: number;

  @Out({ description: 'Deactivated: always 0', example: 0 })
  Deactived!: number;

  @Out({ description: 'Deactivated products: always empty', type: [String], example: [] })
  DeactivedDetail!: string[];

  @Out({ description: 'Service-linked policy: always 0', example: 0 })
  IsServiceLinkedPolicy!: number;

  @Out({ description: 'Users and groups it is attached to', example: 0 })
  AttachEntityCount!: number;

  @Out({
    description: 'Permission boundaries it is attached to: always 0 (not supported)',
    example: 0,
  })
  AttachEntityBoundaryCount!: number;

  @Out({ description: 'Last update (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  UpdateTime!: string;

  @Out({ description: 'Tags on the policy', type: [CamTag] })
  Tags!: CamTag[];

  @Out({
    description: 'Full, ReadOnly or Custom (what the policy grants, roughly)',
    example: 'Custom',
  })
  PermissionLevel!: string;
}

export class ListPoliciesResponse {
  @Out({ description: 'Number of matching policies', example: 5 })
  TotalNum!: number;

  @Out({
    description: 'The page: presets first, then custom policies, by id',
    type: [StrategyInfo],
  })
  List!: StrategyInfo[];

  @Out({ description: 'Services of the preset policies', type: [String], example: ['tdmq'] })
  ServiceTypeList!: string[];
}

export class UpdatePolicyRequest {
  @IntField({
    description: 'The policy to change (or name it by PolicyName).',
    example: 100001,
    optional: true,
    min: 1,
  })
  PolicyId?: number;

  @StringField({
    description: `With PolicyId: the new name; without: the name of the policy to change. ${POLICY_NAME_RULES}.`,
    example: 'tdmq-describe-clusters',
    optional: true,
  })
  PolicyName?: string;

  @StringField({
    description: 'New description, up to 300 characters.',
    example: '',
    optional: true,
  })
  Description?: string;

  @StringField({
    description: 'New document (validated like CreatePolicy).',
    example: EXAMPLE_DOCUMENT,
    optional: true,
  })
  PolicyDocument?: string;

  @StringField({
    description: 'Alias: accepted and ignored (preset policies cannot be changed).',
    example: '',
    optional: true,
    maxLength: 128,
  })
  Alias?: string;
}

export class UpdatePolicyResponse {
  @Out({ description: 'The policy’s id', example: 100001 })
  PolicyId!: number;
}

export class DeletePolicyRequest {
  @IntArrayField({
    description:
      'Custom policies to delete, 1-100. All or none: an unknown or preset id deletes nothing.',
    example: [100001],
    minItems: 1,
    maxItems: 100,
    item: { min: 1 },
  })
  PolicyId!: number[];
}

export class AttachUserPolicyRequest {
  @policyId()
  PolicyId!: number;

  @uin('The sub-user’s uin.')
  AttachUin!: number;
}

export class DetachUserPolicyRequest {
  @policyId()
  PolicyId!: number;

  @uin('The sub-user’s uin.')
  DetachUin!: number;
}

export class AttachGroupPolicyRequest {
  @policyId()
  PolicyId!: number;

  @IntField({ description: 'The group’s id.', example: 100001, min: 1 })
  AttachGroupId!: number;
}

export class DetachGroupPolicyRequest {
  @policyId()
  PolicyId!: number;

  @IntField({ description: 'The group’s id.', example: 100001, min: 1 })
  DetachGroupId!: number;
}

export class ListAttachedUserPoliciesRequest {
  @uin('The sub-user’s uin.')
  TargetUin!: number;

  @paging.page()
  Page = 1;

  @paging.rp()
  Rp = 20;
}

export class AttachPolicyInfo {
  @Out({ description: 'Policy id', example: 100001 })
  PolicyId!: number;

  @Out({ description: 'Name', example: 'tdmq-describe-clusters' })
  PolicyName!: string;

  @Out({
    description: 'When it was attached (YYYY-MM-DD HH:mm:ss, UTC)',
    example: '2026-11-24 10:00:00',
  })
  AddTime!: string;

  @Out({ description: '1 custom policy, 2 preset', example: 1 })
  CreateMode!: number;

  @Out({ description: 'User (custom policy) or QCS (preset)', example: 'User' })
  PolicyType!: string;

  @Out({ description: 'The policy’s description', example: '' })
  Remark!: string;

  @Out({ description: 'Root account of whoever attached it', example: '100000000001' })
  OperateOwnerUin!: string;

  @Out({ description: 'Root account of whoever attached it', example: '100000000001' })
  OperateUin!: string;

  @Out({ description: 'Operator type: 1 account', example: 1 })
  OperateUinType!: number;

  @Out({ description: 'Deactivated: always 0', example: 0 })
  Deactived!: number;

  @Out({ description: 'Deactivated products: always empty', type: [String], example: [] })
  DeactivedDetail!: string[];
}

export class ListAttachedPoliciesResponse {
  @Out({ description: 'Number of attached policies', example: 1 })
  TotalNum!: number;

  @Out({ description: 'The page, by attach time', type: [AttachPolicyInfo] })
  List!: AttachPolicyInfo[];
}

export class ListAttachedUserAllPoliciesRequest {
  @uin('The sub-user’s uin.')
  TargetUin!: number;

  @IntField({ description: 'Items per page, 1-200.', example: 20, min: 1, max: 200 })
  Rp!: number;

  @IntField({ description: 'Page number, from 1.', example: 1, min: 1 })
  Page!: number;

  @IntField({
    description: '0 every policy in effect, 1 attached directly, 2 through a group.',
    example: 0,
    min: 0,
    max: 2,
  })
  AttachType!: number;

  @IntField({
    description: '1 custom policies only, 2 preset only (default both).',
    example: 1,
    optional: true,
    min: 0,
    max: 2,
  })
  StrategyType?: number;

  @StringField({
    description: 'Only policies whose name contains this text.',
    example: '',
    optional: true,
    maxLength: 128,
  })
  Keyword?: string;
}

export class AttachedUserPolicyGroupInfo {
  @Out({ description: 'Group id', example: 100001 })
  GroupId!: number;

  @Out({ description: 'Group name', example: 'developers' })
  GroupName!: string;
}

export class AttachedUserPolicy {
  @Out({ description: 'Policy id (as text)', example: '100001' })
  PolicyId!: string;

  @Out({ description: 'Name', example: 'tdmq-describe-clusters' })
  PolicyName!: string;

  @Out({ description: 'Description', example: '' })
  Description!: string;

  @Out({
    description: 'Creation time of the policy (YYYY-MM-DD HH:mm:ss, UTC)',
    example: '2026-11-24 10:00:00',
  })
  AddTime!: string;

  @Out({ description: '1 custom, 2 preset (as text)', example: '1' })
  StrategyType!: string;

  @Out({ description: '1 custom, 2 preset (as text)', example: '1' })
  CreateMode!: string;

  @Out({
    description: 'The groups it comes through (empty when only attached directly)',
    type: [AttachedUserPolicyGroupInfo],
  })
  Groups!: AttachedUserPolicyGroupInfo[];

  @Out({ description: 'Deactivated: always 0', example: 0 })
  Deactived!: number;

  @Out({ description: 'Deactivated products: always empty', type: [String], example: [] })
  DeactivedDetail!: string[];
}

export class ListAttachedUserAllPoliciesResponse {
  @Out({ description: 'The page, by policy id', type: [AttachedUserPolicy] })
  PolicyList!: AttachedUserPolicy[];

  @Out({ description: 'Number of matching policies', example: 1 })
  TotalNum!: number;
}

export class ListAttachedGroupPoliciesRequest {
  @IntField({ description: 'The group’s id.', example: 100001, min: 1 })
  TargetGroupId!: number;

  @paging.page()
  Page = 1;

  @paging.rp()
  Rp = 20;

  @StringField({
    description: 'Only policies whose name contains this text.',
    example: '',
    optional: true,
    maxLength: 128,
  })
  Keyword?: string;
}

export class ListEntitiesForPolicyRequest {
  @policyId()
  PolicyId!: number;

  @paging.page()
  Page = 1;

  @paging.rp()
  Rp = 20;

  @StringField({
    description: 'All (default), User or Group.',
    example: 'All',
    optional: true,
    enum: ['All', 'User', 'Group'],
  })
  EntityFilter?: string;
}

export class AttachEntityOfPolicy {
  @Out({ description: 'The user’s uin or the group’s id (as text)', example: '200000000001' })
  Id!: string;

  @Out({ description: 'User or group name', example: 'ci-deployer' })
  Name!: string;

  @Out({ description: 'The user’s uin (0 for a group)', example: 200000000001 })
  Uin!: number;

  @Out({ description: '1 user, 2 group', example: 1 })
  RelatedType!: number;

  @Out({
    description: 'When it was attached (YYYY-MM-DD HH:mm:ss, UTC)',
    example: '2026-11-24 10:00:00',
  })
  AttachmentTime!: string;
}

export class ListEntitiesForPolicyResponse {
  @Out({ description: 'Number of users and groups', example: 1 })
  TotalNum!: number;

  @Out({
    description: 'The page: users, then groups, by attach time',
    type: [AttachEntityOfPolicy],
  })
  List!: AttachEntityOfPolicy[];
}
