import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam, type CallerIds, type ResourceRef } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { CAM } from '../../gateway/services.js';
import { EmptyResponse } from '../../rocketmq/common/empty.dto.js';
import {
  CreateAccessKeyRequest,
  CreateAccessKeyResponse,
  DeleteAccessKeyRequest,
  ListAccessKeysRequest,
  ListAccessKeysResponse,
  UpdateAccessKeyRequest,
} from '../dto/access-keys.dto.js';
import { AccessKeyAdminService } from './access-key-admin.service.js';

/** Key actions are checked against `uin/<TargetUin>`, the caller's own uin by default. */
const keyOwner = (r: { TargetUin?: number }, caller: CallerIds): ResourceRef => ({
  type: 'uin',
  path: [r.TargetUin === undefined ? caller.uin : String(r.TargetUin)],
});

const TARGET =
  'TargetUin defaults to the caller. An unknown user is `ResourceNotFound.UserNotExist`; a sub-user naming the root account: `OperationDenied.SubUin`.';
const KEY_FAULTS =
  'An unknown key is `ResourceNotFound.SecretNotExist`; another user’s key `OperationDenied.UinNotMatch`; the root account’s last active key (or the one set by ROOT_SECRET_ID) cannot be disabled or deleted (`FailedOperation.Accesskey`).';

/** API keys (cam 2019-01-16). SecretKeys are sealed at rest and shown only when created. */
@Injectable()
export class AccessKeysActions {
  constructor(private readonly keys: AccessKeyAdminService) {}

  @Action({
    name: 'CreateAccessKey',
    service: CAM,
    request: CreateAccessKeyRequest,
    response: CreateAccessKeyResponse,
    summary: 'Create an API key for a user (the SecretKey is shown this once)',
    description: `At most 2 keys per user (\`OperationDenied.AccessKeyOverLimit\`). ${TARGET}`,
    example: { TargetUin: 200000000001, Description: 'CI' },
    resource: cam.one(keyOwner),
  })
  createAccessKey(req: CreateAccessKeyRequest, ctx: RequestContext) {
    return this.keys.create(ctx.caller, req.TargetUin, req.Description);
  }

  @Action({
    name: 'ListAccessKeys',
    service: CAM,
    request: ListAccessKeysRequest,
    response: ListAccessKeysResponse,
    summary: 'List a user’s API keys (without SecretKeys)',
    description: TARGET,
    example: { TargetUin: 200000000001 },
    resource: cam.one(keyOwner),
  })
  listAccessKeys(req: ListAccessKeysRequest, ctx: RequestContext) {
    return this.keys.list(ctx.caller, req.TargetUin);
  }

  @Action({
    name: 'UpdateAccessKey',
    service: CAM,
    request: UpdateAccessKeyRequest,
    response: EmptyResponse,
    summary: 'Enable or disable an API key',
    description: `An Inactive key is refused from the very next request (\`AuthFailure.SecretIdNotFound\`), in every process. ${TARGET} ${KEY_FAULTS}`,
    example: {
      AccessKeyId: 'AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      Status: 'Inactive',
      TargetUin: 200000000001,
    },
    resource: cam.one(keyOwner),
  })
  async updateAccessKey(req: UpdateAccessKeyRequest, ctx: RequestContext) {
    await this.keys.update(
      ctx.caller,
      req.AccessKeyId,
      req.Status as 'Active' | 'Inactive',
      req.TargetUin,
    );
    return {};
  }

  @Action({
    name: 'DeleteAccessKey',
    service: CAM,
    request: DeleteAccessKeyRequest,
    response: EmptyResponse,
    summary: 'Delete an API key',
    description: `Refused from the very next request. ${TARGET} ${KEY_FAULTS}`,
    example: { AccessKeyId: 'AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', TargetUin: 200000000001 },
    resource: cam.one(keyOwner),
  })
  async deleteAccessKey(req: DeleteAccessKeyRequest, ctx: RequestContext) {
    await this.keys.delete(ctx.caller, req.AccessKeyId, req.TargetUin);
    return {};
  }
}
