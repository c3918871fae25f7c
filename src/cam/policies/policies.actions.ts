import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam, type ResourceRef } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { CAM } from '../../gateway/services.js';
import { EmptyResponse } from '../../rocketmq/common/empty.dto.js';
import {
  AttachGroupPolicyRequest,
  AttachUserPolicyRequest,
  CreatePolicyRequest,
  CreatePolicyResponse,
  DeletePolicyRequest,
  DetachGroupPolicyRequest,
  DetachUserPolicyRequest,
  GetPolicyRequest,
  GetPolicyResponse,
  ListAttachedGroupPoliciesRequest,
  ListAttachedPoliciesResponse,
  ListAttachedUserAllPoliciesRequest,
  ListAttachedUserAllPoliciesResponse,
  ListAttachedUserPoliciesRequest,
  ListEntitiesForPolicyRequest,
  ListEntitiesForPolicyResponse,
  ListPoliciesRequest,
  ListPoliciesResponse,
  UpdatePolicyRequest,
  UpdatePolicyResponse,
} from '../dto/policies.dto.js';
import { groupRef } from '../groups/groups.actions.js';
import { AttachmentsService } from './attachments.service.js';
import { PoliciesService } from './policies.service.js';

const policyRef = (id: number): ResourceRef => ({ type: 'policyid', path: [String(id)] });
const userRef = (uin: number): ResourceRef => ({ type: 'uin', path: [String(uin)] });

const DOCUMENT_FAULTS =
  'A document the engine refuses is `InvalidParameter.PolicyDocumentError`, with a message naming the element at fault (e.g. `PolicyDocument statement[0].condition.ip_equal: …`); ' +
  'over 4096 characters besides whitespace: `InvalidParameter.PolicyDocumentLengthOverLimit`. ' +
  'Also refused as `InvalidParameter.PolicyDocumentError`: more than 50 statements; more than 128 actions, 128 resources or 128 condition values in a statement; more than 32 `*` in one pattern.';
const NAME_FAULTS =
  'Names: 1-128 letters, digits and `+ = , . @ _ -` (`InvalidParameter.PolicyNameError`), unique in the account and never a preset’s (`FailedOperation.PolicyNameInUse`). ' +
  'Description: at most 300 characters (`InvalidParameter.DescriptionLengthOverlimit`).';
const NOT_FOUND =
  'An unknown policy is `ResourceNotFound.PolicyIdNotFound`; preset policies (ids 1-4: AdministratorAccess, ReadOnlyAccess, QcloudTDMQFullAccess, QcloudTDMQReadOnlyAccess) cannot be changed or deleted (`InvalidParameter.PolicyIdError`).';
const ATTACH =
  'Takes effect on the very next request of the users concerned. Attaching again or detaching what is not attached changes nothing. ' +
  'At most 200 policies per user or group (`InvalidParameter.AttachmentFull`). Unknown policy: `ResourceNotFound.PolicyIdNotFound`.';

