import { IntField, Out, StringField } from '../../gateway/fields.js';

/** API key models of CAM (2019-01-16), field for field the SDK's. */

const targetUin = () =>
  IntField({
    description:
      'The user whose keys these are: a sub-user’s uin, or the root uin (default: the caller).',
    example: 200000000001,
    optional: true,
    min: 1,
  });
const accessKeyId = () =>
  StringField({
    description: 'The key’s SecretId.',
    example: 'AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    minLength: 1,
    maxLength: 128,
  });

export class CreateAccessKeyRequest {
  @targetUin()
  TargetUin?: number;

  @StringField({
    description: 'Description, up to 1024 characters.',
    example: 'CI',
    optional: true,
    maxLength: 1024,
  })
  Description?: string;
}

export class AccessKeyDetail {
  @Out({ description: 'SecretId', example: 'AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' })
  AccessKeyId!: string;

  @Out({
    description: 'SecretKey: shown this once, never again',
    example: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  })
  SecretAccessKey!: string;

  @Out({ description: 'Active or Inactive', example: 'Active' })
  Status!: string;

  @Out({ description: 'Creation time (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  CreateTime!: string;

  @Out({ description: 'Description', example: 'CI' })
  Description!: string;
}

export class CreateAccessKeyResponse {
  @Out({ description: 'The new key, with its SecretKey', type: AccessKeyDetail })
  AccessKey!: AccessKeyDetail;
}

export class ListAccessKeysRequest {
  @targetUin()
  TargetUin?: number;
}

export class AccessKey {
  @Out({ description: 'SecretId', example: 'AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' })
  AccessKeyId!: string;

  @Out({ description: 'Active or Inactive', example: 'Active' })
  Status!: string;

  @Out({ description: 'Creation time (YYYY-MM-DD HH:mm:ss, UTC)', example: '2026-11-24 10:00:00' })
  CreateTime!: string;

  @Out({ description: 'Description', example: 'CI' })
  Description!: string;
}

export class ListAccessKeysResponse {
  @Out({ description: 'The user’s keys, oldest first (no SecretKey)', type: [AccessKey] })
  AccessKeys!: AccessKey[];
}

export class UpdateAccessKeyRequest {
  @accessKeyId()
  AccessKeyId!: string;

  @StringField({
    description:
      'Active or Inactive. An inactive key authenticates nothing (AuthFailure.SecretIdNotFound).',
    example: 'Inactive',
    enum: ['Active', 'Inactive'],
  })
  Status!: string;

  @targetUin()
  TargetUin?: number;
}

export class DeleteAccessKeyRequest {
  @accessKeyId()
  AccessKeyId!: string;

  @targetUin()
  TargetUin?: number;
}
