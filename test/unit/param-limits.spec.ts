import type { Type as Class } from '@nestjs/common';
import { declaredActions } from '../../src/docs/openapi.js';
import { fieldsOf } from '../../src/gateway/fields.js';
import { MAX_PARAM_DEPTH, MAX_PARAM_VALUES } from '../../src/gateway/params/shape.js';
import * as tagRules from '../../src/tags/tag-rules.js';

/**
 * The gateway's shape limits (params/shape.ts) must never refuse a legal request: the largest
 * request each action's declared rules allow stays well inside them. Arrays without a
 * declared maxItems are the tag API's, capped by its service with product-specific codes:
 * counted at the largest of those caps.
 */
const UNDECLARED_MAX_ITEMS = Math.max(
  tagRules.MAX_RESOURCES_PER_REQUEST,
  tagRules.MAX_TAGS_PER_REQUEST,
  tagRules.MAX_TAG_FILTERS,
  tagRules.MAX_TAG_FILTER_VALUES,
  tagRules.MAX_RESOURCE_IDS,
);

function largest(cls: Class<unknown>): { values: number; depth: number } {
  let values = 1;
  let depth = 1;
  for (const f of fieldsOf(cls)) {
    const item = f.kind === 'object' && f.nested ? largest(f.nested()) : { values: 1, depth: 0 };
    if (f.array) {
      values += 1 + (f.rules.maxItems ?? UNDECLARED_MAX_ITEMS) * item.values;
      depth = Math.max(depth, 2 + item.depth);
    } else {
      values += item.values;
      depth = Math.max(depth, 1 + item.depth);
    }
  }
  return { values, depth };
}

describe('the parameter shape limits', () => {
  const actions = declaredActions().map(({ options }) => [options.name, options.request] as const);

  it.each(actions)('leave room for the largest legal %s request', (_name, request) => {
    const { values, depth } = largest(request);
    expect(values).toBeLessThanOrEqual(MAX_PARAM_VALUES / 2);
    expect(depth).toBeLessThanOrEqual(MAX_PARAM_DEPTH / 4);
  });
});
