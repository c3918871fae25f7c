import { Injectable, Logger } from '@nestjs/common';
import {
  ChangeFeed,
  CHANNELS,
  type Channel,
  type ChangeListener,
} from '../../database/change-feed.js';
import { SqlReader } from '../../database/sql-reader.js';
import {
  parsePolicyDocument,
  PolicyError,
  type AttachedPolicy,
  type PolicyDocument,
} from '../policy/index.js';

/** A policy in effect for a user, and how it reaches them. */
export interface EffectivePolicy extends AttachedPolicy {
  /** Directly attached to the user, and/or the groups it comes through. */
  direct: boolean;
  groups: Array<{ id: number; name: string }>;
}

interface Row {
  id: string;
  name: string;
  document: string;
  direct: boolean;
  groups: Array<{ id: string; name: string }> | null;
}

const MAX_CACHED_USERS = 10_000;

const DENY_ALL: PolicyDocument = {
  version: '2.0',
  statement: [{ effect: 'deny', action: ['*'], resource: ['*'], condition: {} }],
};

/**
 * The policies in effect for each sub-user: attached directly or through a group, parsed once.
 * Authorization reads it on every sub-user call, so it is cached per user and dropped, in every
 * process, as soon as any CAM row of the account changes (`rmq_cam_changed`, sent by triggers
 * on commit). While the change feed is down nothing is served from memory.
 */
@Injectable()
export class PolicyStore implements ChangeListener {
  private readonly logger = new Logger('PolicyStore');
  private cache = new Map<string, { ownerUin: string; policies: EffectivePolicy[] }>();
  private generation = 0;
  private feedUp = false;

  constructor(
    private readonly sql: SqlReader,
    feed: ChangeFeed,
  ) {
    feed.subscribe(this);
  }

  changed(channel: Channel, payload: string): void {
    if (channel !== CHANNELS.camChanged) return;
    this.generation += 1;
    if (payload === '*') {
      this.cache.clear();
      return;
    }
    for (const [uin, entry] of this.cache) if (entry.ownerUin === payload) this.cache.delete(uin);
  }

  feedState(up: boolean): void {
    this.generation += 1;
    this.cache = new Map();
    this.feedUp = up;
  }

  async policiesOf(uin: string, ownerUin: string): Promise<EffectivePolicy[]> {
    const hit = this.feedUp ? this.cache.get(uin) : undefined;
    if (hit && hit.ownerUin === ownerUin) return hit.policies;
    const generation = this.generation;
    const policies = await this.load(uin, ownerUin);
    if (this.feedUp && generation === this.generation) {
      if (this.cache.size >= MAX_CACHED_USERS) this.cache.clear();
      this.cache.set(uin, { ownerUin, policies });
    }
    return policies;
  }

  private async load(uin: string, ownerUin: string): Promise<EffectivePolicy[]> {
    const rows = await this.sql.rows<Row>(
      `WITH attached AS (
         SELECT up.policy_id, NULL::bigint AS group_id FROM cam_user_policies up
           WHERE up.uin = $1 AND up.owner_uin = $2
         UNION ALL
         SELECT gp.policy_id, gp.group_id FROM cam_group_members m
           JOIN cam_group_policies gp ON gp.group_id = m.group_id
           WHERE m.uin = $1 AND m.owner_uin = $2
       )
       SELECT p.id::text AS id, p.name, p.document,
              bool_or(a.group_id IS NULL) AS direct,
              json_agg(json_build_object('id', g.id::text, 'name', g.name) ORDER BY g.id)
                FILTER (WHERE g.id IS NOT NULL) AS groups
         FROM attached a
         JOIN cam_policies p ON p.id = a.policy_id
         LEFT JOIN cam_groups g ON g.id = a.group_id
        GROUP BY p.id
        ORDER BY p.id`,
      [uin, ownerUin],
    );
    const policies: EffectivePolicy[] = [];
    for (const r of rows) {
      try {
        policies.push({
          id: Number(r.id),
          name: r.name,
          document: parsePolicyDocument(r.document),
          direct: r.direct,
          groups: (r.groups ?? []).map((g) => ({ id: Number(g.id), name: g.name })),
        });
      } catch (e) {
        // Stored documents were validated when written. One that no longer parses (a stricter
        // engine) might have held a deny: fail closed, the user is denied everything.
        if (!(e instanceof PolicyError)) throw e;
        this.logger.warn(
          `Policy ${r.id} (${r.name}) no longer parses; its users are denied everything until it is fixed: ${e.message}`,
        );
        policies.push({
          id: Number(r.id),
          name: r.name,
          document: DENY_ALL,
          direct: r.direct,
          groups: [],
        });
      }
    }
    return policies;
  }
}
