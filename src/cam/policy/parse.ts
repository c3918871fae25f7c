/**
 * Policy documents (cam.md "Policy grammar"): JSON text → a normalized PolicyDocument, or a
 * PolicyError whose `path` points at the faulty element as written, e.g.
 * `statement[1].effect`, `statement[0].resource[2]`, `statement[0].condition.ip_equal.qcs:ip[1]`.
 *
 * Choices where cam.md is silent:
 * - Element names, operator names, condition keys and the `effect` value are lowercase and
 *   matched exactly (`"Allow"` is refused with a hint, not normalized).
 * - `statement` may be a single object (normalized to a one-element array; paths then read
 *   `statement.effect`); an empty array is refused.
 * - Action API names are case-sensitive; one that starts with a lowercase letter
 *   (`tdmq:describe*`) is refused because it could never match a Tencent API name.
 * - Condition values may be JSON strings, numbers or booleans (normalized to strings); an
 *   empty value array or an operator with no keys is refused as almost certainly a mistake.
 * - The length limit counts Unicode code points other than whitespace (inside strings too).
 *   The other limits (POLICY_LIMITS) are PolicyErrors at the element that exceeds them.
 */
import { keyProblem, parseOperator, valueProblem, type ParsedOperator } from './conditions.js';
import { variableProblem } from './glob.js';
import { PolicyError, type PolicyDocument, type PolicyStatement } from './types.js';

/**
 * Size limits. The length is cam.md's; the others bound what one document can make every
 * request of its users evaluate, far above what a hand-written policy needs (ReadOnlyAccess
 * has 5 actions; the whole API has under 100 actions).
 */
export const POLICY_LIMITS = Object.freeze({
  documentChars: 4096,
  statements: 50,
  actionsPerStatement: 128,
  resourcesPerStatement: 128,
  /** Values of all the statement's operators and keys together. */
  conditionValuesPerStatement: 128,
  /** `*`s in one action, resource or string_like value. */
  wildcardsPerPattern: 32,
});
export const MAX_POLICY_DOCUMENT_CHARS = POLICY_LIMITS.documentChars;

const DOCUMENT_ELEMENTS = ['version', 'statement'];
const STATEMENT_ELEMENTS = ['effect', 'action', 'resource', 'condition'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const kindOf = (v: Json | undefined): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : JSON.stringify(v);

/** `parent.name`, or `parent["odd name"]` when the name would be ambiguous in a path. */
function child(parent: string, name: string): string {
  const part = /^[A-Za-z_][\w:]*$/.test(name) ? name : `[${JSON.stringify(name)}]`;
  if (!parent) return part;
  return part.startsWith('[') ? `${parent}${part}` : `${parent}.${part}`;
}

/** A document's length as the limit counts it: characters other than whitespace. */
export function countNonWhitespace(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

function checkElements(obj: JsonObject, path: string, allowed: string[], what: string): void {
  for (const name of Object.keys(obj)) {
    if (allowed.includes(name)) continue;
    const lower = name.toLowerCase();
    const hint = allowed.includes(lower)
      ? `element names are lowercase: write "${lower}"`
      : `${what} has only ${allowed.map((a) => `"${a}"`).join(', ')}`;
    throw new PolicyError(child(path, name), `unknown element; ${hint}`);
  }
}

const tooMany = (count: number, noun: string, max: number) =>
  `lists ${count} ${noun}; the maximum is ${max} per statement`;

/** Why a pattern has too many `*`s to be accepted, or undefined. */
function wildcardProblem(pattern: string): string | undefined {
  let stars = 0;
  for (let i = pattern.indexOf('*'); i >= 0; i = pattern.indexOf('*', i + 1)) stars++;
  const max = POLICY_LIMITS.wildcardsPerPattern;
  return stars > max ? `has ${stars} "*" wildcards; the maximum is ${max}` : undefined;
}

/**
 * A string or a non-empty array of at most `max` strings, each checked; paths name the
 * element as written.
 */
function stringList(
  value: Json | undefined,
  path: string,
  what: string,
  max: [count: number, noun: string],
  check: (item: string) => string | undefined,
): string[] {
  if (value === undefined) throw new PolicyError(path, `is required (${what})`);
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items) || items.length === 0) {
    throw new PolicyError(
      path,
      `must be ${what} or a non-empty array of them, got ${kindOf(value)}`,
    );
  }
  if (items.length > max[0]) throw new PolicyError(path, tooMany(items.length, max[1], max[0]));
  return items.map((item, i) => {
    const itemPath = typeof value === 'string' ? path : `${path}[${i}]`;
    if (typeof item !== 'string') {
      throw new PolicyError(itemPath, `must be ${what}, got ${kindOf(item)}`);
    }
    const problem = wildcardProblem(item) ?? check(item);
    if (problem) throw new PolicyError(itemPath, problem);
    return item;
  });
}

