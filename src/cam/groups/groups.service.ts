import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ChangeFeed, CHANNELS } from '../../database/change-feed.js';
import { isConstraintViolation, PG_UNIQUE_VIOLATION } from '../../database/pg-errors.js';
import { ApiError } from '../../gateway/api-error.js';
import type { Caller } from '../../gateway/request-context.js';
import { likeContains } from '../../rocketmq/common/paging.js';
import { CAM_LIMITS, camTime, checkName, lockFor, pageOf } from '../cam-rules.js';
import type {
  GetGroupResponse,
  GroupIdOfUidInfo,
  GroupInfo,
  GroupMemberInfo,
  ListGroupsForUserRequest,
  ListGroupsForUserResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  ListUsersForGroupRequest,
  ListUsersForGroupResponse,
  UpdateGroupRequest,
} from '../dto/groups.dto.js';
import { findUser } from '../users/users.service.js';

interface GroupRow {
  id: string;
  name: string;
  remark: string;
  created_at: Date;
}

interface MemberRow {
  uin: string;
  uid: string;
  name: string;
  remark: string;
  phone_num: string;
  country_code: string;
  email: string;
  joined_at: Date;
}

const GROUP_COLUMNS = 'id::text AS id, name, remark, created_at';
const MEMBER_COLUMNS =
  'u.uin, u.uid::text AS uid, u.name, u.remark, u.phone_num, u.country_code, u.email, m.joined_at';

export const groupNotFound = (id: number | string) =>
  new ApiError('ResourceNotFound.GroupNotExist', `User group ${id} does not exist.`);

/** A group of the account, or ResourceNotFound.GroupNotExist. */
export async function findGroup(
  em: EntityManager | DataSource,
  ownerUin: string,
  id: number,
  lock = false,
): Promise<GroupRow> {
  const [row] = (await em.query(
    `SELECT ${GROUP_COLUMNS} FROM cam_groups WHERE id = $1 AND owner_uin = $2${lock ? ' FOR UPDATE' : ''}`,
    [id, ownerUin],
  )) as GroupRow[];
  if (!row) throw groupNotFound(id);
  return row;
}

const groupInfo = (g: GroupRow): GroupInfo => ({
  GroupId: Number(g.id),
  GroupName: g.name,
  CreateTime: camTime(g.created_at),
  Remark: g.remark,
});

const memberInfo = (m: MemberRow): GroupMemberInfo => ({
  Uid: Number(m.uid),
  Uin: Number(m.uin),
  Name: m.name,
  PhoneNum: m.phone_num,
  CountryCode: m.country_code,
  PhoneFlag: 0,
  Email: m.email,
  EmailFlag: 0,
  UserType: 0,
  CreateTime: camTime(m.joined_at),
  IsReceiverOwner: 0,
  Remark: m.remark,
});

