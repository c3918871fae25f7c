import type { Type as Class } from '@nestjs/common';
import { ApiError } from '../api-error.js';
import { fieldsOf, type FieldMeta } from '../fields.js';
import { FORBIDDEN_KEYS, MAX_PARAM_VALUES, screenParams, tooManyValues } from './shape.js';

/**
 * Request parameters arrive three ways: a JSON body (typed), or flattened `A.0.B=v` pairs in a
 * form body or a query string (all strings). This module turns each into the same plain
 * object so one validator handles them all.
 */
export type Params = Record<string, unknown>;

/** Parses a JSON body; anything but a JSON object is InvalidParameter. An empty body is `{}`. */
export function parseJsonParams(body: Buffer): Params {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new ApiError(
      'InvalidParameter',
      `The request body is not valid JSON: ${(e as Error).message}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError('InvalidParameter', 'The request body must be a JSON object of parameters.');
  }
  screenParams(parsed);
  return parsed as Params;
}

/** Decodes `k=v&…` into ordered pairs (form-urlencoded: `+` is a space). Raw values are kept too for the legacy signature. */
export function decodeForm(raw: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!raw) return out;
  for (const piece of raw.split('&')) {
    if (!piece) continue;
    const eq = piece.indexOf('=');
    const k = eq < 0 ? piece : piece.slice(0, eq);
    const v = eq < 0 ? '' : piece.slice(eq + 1);
    try {
      out.push([
        decodeURIComponent(k.replace(/\+/g, ' ')),
        decodeURIComponent(v.replace(/\+/g, ' ')),
      ]);
    } catch {
      throw new ApiError(
        'InvalidParameter',
        `The parameter \`${k}\` is not correctly URL-encoded.`,
      );
    }
  }
  return out;
}

/** `TagList.0.TagKey=x` → `{TagList: {"0": {TagKey: "x"}}}`; arrays are resolved later against the field types. */
export function unflatten(pairs: Array<[string, string]>): Params {
  // Each pair is at least one value: refuse a flood before building anything from it.
  if (pairs.length > MAX_PARAM_VALUES) throw tooManyValues();
  const root: Params = {};
  for (const [key, value] of pairs) {
    const segments = key.split('.');
    if (segments.some((s) => s === '' || FORBIDDEN_KEYS.has(s))) {
      throw new ApiError('UnknownParameter', `The parameter \`${key}\` is not recognized.`);
    }
    let node: Params = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const s = segments[i];
      const next = node[s];
      if (next === undefined) node[s] = {};
      else if (typeof next !== 'object') {
        throw new ApiError(
          'InvalidParameter',
          `The parameter \`${segments.slice(0, i + 1).join('.')}\` is given both as a value and as a structure.`,
        );
      }
      node = node[s] as Params;
    }
    const last = segments[segments.length - 1];
    if (node[last] !== undefined) {
      throw new ApiError(
        'InvalidParameter',
        `The parameter \`${key}\` is given more than once or conflicts with \`${key}.*\`.`,
      );
    }
    node[last] = value;
  }
  screenParams(root);
  return root;
}

function toArray(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (!keys.every((k) => /^(0|[1-9]\d{0,5})$/.test(k))) return value;
  const indexes = keys.map(Number).sort((a, b) => a - b);
  if (indexes.some((n, i) => n !== i)) return value; // a gap: leave it for the validator to refuse
  return indexes.map((i) => (value as Record<string, unknown>)[String(i)]);
}

function coerceScalar(kind: FieldMeta['kind'], value: unknown): unknown {
  if (typeof value !== 'string') return value;
  switch (kind) {
    case 'integer':
      // Any run of digits converts, as JSON.parse would take it: past 2^53 the validator then
      // refuses it as out of range (InvalidParameterValue), the same answer as for a JSON body.
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      if (/^true$/i.test(value)) return true;
      if (/^false$/i.test(value)) return false;
      return value;
    default:
      return value;
  }
}

function coerceField(meta: FieldMeta, value: unknown): unknown {
  const one = (v: unknown) =>
    meta.kind === 'object' && meta.nested
      ? coerceToTypes(meta.nested(), v)
      : coerceScalar(meta.kind, v);
  if (meta.array) {
    const arr = toArray(value);
    return Array.isArray(arr) ? arr.map(one) : arr;
  }
  return one(value);
}

/**
 * Converts string leaves of a flattened request into the declared field types of `cls`.
 * Values that do not convert are left as they are so the validator reports them precisely;
 * unknown keys are left for the validator's UnknownParameter.
 */
export function coerceToTypes(cls: Class<unknown>, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const fields = new Map(fieldsOf(cls).map((f) => [f.name, f]));
  const out: Params = {};
  for (const [k, v] of Object.entries(value)) {
    const meta = fields.get(k);
    out[k] = meta ? coerceField(meta, v) : v;
  }
  return out;
}
