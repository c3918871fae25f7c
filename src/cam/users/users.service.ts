import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import { isConstraintViolation, PG_UNIQUE_VIOLATION } from '../../database/pg-errors.js';
import { ApiError } from '../../gateway/api-error.js';
import type { Caller } from '../../gateway/request-context.js';
import { AccessKeyAdminService } from '../access-keys/access-key-admin.service.js';
import {
  CAM_LIMITS,
  camTime,
  checkName,
  checkPassword,
  generatePassword,
  hashPassword,
  lockFor,
} from '../cam-rules.js';
import type {
  AddUserRequest,
  AddUserResponse,
  GetAccountSummaryResponse,
  GetUserAppIdResponse,
  GetUserResponse,
  ListUsersResponse,
  SubAccountInfo,
  UpdateUserRequest,
} from '../dto/users.dto.js';

export interface UserRow {
  uin: string;
  uid: string;
  name: string;
  remark: string;
  console_login: number;
  phone_num: string;
  country_code: string;
  email: string;
  created_at: Date;
}

const USER_COLUMNS =
  'uin, uid::text AS uid, name, remark, console_login, phone_num, country_code, email, created_at';

const passwordWithoutConsole = () =>
  new ApiError(
    'InvalidParameter.ParamError',
    'A Password is only for console login: pass ConsoleLogin 1 with it (or leave it out).',
  );

export const userNotFound = (what: string) =>
  new ApiError('ResourceNotFound.UserNotExist', `User ${what} does not exist.`);

/** A sub-user of the account by uin, uid or name, or ResourceNotFound.UserNotExist. */
export async function findUser(
  em: EntityManager | DataSource,
  ownerUin: string,
  by: { uin?: string; uid?: number; name?: string },
  lock = false,
): Promise<UserRow> {
  const [column, value, label] =
    by.uin !== undefined
      ? ['uin', by.uin, by.uin]
      : by.uid !== undefined
        ? ['uid', String(by.uid), `with UID ${by.uid}`]
        : ['name', by.name!, `"${by.name}"`];
  const [row] = (await em.query(
    `SELECT ${USER_COLUMNS} FROM cam_users WHERE ${column} = $1 AND owner_uin = $2${lock ? ' FOR UPDATE' : ''}`,
    [column === 'uid' ? Number(value) : value, ownerUin],
  )) as UserRow[];
  if (!row) throw userNotFound(label);
  return row;
}