const SERVICE = /^[a-z][a-z0-9]*$/;
const API_NAME = /^[A-Za-z0-9*]+$/;

function actionProblem(action: string): string | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon < 0) {
    return `"${action}" is not an action: write "<service>:<ApiName>" (e.g. "tdmq:DescribeRocketMQClusters") or "*"`;
  }
  const [service, name] = [action.slice(0, colon), action.slice(colon + 1)];
  if (service !== '*' && !SERVICE.test(service)) {
    return `"${action}": the service prefix must be lowercase letters and digits (e.g. "tdmq") or "*"`;
  }
  if (name === '') {
    return `"${action}" has no API name: write "<service>:<ApiName>" (e.g. "tdmq:DescribeRocketMQClusters")`;
  }
  if (!API_NAME.test(name)) {
    return `"${action}": the API name may contain only letters, digits and the "*" wildcard`;
  }
  if (/^[a-z]/.test(name)) {
    return `"${action}": API names are case-sensitive and start with an uppercase letter (e.g. "tdmq:DescribeRocketMQClusters")`;
  }
  return undefined;
}

const REGION = /^[a-z0-9*-]+$/;
/** Digits, `*` wildcards and policy variables (checked separately). */
const ACCOUNT_ID = /^(?:[0-9*]|\$\{[a-z_]+\})+$/;
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9_-]*$/;

function resourceProblem(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const segments = resource.split(':');
  const shape =
    'write "qcs:<project>:<service>:<region>:<account>:<resource>" (e.g. "qcs::tdmq:ap-guangzhou:uin/100000000001:topic/rocketmq-abc/prod/orders") or "*"';
  if (segments.length !== 6) {
    return `"${resource}" has ${segments.length} colon-separated segments, not 6: ${shape}`;
  }
  const [qcs, project, service, region, account, last] = segments;
  if (qcs !== 'qcs') return `"${resource}" must start with "qcs:": ${shape}`;
  if (project !== '')
    return `"${resource}": the project segment must be empty ("qcs::<service>:…")`;
  for (const [name, segment] of [
    ['service', service],
    ['region', region],
  ]) {
    if (segment.includes('${')) {
      return `"${resource}": policy variables may appear only in the account and resource segments, not in the ${name}`;
    }
  }
  if (service !== '*' && !SERVICE.test(service)) {
    return `"${resource}": the service segment must be lowercase letters and digits (e.g. "tdmq") or "*"`;
  }
  if (region !== '' && !REGION.test(region)) {
    return `"${resource}": the region segment must be empty (every region), a region such as "ap-guangzhou", or a "*" pattern`;
  }
  if (account !== '' && account !== '*') {
    const id = account.startsWith('uin/') ? account.slice(4) : '';
    const variable = variableProblem(id);
    if (variable) return `"${resource}": ${variable}`;
    if (!ACCOUNT_ID.test(id)) {
      return `"${resource}": the account segment must be empty (the owner's account), "uin/<digits>" (with "*" wildcards or a variable such as \${owner_uin}), or "*"`;
    }
  }
  if (last === '*') return undefined;
  const variable = variableProblem(last);
  if (variable) return `"${resource}": ${variable}`;
  const slash = last.indexOf('/');
  const [type, path] = slash < 0 ? [last, ''] : [last.slice(0, slash), last.slice(slash + 1)];
  if (!RESOURCE_TYPE.test(type) || path === '' || /\s/.test(path)) {
    return `"${resource}": the resource segment must be "<type>/<id path>" (e.g. "topic/rocketmq-abc/prod/orders", "topic/*") or "*"`;
  }
  return undefined;
}

/** How many values a condition lists, over all its operators and keys. */
function conditionValues(condition: JsonObject): number {
  let n = 0;
  for (const keys of Object.values(condition)) {
    if (!isObject(keys)) continue;
    for (const raw of Object.values(keys)) n += Array.isArray(raw) ? raw.length : 1;
  }
  return n;
}

