/**
 * Policy evaluation (cam.md "Evaluation", step 3): a statement applies when its action,
 * resource and condition all match; any applicable deny → deny; else any applicable allow →
 * allow; else implicit deny. Steps 1 (the root account's implicit access), 2 (collecting the
 * user's and groups' policies) and 4 (intersecting with a permission boundary: evaluate twice)
 * belong to the caller. Deny statements and negated conditions apply to every action, list
 * actions included.
 *
 * Matching rules where cam.md is silent:
 * - Actions: the service prefix is compared exactly (`*` = any service); the API name is a
 *   case-sensitive `*` pattern (`tdmq:Describe*` does not match `tdmq:describeX`).
 * - Resources: compared segment by segment, case-sensitively, `*` matching any run of
 *   characters within its segment (never across `:`). Empty region = every region; empty
 *   account = `uin/<the principal's ownerUin>`. A request resource of `*` (an action that is not
 *   resource-level) or one that is not six segments is matched only by the policy resource `*`.
 * - `topic/rocketmq-abc/*` does not match `topic/rocketmq-abc` itself (the `/` is literal).
 * Documents are expected to come from parsePolicyDocument; an unknown condition operator in a
 * hand-built document throws PolicyError rather than being silently ignored.
 */
import { conditionHolds, parseOperator, requestValues } from './conditions.js';
import { globMatches, variablesOf, type VariableValues } from './glob.js';
import { memoize } from './memo.js';
import {
  PolicyError,
  type AttachedPolicy,
  type AuthzRequest,
  type Decision,
  type PolicyStatement,
} from './types.js';

interface PreparedRequest {
  req: AuthzRequest;
  service: string | undefined;
  apiName: string;
  /** The six segments, or undefined for `*` and malformed resources. */
  segments: string[] | undefined;
  vars: VariableValues;
  ownAccount: string;
}

function prepare(req: AuthzRequest): PreparedRequest {
  if (Number.isNaN(req.context.currentTime.getTime())) {
    throw new TypeError('AuthzRequest.context.currentTime is an invalid Date');
  }
  const colon = req.action.indexOf(':');
  const segments = req.resource.split(':');
  return {
    req,
    service: colon < 0 ? undefined : req.action.slice(0, colon),
    apiName: req.action.slice(colon + 1),
    segments: segments.length === 6 && segments[0] === 'qcs' ? segments : undefined,
    vars: variablesOf(req.principal),
    ownAccount: `uin/${req.principal.ownerUin}`,
  };
}

function actionMatches(pattern: string, r: PreparedRequest): boolean {
  if (pattern === '*') return true;
  const colon = pattern.indexOf(':');
  if (colon < 0 || r.service === undefined) return false;
  const service = pattern.slice(0, colon);
  if (service !== '*' && service !== r.service) return false;
  return globMatches(pattern.slice(colon + 1), r.apiName);
}

const patternSegments = memoize((pattern: string) => {
  const segments = pattern.split(':');
  return segments.length === 6 && segments[0] === 'qcs' ? segments : undefined;
});

function resourceMatches(pattern: string, r: PreparedRequest): boolean {
  if (pattern === '*') return true;
  const req = r.segments;
  if (!req) return false;
  const p = patternSegments(pattern);
  if (!p) return false;
  const [, project, service, region, account, last] = p;
  return (
    (project === '' || globMatches(project, req[1])) &&
    globMatches(service, req[2]) &&
    (region === '' || globMatches(region, req[3])) &&
    (account === '' ? req[4] === r.ownAccount : globMatches(account, req[4], { vars: r.vars })) &&
    globMatches(last, req[5], { vars: r.vars })
  );
}

function conditionMatches(
  condition: PolicyStatement['condition'],
  r: PreparedRequest,
  path: string,
): boolean {
  for (const [operatorName, keys] of Object.entries(condition)) {
    const op = parseOperator(operatorName);
    if ('error' in op) throw new PolicyError(`${path}.condition.${operatorName}`, op.error);
    for (const [key, listed] of Object.entries(keys)) {
      if (!conditionHolds(op, listed, requestValues(key, r.req), r.vars)) return false;
    }
  }
  return true;
}

function applies(statement: PolicyStatement, r: PreparedRequest, path: string): boolean {
  return (
    statement.action.some((a) => actionMatches(a, r)) &&
    statement.resource.some((res) => resourceMatches(res, r)) &&
    conditionMatches(statement.condition, r, path)
  );
}

/** Whether one statement's action, resource and condition all match the request (its effect aside). */
export function statementMatches(statement: PolicyStatement, req: AuthzRequest): boolean {
  return applies(statement, prepare(req), 'statement');
}

/** The decision for `req` under the caller's attached policies (cam.md evaluation step 3). */
export function evaluate(req: AuthzRequest, policies: readonly AttachedPolicy[]): Decision {
  const r = prepare(req);
  let firstAllow: Decision['decidedBy'];
  for (const policy of policies) {
    const statements = policy.document.statement;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      const isDeny = statement.effect === 'deny';
      // Once an allow is found only denies can change the outcome.
      if (!isDeny && (firstAllow || statement.effect !== 'allow')) continue;
      if (!applies(statement, r, `policy ${policy.name} statement[${i}]`)) continue;
      const decidedBy = { policyId: policy.id, policyName: policy.name, statementIndex: i };
      if (isDeny) {
        return {
          allowed: false,
          outcome: 'deny',
          decidedBy,
          reason: `denied by statement ${i} of policy ${policy.name}`,
        };
      }
      firstAllow = decidedBy;
    }
  }
  if (firstAllow) {
    return {
      allowed: true,
      outcome: 'allow',
      decidedBy: firstAllow,
      reason: `allowed by statement ${firstAllow.statementIndex} of policy ${firstAllow.policyName}`,
    };
  }
  return {
    allowed: false,
    outcome: 'implicit-deny',
    reason: `no statement allows ${req.action} on ${req.resource}`,
  };
}
