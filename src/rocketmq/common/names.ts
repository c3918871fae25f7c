/** Name rules of product-spec.md §2–3 (they win over the SDK's descriptions). */
export const CLUSTER_NAME = {
  minLength: 3,
  maxLength: 64,
  pattern: /^[A-Za-z0-9_-]+$/,
  patternHint: 'letters, digits, "-" and "_"',
};

export const NAMESPACE_NAME = {
  minLength: 3,
  maxLength: 32,
  pattern: /^[A-Za-z0-9_]+$/,
  patternHint: 'letters, digits and "_"',
};

export const REMARK = { maxLength: 128 };

/** Identifiers given back to us: bounded so junk cannot reach a query, looked up as-is. */
export const ID_REF = { minLength: 1, maxLength: 128 };

export const CLUSTER_ID_PREFIX = 'rocketmq-';

/** Topic and group names (product-spec.md §4–5): 3–64 of letters, digits, "-" and "_". */
export const TOPIC_NAME = {
  minLength: 3,
  maxLength: 64,
  pattern: /^[A-Za-z0-9_-]+$/,
  patternHint: 'letters, digits, "-" and "_"',
};
export const GROUP_NAME = TOPIC_NAME;

/** RocketMQ's own topics and groups (rocketmq.md): refused case-insensitively. */
const RESERVED_TOPIC_PREFIXES = ['rmq_sys_'];
const RESERVED_TOPICS = [
  'tbw102',
  'schedule_topic_xxxx',
  'offset_moved_event',
  'self_test_topic',
  'benchmarktest',
  'trans_check_max_time_topic',
];
const RESERVED_GROUP_PREFIXES = ['rmq_sys_', 'cid_rmq_sys_'];
const RESERVED_GROUPS = [
  'tools_consumer',
  'filtersrv_consumer',
  '__monitor_consumer',
  'client_inner_producer',
  'self_test_p_group',
  'self_test_c_group',
  'cid_ons-http-proxy',
  'cid_onsapi_permission',
  'cid_onsapi_owner',
  'cid_onsapi_pull',
];

export function isReservedTopicName(name: string): boolean {
  const n = name.toLowerCase();
  return RESERVED_TOPICS.includes(n) || RESERVED_TOPIC_PREFIXES.some((p) => n.startsWith(p));
}

export function isReservedGroupName(name: string): boolean {
  const n = name.toLowerCase();
  return RESERVED_GROUPS.includes(n) || RESERVED_GROUP_PREFIXES.some((p) => n.startsWith(p));
}

/** The system topics of a group (rocketmq.md: retry and dead letters). */
export const retryTopicOf = (group: string) => `%RETRY%${group}`;
export const deadLetterTopicOf = (group: string) => `%DLQ%${group}`;
