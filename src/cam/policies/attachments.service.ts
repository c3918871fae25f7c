import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ChangeFeed, CHANNELS } from '../../database/change-feed.js';
import { ApiError } from '../../gateway/api-error.js';
import type { Caller } from '../../gateway/request-context.js';
import { likeContains } from '../../rocketmq/common/paging.js';
import { CAM_LIMITS, camTime, lockFor, pageOf } from '../cam-rules.js';
import type {
  AttachPolicyInfo,
  ListAttachedGroupPoliciesRequest,
  ListAttachedPoliciesResponse,
  ListAttachedUserAllPoliciesRequest,
  ListAttachedUserAllPoliciesResponse,
  ListAttachedUserPoliciesRequest,
  ListEntitiesForPolicyRequest,
  ListEntitiesForPolicyResponse,
} from '../dto/policies.dto.js';
import { findGroup } from '../groups/groups.service.js';
import { findUser } from '../users/users.service.js';
import { findPolicy } from './policies.service.js';

type Entity = { kind: 'user'; uin: string } | { kind: 'group'; id: number };

interface AttachedRow {
  id: string;
  name: string;
  description: string;
  type: number;
  created_at: Date;
  attached_at: Date;
}

const total = (rows: Array<{ total: number }>) => rows[0]?.total ?? 0;