function parseCondition(value: Json | undefined, path: string): PolicyStatement['condition'] {
  if (value === undefined) return {};
  if (!isObject(value)) {
    throw new PolicyError(
      path,
      `must be an object of operator → { key: value(s) }, got ${kindOf(value)}`,
    );
  }
  const condition: PolicyStatement['condition'] = {};
  const maxValues = POLICY_LIMITS.conditionValuesPerStatement;
  let values = 0;
  for (const [operatorName, keys] of Object.entries(value)) {
    const opPath = child(path, operatorName);
    const op: ParsedOperator | { error: string } = parseOperator(operatorName);
    if ('error' in op) throw new PolicyError(opPath, op.error);
    if (!isObject(keys) || Object.keys(keys).length === 0) {
      throw new PolicyError(
        opPath,
        `must be a non-empty object of condition key → value(s), got ${kindOf(keys)}`,
      );
    }
    const normalized: Record<string, string[]> = {};
    for (const [key, raw] of Object.entries(keys)) {
      const keyPath = child(opPath, key);
      const keyError = keyProblem(op, operatorName, key);
      if (keyError) throw new PolicyError(keyPath, keyError);
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) throw new PolicyError(keyPath, 'must list at least one value');
      values += list.length;
      if (values > maxValues) {
        throw new PolicyError(path, tooMany(conditionValues(value), 'values', maxValues));
      }
      normalized[key] = list.map((item, i) => {
        const itemPath = Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath;
        if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
          throw new PolicyError(
            itemPath,
            `must be a string (or an array of strings), got ${kindOf(item)}`,
          );
        }
        const text = String(item);
        const problem =
          (op.comparison === 'like' ? wildcardProblem(text) : undefined) ??
          valueProblem(op, key, text);
        if (problem) throw new PolicyError(itemPath, problem);
        return text;
      });
    }
    condition[operatorName] = normalized;
  }
  return condition;
}

function parseStatement(raw: Json, path: string): PolicyStatement {
  if (!isObject(raw)) throw new PolicyError(path, `must be an object, got ${kindOf(raw)}`);
  checkElements(raw, path, STATEMENT_ELEMENTS, 'a statement');
  const effect = raw.effect;
  if (effect === undefined)
    throw new PolicyError(child(path, 'effect'), 'is required ("allow" or "deny")');
  if (effect !== 'allow' && effect !== 'deny') {
    const hint =
      typeof effect === 'string' && ['allow', 'deny'].includes(effect.toLowerCase())
        ? ' (lowercase)'
        : '';
    throw new PolicyError(
      child(path, 'effect'),
      `must be "allow" or "deny"${hint}, got ${kindOf(effect)}`,
    );
  }
  return {
    effect,
    action: stringList(
      raw.action,
      child(path, 'action'),
      'an action such as "tdmq:Describe*"',
      [POLICY_LIMITS.actionsPerStatement, 'actions'],
      actionProblem,
    ),
    resource: stringList(
      raw.resource,
      child(path, 'resource'),
      'a six-segment resource or "*"',
      [POLICY_LIMITS.resourcesPerStatement, 'resources'],
      resourceProblem,
    ),
    condition: parseCondition(raw.condition, child(path, 'condition')),
  };
}

/** Parses and validates a policy document; throws PolicyError naming the faulty element. */
export function parsePolicyDocument(text: string): PolicyDocument {
  if (typeof text !== 'string') throw new PolicyError('document', 'must be JSON text');
  const length = countNonWhitespace(text);
  if (length > MAX_POLICY_DOCUMENT_CHARS) {
    throw new PolicyError(
      'document',
      `is ${length} characters long without whitespace; the maximum is ${MAX_POLICY_DOCUMENT_CHARS}`,
    );
  }
  let raw: Json;
  try {
    raw = JSON.parse(text) as Json;
  } catch (e) {
    throw new PolicyError('document', `is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(raw)) {
    throw new PolicyError(
      'document',
      `must be a JSON object with "version" and "statement", got ${kindOf(raw)}`,
    );
  }
  checkElements(raw, '', DOCUMENT_ELEMENTS, 'a policy document');
  if (raw.version === undefined) throw new PolicyError('version', 'is required and must be "2.0"');
  if (raw.version !== '2.0') {
    throw new PolicyError('version', `must be "2.0" (a string), got ${kindOf(raw.version)}`);
  }
  const statements = raw.statement;
  if (statements === undefined) throw new PolicyError('statement', 'is required');
  if (isObject(statements)) {
    return { version: '2.0', statement: [parseStatement(statements, 'statement')] };
  }
  if (!Array.isArray(statements) || statements.length === 0) {
    throw new PolicyError(
      'statement',
      `must be a non-empty array of statements, got ${kindOf(statements)}`,
    );
  }
  if (statements.length > POLICY_LIMITS.statements) {
    throw new PolicyError(
      'statement',
      `has ${statements.length} statements; the maximum is ${POLICY_LIMITS.statements}`,
    );
  }
  return {
    version: '2.0',
    statement: statements.map((s, i) => parseStatement(s, `statement[${i}]`)),
  };
}
