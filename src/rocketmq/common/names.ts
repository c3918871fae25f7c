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
