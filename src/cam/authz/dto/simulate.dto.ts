import { IntField, ObjectArrayField, Out, StringField } from '../../../gateway/fields.js';

/** A tag as CAM conditions see it. */
export class SimulatedTag {
  @StringField({ description: 'Tag key', example: 'env', minLength: 1, maxLength: 255 })
  Key!: string;

  @StringField({ description: 'Tag value (may be empty)', example: 'prod', maxLength: 127 })
  Value!: string;
}

export class SimulateAuthorizationRequest {
  @IntField({
    description:
      'The user whose access is simulated: a sub-user of the account, or the root account.',
    example: 200000000001,
    min: 1,
  })
  TargetUin!: number;

  @StringField({
    description: 'The CAM action, `<service>:<Action>`.',
    example: 'tdmq:CreateRocketMQTopic',
    minLength: 3,
    maxLength: 128,
    pattern: /^[a-z][a-z0-9]*:[A-Z][A-Za-z0-9]*$/,
    patternHint: '<service>:<Action>, e.g. tdmq:CreateRocketMQTopic',
  })
  Action!: string;

  @StringField({
    description:
      'The resource, a six-segment string (`qcs::tdmq:<region>:uin/<owner>:<type>/<path>`), or `*` for actions that are not resource-level.',
    example: 'qcs::tdmq:ap-guangzhou:uin/100000000001:namespace/rocketmq-abcd12345678/prod',
    minLength: 1,
    maxLength: 512,
  })
  Resource!: string;

  @StringField({
    description: 'qcs:ip: the caller address to assume (absent: the key is absent).',
    example: '10.0.0.8',
    optional: true,
    maxLength: 64,
  })
  SourceIp?: string;

  @StringField({
    description: 'qcs:current_time to assume, ISO-8601 (default: now).',
    example: '2026-11-24T08:00:00Z',
    optional: true,
    maxLength: 40,
  })
  CurrentTime?: string;

  @ObjectArrayField(() => SimulatedTag, {
    description:
      "qcs:resource_tag: the resource's tags to assume. Absent: the tags the resource carries now.",
    example: [{ Key: 'env', Value: 'prod' }],
    optional: true,
    maxItems: 50,
  })
  ResourceTags?: SimulatedTag[];

  @ObjectArrayField(() => SimulatedTag, {
    description: 'qcs:request_tag: the tags the simulated request would set (creates, tag calls).',
    example: [{ Key: 'env', Value: 'dev' }],
    optional: true,
    maxItems: 50,
  })
  RequestTags?: SimulatedTag[];

  @StringField({
    description:
      'A policy document to evaluate as if it were attached to the user too (what-if), validated like CreatePolicy.',
    example:
      '{"version":"2.0","statement":[{"effect":"deny","action":"tdmq:Delete*","resource":"*"}]}',
    optional: true,
    maxLength: 65536,
  })
  PolicyDocument?: string;
}

export class DecidingStatement {
  @Out({ description: 'Policy id (0: the PolicyDocument of the request)', example: 100001 })
  PolicyId!: number;

  @Out({ description: 'Policy name', example: 'tdmq-prod-topics' })
  PolicyName!: string;

  @Out({ description: 'Index of the statement in the policy (from 0)', example: 0 })
  StatementIndex!: number;

  @Out({
    description: 'The statement, as JSON',
    example: '{"effect":"allow","action":["tdmq:CreateRocketMQTopic"],"resource":["*"]}',
  })
  Statement!: string;
}

export class EvaluatedPolicy {
  @Out({ description: 'Policy id (0: the PolicyDocument of the request)', example: 100001 })
  PolicyId!: number;

  @Out({ description: 'Policy name', example: 'tdmq-prod-topics' })
  PolicyName!: string;

  @Out({ description: 'Attached to the user directly', example: true })
  AttachedDirectly!: boolean;

  @Out({ description: 'The groups it is attached through', type: [String], example: ['ops'] })
  Groups!: string[];
}

export class SimulateAuthorizationResponse {
  @Out({ description: 'Whether the call would be allowed', example: true })
  Allowed!: boolean;

  @Out({
    description:
      '`allow` (an allow statement matched and no deny), `deny` (an explicit deny matched) or `implicit-deny` (nothing matched).',
    example: 'allow',
  })
  Outcome!: string;

  @Out({
    description: 'Why, in words',
    example: 'allowed by statement 0 of policy tdmq-prod-topics',
  })
  Reason!: string;

  @Out({
    description: 'The statement that decided (null for an implicit deny and for the root account)',
    type: DecidingStatement,
    nullable: true,
  })
  DecidedBy!: DecidingStatement | null;

  @Out({ description: 'Every policy that was evaluated', type: [EvaluatedPolicy] })
  EvaluatedPolicies!: EvaluatedPolicy[];

  @Out({
    description: 'The qcs:resource_tag values used, `key&value`',
    type: [String],
    example: ['env&prod'],
  })
  ResourceTags!: string[];
}
