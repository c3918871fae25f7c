import type { Fixtures } from './fuzz-fixtures.js';

/**
 * The explicit cases of the action fuzz tests (test/e2e/action-fuzz.e2e-spec.ts).
 *
 * Every (action, field) where an explicit null answered InternalError before the null rule:
 * found by that file's null sweep, run against the code before the rule (a NOT NULL column, a TypeError, a
 * negative OFFSET from `(null - 1) * Rp`, a `NaN` bigint, a response that failed its schema).
 * Each now behaves as if the field were absent: the expected code, or null for success.
 */
export const NULL_CASES: Array<[string, string, string | null]> = [
  ['AddUserToGroup', 'Info.0.Uid', 'InvalidParameter.UserUinAndUinNotAllNull'],
  ['RemoveUserFromGroup', 'Info.0.Uid', 'InvalidParameter.UserUinAndUinNotAllNull'],
  ['CreateGroup', 'Remark', null],
  ['CreatePolicy', 'Description', null],
  ['CreateRocketMQGroup', 'GroupType', null],
  ['CreateRocketMQGroup', 'RetryMaxTimes', null],
  ['CreateRocketMQRole', 'PermType', null],
  ['DescribeResourcesByTags', 'Offset', null],
  ['DescribeResourceTagsByResourceIds', 'Offset', null],
  ['GetResources', 'MaxResults', null],
  ['GetTagKeys', 'MaxResults', null],
  ['GetTags', 'MaxResults', null],
  ['GetTagValues', 'MaxResults', null],
  ['ListAttachedGroupPolicies', 'Page', null],
  ['ListAttachedUserPolicies', 'Page', null],
  ['ListEntitiesForPolicy', 'Page', null],
  ['ListGroups', 'Page', null],
  ['ListGroupsForUser', 'Page', null],
  ['ListPolicies', 'Page', null],
  ['ListUsersForGroup', 'Page', null],
  ['ModifyRocketMQCluster', 'ClusterName', null],
  ['ModifyRocketMQCluster', 'Remark', null],
  ['ModifyRocketMQCluster', 'PublicAccessEnabled', null],
  ['ModifyRocketMQGroup', 'Remark', null],
  ['ModifyRocketMQGroup', 'ReadEnable', null],
  ['ModifyRocketMQGroup', 'BroadcastEnable', null],
  ['ModifyRocketMQGroup', 'RetryMaxTimes', null],
  ['ModifyRocketMQNamespace', 'Ttl', null],
  ['ModifyRocketMQNamespace', 'Remark', null],
  ['ModifyRocketMQNamespace', 'PublicAccessEnabled', null],
  ['UpdateGroup', 'GroupName', null],
  ['UpdatePolicy', 'PolicyName', null],
  ['UpdatePolicy', 'Description', null],
  ['UpdatePolicy', 'PolicyDocument', null],
  ['UpdateUser', 'Remark', null],
  ['UpdateUser', 'NeedResetPassword', null],
  ['UpdateUser', 'PhoneNum', null],
  ['UpdateUser', 'CountryCode', null],
  ['UpdateUser', 'Email', null],
];

/**
 * Refusals that come after part of the request was acted on (a second item, a second
 * namespace, a second resource): each must leave the state as it was.
 */
export const PARTIAL_WRITE_CASES: Array<
  [string, string, (fx: Fixtures) => Record<string, unknown>]
> = [
  [
    'CreateRocketMQTopic',
    'in two namespaces, one missing',
    (fx) => ({
      ClusterId: fx.clusterId,
      Namespaces: ['prod', 'nope'],
      Topic: 'half',
      Type: 'Normal',
    }),
  ],
  [
    'CreateRocketMQGroup',
    'in two namespaces, one missing',
    (fx) => ({
      ClusterId: fx.clusterId,
      Namespaces: ['prod', 'nope'],
      GroupId: 'half',
      ReadEnable: true,
      BroadcastEnable: false,
    }),
  ],
  [
    'CreateRocketMQCluster',
    'with a NUL in its second tag',
    () => ({
      Name: 'half',
      TagList: [
        { TagKey: 'a', TagValue: 'b' },
        { TagKey: 'c\u0000', TagValue: 'd' },
      ],
    }),
  ],
  [
    'AddUserToGroup',
    'with a second item naming a missing group',
    (fx) => ({
      Info: [
        { GroupId: fx.groupId, Uid: fx.uid },
        { GroupId: 99_999_999, Uid: fx.uid },
      ],
    }),
  ],
  [
    'RemoveUserFromGroup',
    'with a second item naming a missing group',
    (fx) => ({
      Info: [
        { GroupId: fx.groupId, Uid: fx.uid },
        { GroupId: 99_999_999, Uid: fx.uid },
      ],
    }),
  ],
  [
    'DeleteRocketMQRoles',
    'with a second role missing',
    (fx) => ({ ClusterId: fx.clusterId, RoleNames: ['order-producer', 'nope'] }),
  ],
  [
    'DeleteRocketMQEnvironmentRoles',
    'with a second role missing',
    (fx) => ({
      ClusterId: fx.clusterId,
      EnvironmentId: 'prod',
      RoleNames: ['order-producer', 'nope'],
    }),
  ],
  [
    'DeletePolicy',
    'with a second policy missing',
    (fx) => ({ PolicyId: [fx.policyId, 99_999_999] }),
  ],
  [
    'TagResources',
    'with a second resource malformed',
    (fx) => ({
      ResourceList: [
        `qcs::tdmq:ap-guangzhou:uin/100000000001:cluster/${fx.clusterId}`,
        'qcs::bogus',
      ],
      Tags: [{ TagKey: 'half', TagValue: 'x' }],
    }),
  ],
  [
    'ModifyResourceTags',
    'whose delete is malformed',
    (fx) => ({
      Resource: `qcs::tdmq:ap-guangzhou:uin/100000000001:cluster/${fx.clusterId}`,
      ReplaceTags: [{ TagKey: 'half', TagValue: 'x' }],
      DeleteTags: [{ TagKey: 'a\u0000' }],
    }),
  ],
  [
    'ModifyRocketMQGroup',
    'with a valid remark and an out-of-range retry count',
    (fx) => ({
      ClusterId: fx.clusterId,
      NamespaceId: 'prod',
      GroupId: 'order-consumers',
      Remark: 'half',
      RetryMaxTimes: 2 ** 53,
    }),
  ],
];