/**
 * User groups and their members. At most 300 groups per account and 10 groups per user,
 * counted under locks (account; user) so parallel calls cannot pass them; names unique per
 * account by constraint. A group's policies apply to its members at once (rmq_cam_changed).
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeed,
  ) {}

  async create(caller: Caller, name: string, remark = ''): Promise<{ GroupId: number }> {
    checkName(name, 64, 'InvalidParameter.GroupNameError', 'Group name');
    const id = await this.nameUnique(name, () =>
      this.dataSource.transaction(async (em) => {
        await lockFor(em, `groups:${caller.ownerUin}`);
        const [{ count }] = (await em.query(
          'SELECT count(*)::int AS count FROM cam_groups WHERE owner_uin = $1',
          [caller.ownerUin],
        )) as Array<{ count: number }>;
        if (count >= CAM_LIMITS.groupsPerAccount)
          throw new ApiError(
            'InvalidParameter.GroupFull',
            `The account already has ${CAM_LIMITS.groupsPerAccount} user groups.`,
          );
        const [row] = (await em.query(
          'INSERT INTO cam_groups (owner_uin, name, remark) VALUES ($1, $2, $3) RETURNING id::text AS id',
          [caller.ownerUin, name, remark],
        )) as Array<{ id: string }>;
        return Number(row.id);
      }),
    );
    return { GroupId: id };
  }

  async get(caller: Caller, id: number): Promise<GetGroupResponse> {
    const g = await findGroup(this.dataSource, caller.ownerUin, id);
    const members = (await this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM cam_group_members m JOIN cam_users u ON u.uin = m.uin
        WHERE m.group_id = $1 ORDER BY m.joined_at, u.uid`,
      [id],
    )) as MemberRow[];
    return {
      GroupId: Number(g.id),
      GroupName: g.name,
      GroupNum: members.length,
      Remark: g.remark,
      CreateTime: camTime(g.created_at),
      UserInfo: members.map(memberInfo),
    };
  }

  async list(caller: Caller, req: ListGroupsRequest): Promise<ListGroupsResponse> {
    const { limit, offset } = pageOf(req.Page, req.Rp);
    const keyword = req.Keyword ? likeContains(req.Keyword) : null;
    const rows = (await this.dataSource.query(
      `SELECT ${GROUP_COLUMNS}, count(*) OVER ()::int AS total FROM cam_groups
        WHERE owner_uin = $1 AND ($2::text IS NULL OR name ILIKE $2)
        ORDER BY id LIMIT $3 OFFSET $4`,
      [caller.ownerUin, keyword, limit, offset],
    )) as Array<GroupRow & { total: number }>;
    const total =
      rows[0]?.total ??
      (offset === 0 ? 0 : await this.count('cam_groups', caller.ownerUin, keyword));
    return { TotalNum: total, GroupInfo: rows.map(groupInfo) };
  }

  async update(caller: Caller, req: UpdateGroupRequest): Promise<void> {
    if (req.GroupName !== undefined)
      checkName(req.GroupName, 64, 'InvalidParameter.GroupNameError', 'Group name');
    await this.nameUnique(req.GroupName ?? '', async () => {
      const g = await findGroup(this.dataSource, caller.ownerUin, req.GroupId);
      await this.dataSource.query('UPDATE cam_groups SET name = $1, remark = $2 WHERE id = $3', [
        req.GroupName ?? g.name,
        req.Remark ?? g.remark,
        g.id,
      ]);
    });
  }

  async delete(caller: Caller, id: number): Promise<void> {
    const result = (await this.dataSource.query(
      'DELETE FROM cam_groups WHERE id = $1 AND owner_uin = $2',
      [id, caller.ownerUin],
    )) as [unknown[], number];
    if (result[1] === 0) throw groupNotFound(id);
    this.changed(caller);
  }

  /** Adds every pair or none; a user already in the group stays (idempotent). */
  async addMembers(caller: Caller, info: GroupIdOfUidInfo[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      for (const item of info) {
        const uin = await this.memberUin(em, caller, item);
        await findGroup(em, caller.ownerUin, item.GroupId, true);
        await lockFor(em, `user-groups:${uin}`);
        const [{ already, count }] = (await em.query(
          `SELECT bool_or(group_id = $2) AS already, count(*)::int AS count
             FROM cam_group_members WHERE uin = $1`,
          [uin, item.GroupId],
        )) as Array<{ already: boolean | null; count: number }>;
        if (already) continue;
        if (count >= CAM_LIMITS.groupsPerUser)
          throw new ApiError(
            'InvalidParameter.UserGroupFull',
            `User ${uin} is already in ${CAM_LIMITS.groupsPerUser} groups.`,
          );
        await em.query(
          'INSERT INTO cam_group_members (group_id, uin, owner_uin) VALUES ($1, $2, $3)',
          [item.GroupId, uin, caller.ownerUin],
        );
      }
    });
    this.changed(caller);
  }

  /** Removes every pair or none (the user and group must exist; not being a member is fine). */
  async removeMembers(caller: Caller, info: GroupIdOfUidInfo[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      for (const item of info) {
        const uin = await this.memberUin(em, caller, item);
        await findGroup(em, caller.ownerUin, item.GroupId);
        await em.query('DELETE FROM cam_group_members WHERE group_id = $1 AND uin = $2', [
          item.GroupId,
          uin,
        ]);
      }
    });
    this.changed(caller);
  }

  async listMembers(
    caller: Caller,
    req: ListUsersForGroupRequest,
  ): Promise<ListUsersForGroupResponse> {
    await findGroup(this.dataSource, caller.ownerUin, req.GroupId);
    const { limit, offset } = pageOf(req.Page, req.Rp);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${MEMBER_COLUMNS} FROM cam_group_members m JOIN cam_users u ON u.uin = m.uin
          WHERE m.group_id = $1 ORDER BY m.joined_at, u.uid LIMIT $2 OFFSET $3`,
        [req.GroupId, limit, offset],
      ) as Promise<MemberRow[]>,
      this.dataSource.query(
        'SELECT count(*)::int AS total FROM cam_group_members WHERE group_id = $1',
        [req.GroupId],
      ) as Promise<Array<{ total: number }>>,
    ]);
    return { TotalNum: total, UserInfo: rows.map(memberInfo) };
  }

  async groupsOfUser(
    caller: Caller,
    req: ListGroupsForUserRequest,
  ): Promise<ListGroupsForUserResponse> {
    if (req.Uid === undefined && req.SubUin === undefined)
      throw new ApiError(
        'InvalidParameter.UserUinAndUinNotAllNull',
        'Name the user by Uid or SubUin.',
      );
    const user = await findUser(this.dataSource, caller.ownerUin, {
      uin: req.SubUin !== undefined ? String(req.SubUin) : undefined,
      uid: req.Uid,
    });
    const { limit, offset } = pageOf(req.Page, req.Rp);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT g.id::text AS id, g.name, g.remark, g.created_at
           FROM cam_group_members m JOIN cam_groups g ON g.id = m.group_id
          WHERE m.uin = $1 ORDER BY g.id LIMIT $2 OFFSET $3`,
        [user.uin, limit, offset],
      ) as Promise<GroupRow[]>,
      this.dataSource.query('SELECT count(*)::int AS total FROM cam_group_members WHERE uin = $1', [
        user.uin,
      ]) as Promise<Array<{ total: number }>>,
    ]);
    return { TotalNum: total, GroupInfo: rows.map(groupInfo) };
  }

  private async memberUin(
    em: EntityManager,
    caller: Caller,
    item: GroupIdOfUidInfo,
  ): Promise<string> {
    if (item.Uid === undefined && item.Uin === undefined)
      throw new ApiError(
        'InvalidParameter.UserUinAndUinNotAllNull',
        `Name the user of group ${item.GroupId} by Uid or Uin.`,
      );
    const user = await findUser(em, caller.ownerUin, {
      uin: item.Uin !== undefined ? String(item.Uin) : undefined,
      uid: item.Uid,
    });
    return user.uin;
  }

  private async count(table: string, ownerUin: string, keyword: string | null): Promise<number> {
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM ${table} WHERE owner_uin = $1 AND ($2::text IS NULL OR name ILIKE $2)`,
      [ownerUin, keyword],
    )) as Array<{ total: number }>;
    return total;
  }

  private async nameUnique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (isConstraintViolation(e, PG_UNIQUE_VIOLATION, 'cam_groups_name_unique'))
        throw new ApiError(
          'InvalidParameter.GroupNameInUse',
          `A user group named "${name}" already exists.`,
        );
      throw e;
    }
  }

  private changed(caller: Caller): void {
    this.feed.announce(CHANNELS.camChanged, caller.ownerUin);
  }
}