/** Policies and their attachments (cam 2019-01-16): checked against `policyid/<id>` and the user or group concerned. */
@Injectable()
export class PoliciesActions {
  constructor(
    private readonly policies: PoliciesService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Action({
    name: 'CreatePolicy',
    service: CAM,
    request: CreatePolicyRequest,
    response: CreatePolicyResponse,
    summary: 'Create a custom policy',
    description: `At most 1500 custom policies per account (\`FailedOperation.PolicyFull\`). ${NAME_FAULTS} ${DOCUMENT_FAULTS}`,
    example: {
      PolicyName: 'tdmq-prod-topics',
      PolicyDocument: JSON.stringify({
        version: '2.0',
        statement: [
          {
            effect: 'allow',
            action: ['tdmq:CreateRocketMQTopic', 'tdmq:DescribeRocketMQTopics'],
            resource: [
              'qcs::tdmq:ap-guangzhou:uin/100000000001:namespace/rocketmq-abcd12345678/prod',
            ],
          },
        ],
      }),
    },
    resource: cam.any(),
  })
  createPolicy(req: CreatePolicyRequest, ctx: RequestContext) {
    return this.policies.create(ctx.caller, req);
  }

  @Action({
    name: 'GetPolicy',
    service: CAM,
    request: GetPolicyRequest,
    response: GetPolicyResponse,
    summary: 'Describe a policy, with its document',
    description: NOT_FOUND,
    example: { PolicyId: 3 },
    resource: cam.one((r: GetPolicyRequest) => policyRef(r.PolicyId)),
  })
  getPolicy(req: GetPolicyRequest, ctx: RequestContext) {
    return this.policies.get(ctx.caller, req.PolicyId);
  }

  @Action({
    name: 'ListPolicies',
    service: CAM,
    request: ListPoliciesRequest,
    response: ListPoliciesResponse,
    summary: 'List preset and custom policies',
    description:
      'Scope QCS lists presets only, Local custom policies only; Keyword matches name or description.',
    example: { Scope: 'All', Page: 1, Rp: 20 },
    resource: cam.any(),
  })
  listPolicies(req: ListPoliciesRequest, ctx: RequestContext) {
    return this.policies.list(ctx.caller, req);
  }

  @Action({
    name: 'UpdatePolicy',
    service: CAM,
    request: UpdatePolicyRequest,
    response: UpdatePolicyResponse,
    summary: 'Change a custom policy’s name, description or document',
    description: `Name the policy by PolicyId (then PolicyName renames it) or by PolicyName (neither: \`InvalidParameter.ParamError\`). Takes effect at once for every user it reaches. ${NAME_FAULTS} ${DOCUMENT_FAULTS} ${NOT_FOUND}`,
    example: { PolicyId: 100001, Description: 'prod topics' },
    resource: cam.any(),
  })
  updatePolicy(req: UpdatePolicyRequest, ctx: RequestContext) {
    return this.policies.update(ctx.caller, req);
  }

  @Action({
    name: 'DeletePolicy',
    service: CAM,
    request: DeletePolicyRequest,
    response: EmptyResponse,
    summary: 'Delete custom policies (and detach them everywhere)',
    description: `All listed policies are deleted, or none. ${NOT_FOUND}`,
    example: { PolicyId: [100001] },
    resource: cam.one((r: DeletePolicyRequest) => r.PolicyId.map(policyRef)),
  })
  async deletePolicy(req: DeletePolicyRequest, ctx: RequestContext) {
    await this.policies.delete(ctx.caller, req.PolicyId);
    return {};
  }

  @Action({
    name: 'AttachUserPolicy',
    service: CAM,
    request: AttachUserPolicyRequest,
    response: EmptyResponse,
    summary: 'Attach a policy to a sub-user',
    description: `${ATTACH} Unknown user: \`ResourceNotFound.UserNotExist\`; the root account: \`InvalidParameter.UinError\` (root is always allowed).`,
    example: { PolicyId: 4, AttachUin: 200000000001 },
    resource: cam.one((r: AttachUserPolicyRequest) => [
      policyRef(r.PolicyId),
      userRef(r.AttachUin),
    ]),
  })
  async attachUserPolicy(req: AttachUserPolicyRequest, ctx: RequestContext) {
    await this.attachments.attachToUser(ctx.caller, req.PolicyId, req.AttachUin);
    return {};
  }

  @Action({
    name: 'DetachUserPolicy',
    service: CAM,
    request: DetachUserPolicyRequest,
    response: EmptyResponse,
    summary: 'Detach a policy from a sub-user',
    description: ATTACH,
    example: { PolicyId: 4, DetachUin: 200000000001 },
    resource: cam.one((r: DetachUserPolicyRequest) => [
      policyRef(r.PolicyId),
      userRef(r.DetachUin),
    ]),
  })
  async detachUserPolicy(req: DetachUserPolicyRequest, ctx: RequestContext) {
    await this.attachments.detachFromUser(ctx.caller, req.PolicyId, req.DetachUin);
    return {};
  }

  @Action({
    name: 'AttachGroupPolicy',
    service: CAM,
    request: AttachGroupPolicyRequest,
    response: EmptyResponse,
    summary: 'Attach a policy to a user group (its members get it)',
    description: `${ATTACH} Unknown group: \`ResourceNotFound.GroupNotExist\`.`,
    example: { PolicyId: 4, AttachGroupId: 100001 },
    resource: cam.one((r: AttachGroupPolicyRequest) => [
      policyRef(r.PolicyId),
      groupRef(r.AttachGroupId),
    ]),
  })
  async attachGroupPolicy(req: AttachGroupPolicyRequest, ctx: RequestContext) {
    await this.attachments.attachToGroup(ctx.caller, req.PolicyId, req.AttachGroupId);
    return {};
  }

  @Action({
    name: 'DetachGroupPolicy',
    service: CAM,
    request: DetachGroupPolicyRequest,
    response: EmptyResponse,
    summary: 'Detach a policy from a user group',
    description: ATTACH,
    example: { PolicyId: 4, DetachGroupId: 100001 },
    resource: cam.one((r: DetachGroupPolicyRequest) => [
      policyRef(r.PolicyId),
      groupRef(r.DetachGroupId),
    ]),
  })
  async detachGroupPolicy(req: DetachGroupPolicyRequest, ctx: RequestContext) {
    await this.attachments.detachFromGroup(ctx.caller, req.PolicyId, req.DetachGroupId);
    return {};
  }

  @Action({
    name: 'ListAttachedUserPolicies',
    service: CAM,
    request: ListAttachedUserPoliciesRequest,
    response: ListAttachedPoliciesResponse,
    summary: 'Policies attached directly to a sub-user',
    description:
      'Unknown user: `ResourceNotFound.UserNotExist`. ListAttachedUserAllPolicies includes those coming through groups.',
    example: { TargetUin: 200000000001 },
    resource: cam.one((r: ListAttachedUserPoliciesRequest) => userRef(r.TargetUin)),
  })
  listAttachedUserPolicies(req: ListAttachedUserPoliciesRequest, ctx: RequestContext) {
    return this.attachments.userPolicies(ctx.caller, req);
  }

  @Action({
    name: 'ListAttachedUserAllPolicies',
    service: CAM,
    request: ListAttachedUserAllPoliciesRequest,
    response: ListAttachedUserAllPoliciesResponse,
    summary: 'Every policy in effect for a sub-user, with the groups it comes through',
    description:
      'AttachType 0: all, 1: attached directly, 2: through groups. StrategyType 1 custom, 2 preset. Unknown user: `ResourceNotFound.UserNotExist`.',
    example: { TargetUin: 200000000001, Rp: 20, Page: 1, AttachType: 0 },
    resource: cam.one((r: ListAttachedUserAllPoliciesRequest) => userRef(r.TargetUin)),
  })
  listAttachedUserAllPolicies(req: ListAttachedUserAllPoliciesRequest, ctx: RequestContext) {
    return this.attachments.userAllPolicies(ctx.caller, req);
  }

  @Action({
    name: 'ListAttachedGroupPolicies',
    service: CAM,
    request: ListAttachedGroupPoliciesRequest,
    response: ListAttachedPoliciesResponse,
    summary: 'Policies attached to a user group',
    description: 'Unknown group: `ResourceNotFound.GroupNotExist`.',
    example: { TargetGroupId: 100001 },
    resource: cam.one((r: ListAttachedGroupPoliciesRequest) => groupRef(r.TargetGroupId)),
  })
  listAttachedGroupPolicies(req: ListAttachedGroupPoliciesRequest, ctx: RequestContext) {
    return this.attachments.groupPolicies(ctx.caller, req);
  }

  @Action({
    name: 'ListEntitiesForPolicy',
    service: CAM,
    request: ListEntitiesForPolicyRequest,
    response: ListEntitiesForPolicyResponse,
    summary: 'The users and groups a policy is attached to',
    description: `EntityFilter User or Group narrows the list. ${NOT_FOUND}`,
    example: { PolicyId: 4 },
    resource: cam.one((r: ListEntitiesForPolicyRequest) => policyRef(r.PolicyId)),
  })
  listEntitiesForPolicy(req: ListEntitiesForPolicyRequest, ctx: RequestContext) {
    return this.attachments.entitiesOf(ctx.caller, req);
  }
}
