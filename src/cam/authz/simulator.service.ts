import { Injectable } from '@nestjs/common';
import { SqlReader } from '../../database/sql-reader.js';
import { ApiError } from '../../gateway/api-error.js';
import type { Caller } from '../../gateway/request-context.js';
import {
  evaluate,
  parseIsoInstant,
  parsePolicyDocument,
  PolicyError,
  type AttachedPolicy,
} from '../policy/index.js';
import { AuthorizationService } from './authorization.service.js';
import type {
  SimulateAuthorizationRequest,
  SimulateAuthorizationResponse,
  SimulatedTag,
} from './dto/simulate.dto.js';
import { PolicyStore, type EffectivePolicy } from './policy-store.js';
import { ResourceTagReader } from './resource-tag-reader.js';

const SIX_SEGMENTS = /^qcs:[^:]*:[^:]*:[^:]*:[^:]*:[^:]+$/;
const asConditionTags = (tags: readonly SimulatedTag[]) => tags.map((t) => `${t.Key}&${t.Value}`);

/**
 * The policy simulator: the decision the gateway would take for a user, an action and a
 * resource, with the statement that decided it and every policy considered. Uses the same
 * policies, tags and engine as real calls; an optional extra document answers "what if".
 */
@Injectable()
export class SimulatorService {
  constructor(
    private readonly authz: AuthorizationService,
    private readonly policies: PolicyStore,
    private readonly tags: ResourceTagReader,
    private readonly sql: SqlReader,
  ) {}

  async simulate(
    caller: Caller,
    req: SimulateAuthorizationRequest,
  ): Promise<SimulateAuthorizationResponse> {
    if (req.Resource !== '*' && !SIX_SEGMENTS.test(req.Resource)) {
      throw new ApiError(
        'InvalidParameterValue',
        'Resource must be `*` or a six-segment string qcs:<project>:<service>:<region>:<account>:<resource>.',
      );
    }
    const currentTime = this.time(req.CurrentTime);
    const extra = this.extraPolicy(req.PolicyDocument);
    const target = String(req.TargetUin);
    const isRoot = target === caller.ownerUin;
    if (!isRoot) await this.requireSubUser(caller.ownerUin, target);
    const resourceTags = req.ResourceTags
      ? asConditionTags(req.ResourceTags)
      : req.Resource === '*'
        ? []
        : ((await this.tags.tagsOf(caller.ownerUin, [req.Resource])).get(req.Resource) ?? []);

    if (isRoot) {
      return {
        Allowed: true,
        Outcome: 'allow',
        Reason: 'the root account owns every resource of the account and needs no policy',
        DecidedBy: null,
        EvaluatedPolicies: [],
        ResourceTags: resourceTags,
      };
    }
    const attached: EffectivePolicy[] = [
      ...(await this.policies.policiesOf(target, caller.ownerUin)),
      ...(extra ? [{ ...extra, direct: true, groups: [] }] : []),
    ];
    const decision = evaluate(
      {
        action: req.Action,
        resource: req.Resource,
        principal: this.authz.principalOf(target, caller.ownerUin),
        context: {
          ip: req.SourceIp,
          currentTime,
          resourceTags: req.Resource === '*' && !req.ResourceTags ? undefined : resourceTags,
          requestTags: req.RequestTags ? asConditionTags(req.RequestTags) : undefined,
        },
      },
      attached,
    );
    const decidedBy = decision.decidedBy;
    const decider = decidedBy && attached.find((p) => p.id === decidedBy.policyId);
    return {
      Allowed: decision.allowed,
      Outcome: decision.outcome,
      Reason: decision.reason,
      DecidedBy:
        decidedBy && decider
          ? {
              PolicyId: decidedBy.policyId,
              PolicyName: decidedBy.policyName,
              StatementIndex: decidedBy.statementIndex,
              Statement: JSON.stringify(decider.document.statement[decidedBy.statementIndex]),
            }
          : null,
      EvaluatedPolicies: attached.map((p) => ({
        PolicyId: p.id,
        PolicyName: p.name,
        AttachedDirectly: p.direct,
        Groups: p.groups.map((g) => g.name),
      })),
      ResourceTags: resourceTags,
    };
  }

  private time(text: string | undefined): Date {
    if (text === undefined) return new Date();
    const ms = parseIsoInstant(text);
    if (ms === undefined) {
      throw new ApiError(
        'InvalidParameterValue',
        `CurrentTime must be an ISO-8601 time such as 2026-11-24T08:00:00Z, got "${text}".`,
      );
    }
    return new Date(ms);
  }

  private extraPolicy(text: string | undefined): AttachedPolicy | undefined {
    if (text === undefined) return undefined;
    try {
      return { id: 0, name: '(PolicyDocument)', document: parsePolicyDocument(text) };
    } catch (e) {
      if (e instanceof PolicyError)
        throw new ApiError('InvalidParameter.PolicyDocumentError', `PolicyDocument ${e.message}`);
      throw e;
    }
  }

  private async requireSubUser(ownerUin: string, uin: string): Promise<void> {
    const [row] = await this.sql.rows<{ uin: string }>(
      'SELECT uin FROM cam_users WHERE uin = $1 AND owner_uin = $2',
      [uin, ownerUin],
    );
    if (!row) {
      throw new ApiError(
        'ResourceNotFound.UserNotExist',
        `User ${uin} is neither the root account nor one of its sub-users.`,
      );
    }
  }
}
