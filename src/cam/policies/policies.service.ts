import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ChangeFeed, CHANNELS } from '../../database/change-feed.js';
import { isConstraintViolation, PG_UNIQUE_VIOLATION } from '../../database/pg-errors.js';
import { ApiError } from '../../gateway/api-error.js';
import type { Caller } from '../../gateway/request-context.js';
import { likeContains } from '../../rocketmq/common/paging.js';
import { CAM_LIMITS, camTime, checkName, lockFor, pageOf } from '../cam-rules.js';
import type {
  CamTag,
  CreatePolicyRequest,
  GetPolicyResponse,
  ListPoliciesRequest,
  ListPoliciesResponse,
  StrategyInfo,
  UpdatePolicyRequest,
} from '../dto/policies.dto.js';
import {
  countNonWhitespace,
  MAX_POLICY_DOCUMENT_CHARS,
  parsePolicyDocument,
  PolicyError,
  type PolicyDocument,
} from '../policy/index.js';
import { STORED_PRESETS } from './preset-ids.js';

export interface PolicyRow {
  id: string;
  owner_uin: string | null;
  name: string;
  description: string;
  document: string;
  type: number;
  service_type: string | null;
  tags: CamTag[];
  created_at: Date;
  updated_at: Date;
}

const POLICY_COLUMNS =
  'p.id::text AS id, p.owner_uin, p.name, p.description, p.document, p.type, p.service_type, p.tags, p.created_at, p.updated_at';

const PRESET = 2;
const CUSTOM = 1;
const PRESET_NAMES = new Set(STORED_PRESETS.map((p) => p.preset.name));

export const policyNotFound = (id: number | string) =>
  new ApiError('ResourceNotFound.PolicyIdNotFound', `Policy ${id} does not exist.`);

/** A preset or a custom policy of the account, or ResourceNotFound.PolicyIdNotFound. */
export async function findPolicy(
  em: EntityManager | DataSource,
  ownerUin: string,
  id: number,
  lock = false,
): Promise<PolicyRow> {
  const [row] = (await em.query(
    `SELECT ${POLICY_COLUMNS} FROM cam_policies p
      WHERE p.id = $1 AND (p.owner_uin = $2 OR p.owner_uin IS NULL)${lock ? ' FOR UPDATE' : ''}`,
    [id, ownerUin],
  )) as PolicyRow[];
  if (!row) throw policyNotFound(id);
  return row;
}

/** Serializes a parsed preset document the way CreatePolicy would accept it. */
function documentText(doc: PolicyDocument): string {
  return JSON.stringify({
    version: doc.version,
    statement: doc.statement.map((s) => ({
      effect: s.effect,
      action: s.action,
      resource: s.resource,
      ...(Object.keys(s.condition).length ? { condition: s.condition } : {}),
    })),
  });
}

/** Validates a document with the engine; faults name the element (InvalidParameter.PolicyDocumentError). */
export function checkPolicyDocument(text: string): void {
  const length = countNonWhitespace(text);
  if (length > MAX_POLICY_DOCUMENT_CHARS)
    throw new ApiError(
      'InvalidParameter.PolicyDocumentLengthOverLimit',
      `PolicyDocument is ${length} characters long without whitespace; the maximum is ${MAX_POLICY_DOCUMENT_CHARS}.`,
    );
  try {
    parsePolicyDocument(text);
  } catch (e) {
    if (e instanceof PolicyError)
      throw new ApiError('InvalidParameter.PolicyDocumentError', `PolicyDocument ${e.message}.`);
    throw e;
  }
}

function checkPolicyName(name: string): void {
  checkName(name, 128, 'InvalidParameter.PolicyNameError', 'Policy name');
}

function checkDescription(text: string | undefined): void {
  if (text !== undefined && text.length > CAM_LIMITS.policyDescriptionLength)
    throw new ApiError(
      'InvalidParameter.DescriptionLengthOverlimit',
      `Description is ${text.length} characters long; the maximum is ${CAM_LIMITS.policyDescriptionLength}.`,
    );
}

const nameInUse = (name: string) =>
  new ApiError('FailedOperation.PolicyNameInUse', `A policy named "${name}" already exists.`);

const presetRefused = (id: number | string, verb: string) =>
  new ApiError(
    'InvalidParameter.PolicyIdError',
    `Policy ${id} is a preset policy and cannot be ${verb}.`,
  );