/**
 * Sub-users (AddUser, GetUser, ListUsers, UpdateUser, DeleteUser) and the account queries
 * (GetUserAppId, GetAccountSummary). Names are unique per account by constraint; the 1000-user
 * limit is counted under the account's lock, so parallel AddUser calls cannot pass it.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: AccessKeyAdminService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async add(caller: Caller, req: AddUserRequest): Promise<AddUserResponse> {
    checkName(req.Name, 64, 'InvalidParameter.UserNameIllegal', 'User name');
    const consoleLogin = req.ConsoleLogin === 1;
    if (req.Password) {
      if (!consoleLogin) throw passwordWithoutConsole();
      checkPassword(req.Password);
    }
    const generated = consoleLogin && !req.Password ? generatePassword() : '';
    const passwordHash = consoleLogin ? await hashPassword(req.Password || generated) : null;
    try {
      const out = await this.dataSource.transaction(async (em) => {
        await lockFor(em, `users:${caller.ownerUin}`);
        const [{ count }] = (await em.query(
          'SELECT count(*)::int AS count FROM cam_users WHERE owner_uin = $1',
          [caller.ownerUin],
        )) as Array<{ count: number }>;
        if (count >= CAM_LIMITS.usersPerAccount)
          throw new ApiError(
            'InvalidParameter.SubUserFull',
            `The account already has ${CAM_LIMITS.usersPerAccount} sub-users.`,
          );
        const [user] = (await em.query(
          `INSERT INTO cam_users (owner_uin, name, remark, console_login, password_hash,
                                  need_reset_password, phone_num, country_code, email)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING uin, uid::text AS uid`,
          [
            caller.ownerUin,
            req.Name,
            req.Remark ?? '',
            consoleLogin ? 1 : 0,
            passwordHash,
            req.NeedResetPassword === 1 ? 1 : 0,
            req.PhoneNum ?? '',
            req.CountryCode ?? '',
            req.Email ?? '',
          ],
        )) as Array<{ uin: string; uid: string }>;
        const key =
          req.UseApi === 1
            ? await this.keys.insertKey(em, caller.ownerUin, user.uin, '')
            : undefined;
        return { user, key };
      });
      this.keys.changed(caller);
      return {
        Uin: Number(out.user.uin),
        Name: req.Name,
        Password: generated,
        SecretId: out.key?.secretId ?? '',
        SecretKey: out.key?.secretKey ?? '',
        Uid: Number(out.user.uid),
      };
    } catch (e) {
      if (isConstraintViolation(e, PG_UNIQUE_VIOLATION, 'cam_users_name_unique'))
        throw new ApiError(
          'InvalidParameter.SubUserNameInUse',
          `A sub-user named "${req.Name}" already exists.`,
        );
      throw e;
    }
  }

  async get(caller: Caller, name: string): Promise<GetUserResponse> {
    const u = await findUser(this.dataSource, caller.ownerUin, { name });
    return {
      Uin: Number(u.uin),
      Name: u.name,
      Uid: Number(u.uid),
      Remark: u.remark,
      ConsoleLogin: u.console_login,
      PhoneNum: u.phone_num,
      CountryCode: u.country_code,
      Email: u.email,
      RecentlyLoginIP: '',
      RecentlyLoginTime: '',
    };
  }

  async list(caller: Caller): Promise<ListUsersResponse> {
    const rows = (await this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM cam_users WHERE owner_uin = $1 ORDER BY uid`,
      [caller.ownerUin],
    )) as UserRow[];
    return { Data: rows.map(subAccountInfo) };
  }

  async update(caller: Caller, req: UpdateUserRequest): Promise<void> {
    const password = req.Password || undefined;
    if (password !== undefined) checkPassword(password);
    const hash = password !== undefined ? await hashPassword(password) : undefined;
    await this.dataSource.transaction(async (em) => {
      const u = await findUser(em, caller.ownerUin, { name: req.Name }, true);
      const consoleLogin = req.ConsoleLogin ?? u.console_login;
      if (hash !== undefined && consoleLogin !== 1) throw passwordWithoutConsole();
      const sets: string[] = [];
      const values: unknown[] = [];
      const set = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      if (req.Remark !== undefined) set('remark', req.Remark);
      if (req.PhoneNum !== undefined) set('phone_num', req.PhoneNum);
      if (req.CountryCode !== undefined) set('country_code', req.CountryCode);
      if (req.Email !== undefined) set('email', req.Email);
      if (req.NeedResetPassword !== undefined) set('need_reset_password', req.NeedResetPassword);
      if (consoleLogin === 0) {
        set('console_login', 0);
        set('password_hash', null);
      } else {
        set('console_login', 1);
        if (hash !== undefined) set('password_hash', hash);
        else if (u.console_login === 0)
          set('password_hash', await hashPassword(generatePassword()));
      }
      values.push(u.uin);
      await em.query(
        `UPDATE cam_users SET ${sets.join(', ')} WHERE uin = $${values.length}`,
        values,
      );
    });
  }

  async delete(caller: Caller, name: string, force: boolean): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const u = await findUser(em, caller.ownerUin, { name }, true);
      await lockFor(em, `keys:${u.uin}`);
      const [{ count }] = (await em.query(
        'SELECT count(*)::int AS count FROM access_keys WHERE uin = $1',
        [u.uin],
      )) as Array<{ count: number }>;
      if (count > 0 && !force)
        throw new ApiError(
          'OperationDenied.HaveKeys',
          `User "${name}" still has ${count} API key(s): delete them first, or pass Force 1.`,
        );
      await em.query('DELETE FROM access_keys WHERE uin = $1', [u.uin]);
      // Group memberships and policy attachments go with the user (ON DELETE CASCADE).
      await em.query('DELETE FROM cam_users WHERE uin = $1', [u.uin]);
    });
    this.keys.changed(caller);
  }

  appId(caller: Caller): GetUserAppIdResponse {
    return { Uin: caller.uin, OwnerUin: caller.ownerUin, AppId: this.config.root.appId };
  }

  async summary(caller: Caller): Promise<GetAccountSummaryResponse> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM cam_policies WHERE owner_uin = $1)::int AS policies,
              (SELECT count(*) FROM cam_users WHERE owner_uin = $1)::int AS users,
              (SELECT count(*) FROM cam_groups WHERE owner_uin = $1)::int AS groups,
              (SELECT count(*) FROM cam_group_members WHERE owner_uin = $1)::int AS members`,
      [caller.ownerUin],
    )) as Array<{ policies: number; users: number; groups: number; members: number }>;
    return {
      Policies: row.policies,
      Roles: 0,
      Idps: 0,
      User: row.users,
      Group: row.groups,
      Member: row.members,
      IdentityProviders: 0,
    };
  }
}

function subAccountInfo(u: UserRow): SubAccountInfo {
  return {
    Uin: Number(u.uin),
    Name: u.name,
    Uid: Number(u.uid),
    Remark: u.remark,
    ConsoleLogin: u.console_login,
    PhoneNum: u.phone_num,
    CountryCode: u.country_code,
    Email: u.email,
    CreateTime: camTime(u.created_at),
    NickName: u.name,
  };
}
