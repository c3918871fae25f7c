import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SecretBox } from '../../crypto/secret-box.js';
import { ChangeFeed, CHANNELS } from '../../database/change-feed.js';
import { ApiError } from '../../gateway/api-error.js';
import type { Caller } from '../../gateway/request-context.js';
import { CAM_LIMITS, camTime, lockFor, randomText } from '../cam-rules.js';
import type {
  AccessKey,
  CreateAccessKeyResponse,
  ListAccessKeysResponse,
} from '../dto/access-keys.dto.js';
import { AccessKeysService } from './access-keys.service.js';

interface KeyRow {
  secret_id: string;
  uin: string;
  status: string;
  description: string;
  created_at: Date;
}

export interface NewKey {
  secretId: string;
  secretKey: string;
  createdAt: Date;
}

/**
 * API key management (CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey):
 * at most two keys per user (counted under a per-user lock, so parallel creates cannot make a
 * third); SecretKeys sealed at rest and shown only in the create answer. Changes reach the
 * gateway's key cache synchronously in this process and through rmq_cam_changed in the others.
 */
@Injectable()
export class AccessKeyAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly keys: AccessKeysService,
    private readonly feed: ChangeFeed,
  ) {}

  /** Inserts a key for a user inside the caller's transaction (AddUser with UseApi uses it too). */
  async insertKey(
    em: EntityManager,
    ownerUin: string,
    uin: string,
    description: string,
  ): Promise<NewKey> {
    await lockFor(em, `keys:${uin}`);
    const [{ count }] = (await em.query(
      'SELECT count(*)::int AS count FROM access_keys WHERE uin = $1',
      [uin],
    )) as Array<{ count: number }>;
    const envKey = uin === ownerUin && this.keys.envRootSecretId ? 1 : 0;
    if (count + envKey >= CAM_LIMITS.keysPerUser)
      throw new ApiError(
        'OperationDenied.AccessKeyOverLimit',
        `User ${uin} already has ${CAM_LIMITS.keysPerUser} API keys: delete one first.`,
      );
    const secretId = `AKID${randomText(32)}`;
    const secretKey = randomText(32);
    const [row] = (await em.query(
      `INSERT INTO access_keys (secret_id, owner_uin, uin, secret_key_enc, status, description)
       VALUES ($1, $2, $3, $4, 'Active', $5) RETURNING created_at`,
      [secretId, ownerUin, uin, this.box.seal(secretKey), description],
    )) as Array<{ created_at: Date }>;
    return { secretId, secretKey, createdAt: row.created_at };
  }

  async create(
    caller: Caller,
    targetUin: number | undefined,
    description = '',
  ): Promise<CreateAccessKeyResponse> {
    const uin = await this.target(caller, targetUin);
    const key = await this.dataSource.transaction((em) =>
      this.insertKey(em, caller.ownerUin, uin, description),
    );
    this.changed(caller);
    return {
      AccessKey: {
        AccessKeyId: key.secretId,
        SecretAccessKey: key.secretKey,
        Status: 'Active',
        CreateTime: camTime(key.createdAt),
        Description: description,
      },
    };
  }

  async list(caller: Caller, targetUin: number | undefined): Promise<ListAccessKeysResponse> {
    const uin = await this.target(caller, targetUin);
    const rows = (await this.dataSource.query(
      `SELECT secret_id, uin, status, description, created_at FROM access_keys
        WHERE uin = $1 AND owner_uin = $2 ORDER BY created_at, secret_id`,
      [uin, caller.ownerUin],
    )) as KeyRow[];
    const keys: AccessKey[] = rows.map((r) => ({
      AccessKeyId: r.secret_id,
      Status: r.status,
      CreateTime: camTime(r.created_at),
      Description: r.description,
    }));
    const env = this.envKeyOf(caller, uin);
    if (env)
      keys.unshift({
        AccessKeyId: env,
        Status: 'Active',
        CreateTime: '',
        Description: 'Configured by ROOT_SECRET_ID / ROOT_SECRET_KEY (managed outside the API)',
      });
    return { AccessKeys: keys };
  }

  async update(
    caller: Caller,
    accessKeyId: string,
    status: 'Active' | 'Inactive',
    targetUin: number | undefined,
  ): Promise<void> {
    const uin = await this.target(caller, targetUin);
    await this.dataSource.transaction(async (em) => {
      await lockFor(em, `keys:${uin}`);
      const key = await this.ownedKey(em, caller, uin, accessKeyId);
      if (status === 'Inactive' && key.status === 'Active')
        await this.keepRootUsable(em, caller, uin, accessKeyId, 'deactivate');
      await em.query('UPDATE access_keys SET status = $1 WHERE secret_id = $2', [
        status,
        accessKeyId,
      ]);
    });
    this.changed(caller);
  }

  async delete(caller: Caller, accessKeyId: string, targetUin: number | undefined): Promise<void> {
    const uin = await this.target(caller, targetUin);
    await this.dataSource.transaction(async (em) => {
      await lockFor(em, `keys:${uin}`);
      const key = await this.ownedKey(em, caller, uin, accessKeyId);
      if (key.status === 'Active')
        await this.keepRootUsable(em, caller, uin, accessKeyId, 'delete');
      await em.query('DELETE FROM access_keys WHERE secret_id = $1', [accessKeyId]);
    });
    this.changed(caller);
  }

  /** Drops cached keys of the account in this process now (other processes: the trigger's NOTIFY). */
  changed(caller: Pick<Caller, 'ownerUin'>): void {
    this.feed.announce(CHANNELS.camChanged, caller.ownerUin);
  }

  /** The user whose keys are meant: the caller by default; the root's only for the root. */
  private async target(caller: Caller, targetUin: number | undefined): Promise<string> {
    const uin = targetUin === undefined ? caller.uin : String(targetUin);
    if (uin === caller.ownerUin) {
      if (!caller.isRoot)
        throw new ApiError(
          'OperationDenied.SubUin',
          'A sub-user cannot manage the root account’s API keys.',
        );
      return uin;
    }
    const [user] = (await this.dataSource.query(
      'SELECT 1 FROM cam_users WHERE uin = $1 AND owner_uin = $2',
      [uin, caller.ownerUin],
    )) as unknown[];
    if (!user) throw new ApiError('ResourceNotFound.UserNotExist', `User ${uin} does not exist.`);
    return uin;
  }

  private envKeyOf(caller: Caller, uin: string): string | undefined {
    return uin === caller.ownerUin ? this.keys.envRootSecretId : undefined;
  }

  private async ownedKey(
    em: EntityManager,
    caller: Caller,
    uin: string,
    accessKeyId: string,
  ): Promise<KeyRow> {
    if (accessKeyId === this.envKeyOf(caller, uin))
      throw new ApiError(
        'FailedOperation.Accesskey',
        'This key is configured by ROOT_SECRET_ID / ROOT_SECRET_KEY: change the environment to replace it.',
      );
    const [row] = (await em.query(
      `SELECT secret_id, uin, status, description, created_at FROM access_keys
        WHERE secret_id = $1 AND owner_uin = $2 FOR UPDATE`,
      [accessKeyId, caller.ownerUin],
    )) as KeyRow[];
    if (!row)
      throw new ApiError(
        'ResourceNotFound.SecretNotExist',
        `API key ${accessKeyId} does not exist.`,
      );
    if (row.uin !== uin)
      throw new ApiError(
        'OperationDenied.UinNotMatch',
        `API key ${accessKeyId} does not belong to user ${uin}.`,
      );
    return row;
  }

  /** The root account must keep an active key (unless it has one from the environment). */
  private async keepRootUsable(
    em: EntityManager,
    caller: Caller,
    uin: string,
    accessKeyId: string,
    verb: string,
  ): Promise<void> {
    if (uin !== caller.ownerUin || this.keys.envRootSecretId) return;
    const [{ count }] = (await em.query(
      `SELECT count(*)::int AS count FROM access_keys
        WHERE uin = $1 AND status = 'Active' AND secret_id <> $2`,
      [uin, accessKeyId],
    )) as Array<{ count: number }>;
    if (count === 0)
      throw new ApiError(
        'FailedOperation.Accesskey',
        `Cannot ${verb} the root account’s last active API key: create another key first.`,
      );
  }
}