/**
 * Policies: the preset ones (ids 1-4, written from code at boot, read-only) and the account's
 * custom ones (at most 1500, names unique per account and never a preset's name). Documents
 * are validated by the policy engine before they are stored. Every change reaches the policy
 * cache of this process at once and of the others through rmq_cam_changed.
 */
@Injectable()
export class PoliciesService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeed,
  ) {}

  /** Writes the preset policies as the code defines them (idempotent; every process may run it). */
  async onApplicationBootstrap(): Promise<void> {
    // Serialized across processes: two starting at once on a fresh database raced, and the
    // upsert's ON CONFLICT (id) does not cover the name's unique index (cam_policies_name_unique).
    await this.dataSource.transaction(async (em) => {
      await lockFor(em, 'presets');
      await this.upsertPresets(em);
    });
  }

  private async upsertPresets(em: EntityManager): Promise<void> {
    for (const p of STORED_PRESETS) {
      await em.query(
        `INSERT INTO cam_policies (id, owner_uin, name, description, document, type, service_type)
         VALUES ($1, NULL, $2, $3, $4, 2, $5)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
           document = EXCLUDED.document, service_type = EXCLUDED.service_type, updated_at = now()
         WHERE (cam_policies.name, cam_policies.description, cam_policies.document, cam_policies.service_type)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.document, EXCLUDED.service_type)`,
        [p.id, p.preset.name, p.preset.description, documentText(p.preset.document), p.serviceType],
      );
    }
  }

  async create(caller: Caller, req: CreatePolicyRequest): Promise<{ PolicyId: number }> {
    checkPolicyName(req.PolicyName);
    checkDescription(req.Description);
    checkPolicyDocument(req.PolicyDocument);
    if (PRESET_NAMES.has(req.PolicyName)) throw nameInUse(req.PolicyName);
    try {
      const id = await this.dataSource.transaction(async (em) => {
        await lockFor(em, `policies:${caller.ownerUin}`);
        const [{ count }] = (await em.query(
          'SELECT count(*)::int AS count FROM cam_policies WHERE owner_uin = $1',
          [caller.ownerUin],
        )) as Array<{ count: number }>;
        if (count >= CAM_LIMITS.customPoliciesPerAccount)
          throw new ApiError(
            'FailedOperation.PolicyFull',
            `The account already has ${CAM_LIMITS.customPoliciesPerAccount} custom policies.`,
          );
        const [row] = (await em.query(
          `INSERT INTO cam_policies (owner_uin, name, description, document, type, tags)
           VALUES ($1, $2, $3, $4, 1, $5::jsonb) RETURNING id::text AS id`,
          [
            caller.ownerUin,
            req.PolicyName,
            req.Description ?? '',
            req.PolicyDocument,
            JSON.stringify((req.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value }))),
          ],
        )) as Array<{ id: string }>;
        return Number(row.id);
      });
      return { PolicyId: id };
    } catch (e) {
      if (isConstraintViolation(e, PG_UNIQUE_VIOLATION, 'cam_policies_name_unique'))
        throw nameInUse(req.PolicyName);
      throw e;
    }
  }

  async get(caller: Caller, id: number): Promise<GetPolicyResponse> {
    const p = await findPolicy(this.dataSource, caller.ownerUin, id);
    return {
      PolicyName: p.name,
      Description: p.description,
      Type: p.type,
      AddTime: camTime(p.created_at),
      UpdateTime: camTime(p.updated_at),
      PolicyDocument: p.document,
      PresetAlias: p.type === PRESET ? p.name : '',
      IsServiceLinkedRolePolicy: 0,
      Tags: p.tags,
    };
  }

  async list(caller: Caller, req: ListPoliciesRequest): Promise<ListPoliciesResponse> {
    const { limit, offset } = pageOf(req.Page, req.Rp);
    const scope = req.Scope ?? 'All';
    const keyword = req.Keyword ? likeContains(req.Keyword) : null;
    const where = `(($2 = 'All' AND (p.owner_uin = $1 OR p.owner_uin IS NULL))
                    OR ($2 = 'QCS' AND p.owner_uin IS NULL) OR ($2 = 'Local' AND p.owner_uin = $1))
                   AND ($3::text IS NULL OR p.name ILIKE $3 OR p.description ILIKE $3)`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${POLICY_COLUMNS},
                (SELECT count(*) FROM cam_user_policies a WHERE a.policy_id = p.id AND a.owner_uin = $1)::int
              + (SELECT count(*) FROM cam_group_policies a WHERE a.policy_id = p.id AND a.owner_uin = $1)::int AS attachments
           FROM cam_policies p WHERE ${where}
          ORDER BY p.type DESC, p.id LIMIT $4 OFFSET $5`,
        [caller.ownerUin, scope, keyword, limit, offset],
      ) as Promise<Array<PolicyRow & { attachments: number }>>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM cam_policies p WHERE ${where}`, [
        caller.ownerUin,
        scope,
        keyword,
      ]) as Promise<Array<{ total: number }>>,
    ]);
    return {
      TotalNum: total,
      List: rows.map((r) => strategyInfo(r, r.attachments)),
      ServiceTypeList: [...new Set(STORED_PRESETS.map((p) => p.serviceType).filter(Boolean))],
    };
  }

  async update(caller: Caller, req: UpdatePolicyRequest): Promise<{ PolicyId: number }> {
    if (req.PolicyId === undefined && req.PolicyName === undefined)
      throw new ApiError(
        'InvalidParameter.ParamError',
        'Name the policy by PolicyId or PolicyName.',
      );
    const newName = req.PolicyId !== undefined ? req.PolicyName : undefined;
    if (newName !== undefined) {
      checkPolicyName(newName);
      if (PRESET_NAMES.has(newName)) throw nameInUse(newName);
    }
    checkDescription(req.Description);
    if (req.PolicyDocument !== undefined) checkPolicyDocument(req.PolicyDocument);
    try {
      const id = await this.dataSource.transaction(async (em) => {
        const p =
          req.PolicyId !== undefined
            ? await findPolicy(em, caller.ownerUin, req.PolicyId, true)
            : await this.byName(em, caller.ownerUin, req.PolicyName!);
        if (p.type === PRESET) throw presetRefused(p.id, 'changed');
        await em.query(
          `UPDATE cam_policies SET name = $1, description = $2, document = $3, updated_at = now()
            WHERE id = $4`,
          [
            newName ?? p.name,
            req.Description ?? p.description,
            req.PolicyDocument ?? p.document,
            p.id,
          ],
        );
        return Number(p.id);
      });
      this.changed(caller);
      return { PolicyId: id };
    } catch (e) {
      if (isConstraintViolation(e, PG_UNIQUE_VIOLATION, 'cam_policies_name_unique'))
        throw nameInUse(newName ?? '');
      throw e;
    }
  }

  /** Deletes every listed custom policy, or none (an unknown or preset id refuses the whole call). */
  async delete(caller: Caller, ids: number[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      for (const id of new Set(ids)) {
        const p = await findPolicy(em, caller.ownerUin, id, true);
        if (p.type === PRESET) throw presetRefused(id, 'deleted');
      }
      // Attachments go with the policy (ON DELETE CASCADE).
      await em.query('DELETE FROM cam_policies WHERE id = ANY($1) AND owner_uin = $2', [
        ids,
        caller.ownerUin,
      ]);
    });
    this.changed(caller);
  }

  private async byName(em: EntityManager, ownerUin: string, name: string): Promise<PolicyRow> {
    const [row] = (await em.query(
      `SELECT ${POLICY_COLUMNS} FROM cam_policies p
        WHERE p.name = $1 AND (p.owner_uin = $2 OR p.owner_uin IS NULL) FOR UPDATE`,
      [name, ownerUin],
    )) as PolicyRow[];
    if (!row) throw policyNotFound(`"${name}"`);
    return row;
  }

  private changed(caller: Caller): void {
    this.feed.announce(CHANNELS.camChanged, caller.ownerUin);
  }
}

function strategyInfo(p: PolicyRow, attachments: number): StrategyInfo {
  const preset = STORED_PRESETS.find((s) => String(s.id) === p.id);
  return {
    PolicyId: Number(p.id),
    PolicyName: p.name,
    AddTime: camTime(p.created_at),
    Type: p.type,
    Description: p.description,
    CreateMode: p.type === CUSTOM ? 1 : 2,
    Attachments: attachments,
    ServiceType: p.service_type ?? '',
    IsAttached: attachments > 0 ? 1 : 0,
    Deactived: 0,
    DeactivedDetail: [],
    IsServiceLinkedPolicy: 0,
    AttachEntityCount: attachments,
    AttachEntityBoundaryCount: 0,
    UpdateTime: camTime(p.updated_at),
    Tags: p.tags,
    PermissionLevel: preset?.permissionLevel ?? 'Custom',
  };
}
