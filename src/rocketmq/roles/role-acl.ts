import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import { SecretBox } from '../../crypto/secret-box.js';
import {
  ChangeFeed,
  CHANNELS,
  type Channel,
  type ChangeListener,
} from '../../database/change-feed.js';
import { SqlReader } from '../../database/sql-reader.js';
import type { Permission } from './dto/environment-role.dto.js';
import type { StoredPerm } from './environment-roles.service.js';
import { RoleTokens } from './role-tokens.js';

/** A role as the data plane needs it: who it is, the secret its clients sign with, its grants. */
export interface ResolvedRole {
  clusterId: string;
  name: string;
  /** What clients sign with: the role name unless a manual SecretKey was set. */
  secret: string;
  permType: 'Cluster' | 'TopicAndGroup';
  bindings: Map<string, { permissions: Set<Permission>; detailed: StoredPerm[] }>;
}

export interface AclRequest {
  /** The token, as clients send it in place of an AccessKey. */
  accessKey: string;
  /** The role name (the clients' SecretKey), when the protocol carries it. */
  roleName?: string;
  clusterId: string;
  namespace: string;
  resource: { type: 'topic' | 'group'; name: string };
  action: Permission;
}

export interface AclDecision {
  allowed: boolean;
  reason: string;
  role?: string;
}

interface Entry {
  role: ResolvedRole | undefined;
  expiresAt: number;
}

const MAX_ENTRIES = 50_000;

/**
 * The data-plane ACL: may this token produce to / consume from this topic or group? Answers
 * come from memory. Every change to roles or their grants makes Postgres notify the cluster
 * (ChangeFeed) and the cluster's entries are dropped at once; in any case an entry lives at
 * most ACL_CACHE_TTL_MS (1 s), so a revoked or rotated token stops working within that bound
 * even if a notification were lost. While the change feed is down nothing is served from memory.
 */
@Injectable()
export class RoleAcl implements ChangeListener {
  private entries = new Map<string, Entry>();
  private feedUp = false;

  constructor(
    private readonly sql: SqlReader,
    private readonly box: SecretBox,
    private readonly tokens: RoleTokens,
    @InjectConfig() private readonly config: AppConfig,
    feed: ChangeFeed,
  ) {
    feed.subscribe(this);
  }

  changed(channel: Channel, clusterId: string): void {
    if (channel !== CHANNELS.aclChanged) return;
    for (const [key, e] of this.entries) {
      // Unknown tokens are dropped too: a token created or rotated in may now exist.
      if (!e.role || e.role.clusterId === clusterId) this.entries.delete(key);
    }
  }

  feedState(up: boolean): void {
    this.entries = new Map();
    this.feedUp = up;
  }

  /** The role a token belongs to, or undefined for an unknown, forged, rotated or deleted token. */
  async resolve(accessKey: string): Promise<ResolvedRole | undefined> {
    if (!accessKey || accessKey.length > 4096) return undefined;
    const now = Date.now();
    // Keyed by the token itself: a hit costs no hashing (only checked tokens are ever stored).
    const hit = this.entries.get(accessKey);
    if (hit && hit.expiresAt > now && this.feedUp) return hit.role;
    if (this.tokens.forged(accessKey)) return undefined;
    const role = await this.load(accessKey);
    if (this.feedUp) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(accessKey, { role, expiresAt: now + this.config.aclCacheTtlMs });
    }
    return role;
  }

  async authorize(req: AclRequest): Promise<AclDecision> {
    const role = await this.resolve(req.accessKey);
    if (!role)
      return {
        allowed: false,
        reason:
          'Unknown AccessKey: the token does not exist, was rotated, or its role was deleted.',
      };
    return this.decide(role, req);
  }

  /** The decision for a role already resolved (a protocol adapter resolves once per request). */
  decide(role: ResolvedRole, req: Omit<AclRequest, 'accessKey'>): AclDecision {
    const deny = (reason: string): AclDecision => ({ allowed: false, reason, role: role.name });
    if (req.roleName !== undefined && req.roleName !== role.name)
      return deny(`The token belongs to role ${role.name}, not ${req.roleName}.`);
    if (role.clusterId !== req.clusterId)
      return deny(`Role ${role.name} belongs to another cluster.`);
    const binding = role.bindings.get(req.namespace);
    if (!binding) return deny(`Role ${role.name} has no permission in namespace ${req.namespace}.`);
    if (!binding.permissions.has(req.action))
      return deny(`Role ${role.name} may not ${req.action} in namespace ${req.namespace}.`);
    if (role.permType === 'TopicAndGroup') {
      const wanted = req.resource.type === 'topic' ? 'Topic' : 'Group';
      const granted = binding.detailed.some(
        (p) =>
          (p.ResourceType === 'Cluster' ||
            (p.ResourceType === wanted && p.Resource === req.resource.name)) &&
          (req.action === 'produce' ? p.PermWrite && req.resource.type === 'topic' : p.PermRead),
      );
      if (!granted)
        return deny(
          `Role ${role.name} has no ${req.action} permission on ${req.resource.type} ${req.resource.name} in namespace ${req.namespace}.`,
        );
    }
    return {
      allowed: true,
      reason: `Role ${role.name} may ${req.action} in namespace ${req.namespace}.`,
      role: role.name,
    };
  }

  private async load(accessKey: string): Promise<ResolvedRole | undefined> {
    const [row] = await this.sql.rows<{
      clusterId: string;
      name: string;
      permType: 'Cluster' | 'TopicAndGroup';
      secretSealed: string | null;
      bindings: Array<{ namespace: string; permissions: Permission[]; detailed: StoredPerm[] }>;
    }>(
      `SELECT r.cluster_id AS "clusterId", r.name, r.perm_type AS "permType", r.secret_sealed AS "secretSealed",
         coalesce((SELECT json_agg(json_build_object('namespace', e.namespace, 'permissions', e.permissions, 'detailed', e.detailed_perms))
                   FROM environment_roles e WHERE e.cluster_id = r.cluster_id AND e.role_name = r.name), '[]'::json) AS bindings
       FROM roles r WHERE r.token_hash = $1`,
      [this.tokens.hash(accessKey)],
    );
    if (!row) return undefined;
    return {
      clusterId: row.clusterId,
      name: row.name,
      permType: row.permType,
      secret: row.secretSealed ? this.box.open(row.secretSealed) : row.name,
      bindings: new Map(
        row.bindings.map((b) => [
          b.namespace,
          { permissions: new Set(b.permissions), detailed: b.detailed },
        ]),
      ),
    };
  }
}