/**
 * Attaching policies to sub-users and groups (at most 200 per user or group, counted under
 * the entity's lock), and the attachment lists. Attaching twice is a no-op, detaching what is
 * not attached too. Changes take effect at once (rmq_cam_changed, announced in-process).
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeed,
  ) {}

  attachToUser(caller: Caller, policyId: number, uin: number): Promise<void> {
    return this.attach(caller, policyId, { kind: 'user', uin: String(uin) });
  }

  attachToGroup(caller: Caller, policyId: number, groupId: number): Promise<void> {
    return this.attach(caller, policyId, { kind: 'group', id: groupId });
  }

  detachFromUser(caller: Caller, policyId: number, uin: number): Promise<void> {
    return this.detach(caller, policyId, { kind: 'user', uin: String(uin) });
  }

  detachFromGroup(caller: Caller, policyId: number, groupId: number): Promise<void> {
    return this.detach(caller, policyId, { kind: 'group', id: groupId });
  }

  async userPolicies(
    caller: Caller,
    req: ListAttachedUserPoliciesRequest,
  ): Promise<ListAttachedPoliciesResponse> {
    const user = await findUser(this.dataSource, caller.ownerUin, { uin: String(req.TargetUin) });
    return this.attachedList(caller, 'cam_user_policies', 'uin', user.uin, req.Page, req.Rp, null);
  }

  async groupPolicies(
    caller: Caller,
    req: ListAttachedGroupPoliciesRequest,
  ): Promise<ListAttachedPoliciesResponse> {
    await findGroup(this.dataSource, caller.ownerUin, req.TargetGroupId);
    const keyword = req.Keyword ? likeContains(req.Keyword) : null;
    return this.attachedList(
      caller,
      'cam_group_policies',
      'group_id',
      String(req.TargetGroupId),
      req.Page,
      req.Rp,
      keyword,
    );
  }

  /** Every policy in effect for a user: attached directly (AttachType 1), through groups (2), or both (0). */
  async userAllPolicies(
    caller: Caller,
    req: ListAttachedUserAllPoliciesRequest,
  ): Promise<ListAttachedUserAllPoliciesResponse> {
    const user = await findUser(this.dataSource, caller.ownerUin, { uin: String(req.TargetUin) });
    const { limit, offset } = pageOf(req.Page, req.Rp);
    const keyword = req.Keyword ? likeContains(req.Keyword) : null;
    const strategyType = req.StrategyType || null;
    const rows = (await this.dataSource.query(
      `WITH attached AS (
         SELECT policy_id, NULL::bigint AS group_id FROM cam_user_policies WHERE uin = $1 AND $2 IN (0, 1)
         UNION ALL
         SELECT gp.policy_id, gp.group_id FROM cam_group_members m
           JOIN cam_group_policies gp ON gp.group_id = m.group_id
          WHERE m.uin = $1 AND $2 IN (0, 2)
       )
       SELECT p.id::text AS id, p.name, p.description, p.type, p.created_at,
              coalesce(json_agg(json_build_object('GroupId', g.id, 'GroupName', g.name) ORDER BY g.id)
                FILTER (WHERE g.id IS NOT NULL), '[]') AS groups,
              count(*) OVER ()::int AS total
         FROM attached a JOIN cam_policies p ON p.id = a.policy_id
         LEFT JOIN cam_groups g ON g.id = a.group_id
        WHERE ($3::int IS NULL OR p.type = $3) AND ($4::text IS NULL OR p.name ILIKE $4)
        GROUP BY p.id ORDER BY p.id LIMIT $5 OFFSET $6`,
      [user.uin, req.AttachType, strategyType, keyword, limit, offset],
    )) as Array<
      Omit<AttachedRow, 'attached_at'> & {
        groups: Array<{ GroupId: number; GroupName: string }>;
        total: number;
      }
    >;
    const count =
      rows.length > 0 || offset === 0
        ? total(rows)
        : (await this.userAllPolicies(caller, { ...req, Page: 1, Rp: 1 })).TotalNum;
    return {
      TotalNum: count,
      PolicyList: rows.map((r) => ({
        PolicyId: r.id,
        PolicyName: r.name,
        Description: r.description,
        AddTime: camTime(r.created_at),
        StrategyType: String(r.type),
        CreateMode: String(r.type),
        Groups: r.groups.map((g) => ({ GroupId: Number(g.GroupId), GroupName: g.GroupName })),
        Deactived: 0,
        DeactivedDetail: [],
      })),
    };
  }

  async entitiesOf(
    caller: Caller,
    req: ListEntitiesForPolicyRequest,
  ): Promise<ListEntitiesForPolicyResponse> {
    await findPolicy(this.dataSource, caller.ownerUin, req.PolicyId);
    const { limit, offset } = pageOf(req.Page, req.Rp);
    const filter = req.EntityFilter ?? 'All';
    const entities = `
      SELECT u.uin AS id, u.name, u.uin AS uin, 1 AS related_type, a.attached_at
        FROM cam_user_policies a JOIN cam_users u ON u.uin = a.uin
       WHERE a.policy_id = $1 AND a.owner_uin = $2 AND $3 IN ('All', 'User')
      UNION ALL
      SELECT g.id::text, g.name, '0', 2, a.attached_at
        FROM cam_group_policies a JOIN cam_groups g ON g.id = a.group_id
       WHERE a.policy_id = $1 AND a.owner_uin = $2 AND $3 IN ('All', 'Group')`;
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT * FROM (${entities}) e ORDER BY related_type, attached_at, id LIMIT $4 OFFSET $5`,
        [req.PolicyId, caller.ownerUin, filter, limit, offset],
      ) as Promise<
        Array<{ id: string; name: string; uin: string; related_type: number; attached_at: Date }>
      >,
      this.dataSource.query(`SELECT count(*)::int AS total FROM (${entities}) e`, [
        req.PolicyId,
        caller.ownerUin,
        filter,
      ]) as Promise<Array<{ total: number }>>,
    ]);
    return {
      TotalNum: total(counted),
      List: rows.map((r) => ({
        Id: r.id,
        Name: r.name,
        Uin: Number(r.uin),
        RelatedType: r.related_type,
        AttachmentTime: camTime(r.attached_at),
      })),
    };
  }

  private async attach(caller: Caller, policyId: number, entity: Entity): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await findPolicy(em, caller.ownerUin, policyId);
      const [table, column, key] = await this.locate(em, caller, entity);
      await lockFor(em, `attachments:${table}:${key}`);
      const [{ already, count }] = (await em.query(
        `SELECT bool_or(policy_id = $2) AS already, count(*)::int AS count FROM ${table} WHERE ${column} = $1`,
        [key, policyId],
      )) as Array<{ already: boolean | null; count: number }>;
      if (already) return;
      if (count >= CAM_LIMITS.policiesPerEntity)
        throw new ApiError(
          'InvalidParameter.AttachmentFull',
          `${entity.kind === 'user' ? 'User' : 'Group'} ${key} already has ${CAM_LIMITS.policiesPerEntity} policies attached.`,
        );
      await em.query(`INSERT INTO ${table} (${column}, policy_id, owner_uin) VALUES ($1, $2, $3)`, [
        key,
        policyId,
        caller.ownerUin,
      ]);
    });
    this.changed(caller);
  }

  private async detach(caller: Caller, policyId: number, entity: Entity): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await findPolicy(em, caller.ownerUin, policyId);
      const [table, column, key] = await this.locate(em, caller, entity);
      await em.query(`DELETE FROM ${table} WHERE ${column} = $1 AND policy_id = $2`, [
        key,
        policyId,
      ]);
    });
    this.changed(caller);
  }

  /** The attachment table of a user or group that exists in the caller's account. */
  private async locate(
    em: EntityManager,
    caller: Caller,
    entity: Entity,
  ): Promise<[string, string, string]> {
    if (entity.kind === 'group') {
      await findGroup(em, caller.ownerUin, entity.id);
      return ['cam_group_policies', 'group_id', String(entity.id)];
    }
    if (entity.uin === caller.ownerUin)
      throw new ApiError(
        'InvalidParameter.UinError',
        'The root account is always allowed everything: attach policies to sub-users or groups.',
      );
    await findUser(em, caller.ownerUin, { uin: entity.uin });
    return ['cam_user_policies', 'uin', entity.uin];
  }

  private async attachedList(
    caller: Caller,
    table: 'cam_user_policies' | 'cam_group_policies',
    column: 'uin' | 'group_id',
    key: string,
    page: number,
    rp: number,
    keyword: string | null,
  ): Promise<ListAttachedPoliciesResponse> {
    const { limit, offset } = pageOf(page, rp);
    const where = `a.${column} = $1 AND ($2::text IS NULL OR p.name ILIKE $2)`;
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT p.id::text AS id, p.name, p.description, p.type, p.created_at, a.attached_at
           FROM ${table} a JOIN cam_policies p ON p.id = a.policy_id
          WHERE ${where} ORDER BY a.attached_at, p.id LIMIT $3 OFFSET $4`,
        [key, keyword, limit, offset],
      ) as Promise<AttachedRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM ${table} a JOIN cam_policies p ON p.id = a.policy_id WHERE ${where}`,
        [key, keyword],
      ) as Promise<Array<{ total: number }>>,
    ]);
    return {
      TotalNum: total(counted),
      List: rows.map((r): AttachPolicyInfo => ({
        PolicyId: Number(r.id),
        PolicyName: r.name,
        AddTime: camTime(r.attached_at),
        CreateMode: r.type,
        PolicyType: r.type === 2 ? 'QCS' : 'User',
        Remark: r.description,
        OperateOwnerUin: caller.ownerUin,
        OperateUin: caller.ownerUin,
        OperateUinType: 1,
        Deactived: 0,
        DeactivedDetail: [],
      })),
    };
  }

  private changed(caller: Caller): void {
    this.feed.announce(CHANNELS.camChanged, caller.ownerUin);
  }
}
