/**
 * The CAM policy engine's contract (cam.md). The engine is pure: no I/O, no clock of its own
 * (the caller passes the time), no database. The gateway's authorizer and the policy
 * simulator are its callers.
 */

/** A statement after parsing: every single-or-array element normalized to an array. */
export interface PolicyStatement {
  effect: 'allow' | 'deny';
  /** e.g. ['tdmq:Describe*', 'tdmq:CreateRocketMQTopic'] or ['*']. */
  action: string[];
  /** Six-segment resource strings (or '*'), as written (policy variables unresolved). */
  resource: string[];
  /** operator (e.g. 'for_any_value:string_equal', 'ip_equal_if_exist') → key → accepted values. */
  condition: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  version: '2.0';
  statement: PolicyStatement[];
}

/** A policy attached to the caller (directly or through a group). */
export interface AttachedPolicy {
  id: number;
  name: string;
  document: PolicyDocument;
}

export interface Principal {
  /** The caller's uin (a sub-user's own uin). */
  uin: string;
  /** The root account the caller belongs to (resources' owner). */
  ownerUin: string;
  appId: string;
}

export interface AuthzRequest {
  /** `<service>:<Action>`, e.g. 'tdmq:CreateRocketMQTopic'. */
  action: string;
  /** The six-segment resource the action touches, fully qualified, or '*' for non-resource-level actions. */
  resource: string;
  principal: Principal;
  context: {
    /** qcs:ip: the caller's address. */
    ip?: string;
    /** qcs:current_time. */
    currentTime: Date;
    /** qcs:resource_tag: the tags the resource carries, each 'key&value'. Absent for creates. */
    resourceTags?: string[];
    /** qcs:request_tag: the tags the request sets (creates/tag calls), each 'key&value'. */
    requestTags?: string[];
  };
}

export interface Decision {
  allowed: boolean;
  /** 'deny' (an explicit deny matched), 'allow', or 'implicit-deny' (nothing matched). */
  outcome: 'allow' | 'deny' | 'implicit-deny';
  /** The policy and statement that decided (absent for implicit deny). */
  decidedBy?: { policyId: number; policyName: string; statementIndex: number };
  reason: string;
}

/** A refused policy document: `path` points at the faulty element, e.g. 'statement[1].condition.ip_equal'. */
export class PolicyError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PolicyError';
  }
}
