import type { Type as Class } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { ApiError, type ErrorCode } from '../api-error.js';
import { fieldsOf, type FieldMeta } from '../fields.js';
import type { Params } from './params.js';

interface Violation {
  path: string;
  constraint: string;
  message: string;
}

/** Type-level faults are InvalidParameter; rule faults (length, range, pattern) are InvalidParameterValue. */
const TYPE_CONSTRAINTS = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'nestedValidation',
]);

function codeOf(constraint: string): ErrorCode {
  if (constraint === 'whitelistValidation') return 'UnknownParameter';
  if (constraint === 'isDefined') return 'MissingParameter';
  if (TYPE_CONSTRAINTS.has(constraint)) return 'InvalidParameter';
  return 'InvalidParameterValue';
}

/** Which fault to report when several exist: a typo'd name first, then what is missing, then types, then values. */
const PRIORITY: ErrorCode[] = [
  'UnknownParameter',
  'MissingParameter',
  'InvalidParameter',
  'InvalidParameterValue',
];

function flatten(errors: ValidationError[], prefix: string, out: Violation[]): void {
  for (const e of errors) {
    const path = `${prefix}${e.property}`;
    const constraints = Object.entries(e.constraints ?? {});
    for (const [constraint, message] of constraints) out.push({ path, constraint, message });
    // A value of the wrong type (e.g. an index-keyed object where an array is declared) has
    // no meaningful children: report the type fault, not faults inside it.
    const wrongType = constraints.some(
      ([c]) => TYPE_CONSTRAINTS.has(c) && c !== 'nestedValidation',
    );
    if (e.children?.length && !wrongType) flatten(e.children, `${path}.`, out);
  }
}

function describe(v: Violation, code: ErrorCode): string {
  switch (code) {
    case 'UnknownParameter':
      return `The parameter \`${v.path}\` is not recognized by this action.`;
    case 'MissingParameter':
      return `The request is missing the required parameter \`${v.path}\`.`;
    case 'InvalidParameter':
      return `The parameter \`${v.path}\` ${v.message}.`;
    default:
      return `The value of parameter \`${v.path}\` is invalid: it ${v.message}.`;
  }
}

/**
 * The null rule: an explicit `null` for a declared field means the field is absent, at any
 * depth, so that defaults apply, an optional field is simply not set, and a required one is
 * MissingParameter. (The SDK itself strips nulls before sending, so a null only ever comes
 * from a hand-made request; handlers never see one.) A null for an undeclared key stays, for
 * UnknownParameter; a null array item stays, for the item's type fault.
 */
export function withoutNulls(cls: Class<unknown>, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const fields = new Map<string, FieldMeta>(fieldsOf(cls).map((f) => [f.name, f]));
  const out: Params = {};
  for (const [k, v] of Object.entries(value)) {
    const meta = fields.get(k);
    if (!meta) {
      out[k] = v;
      continue;
    }
    if (v === null) continue;
    const nested = meta.kind === 'object' ? meta.nested?.() : undefined;
    if (!nested) out[k] = v;
    else if (meta.array && Array.isArray(v)) out[k] = v.map((item) => withoutNulls(nested, item));
    else out[k] = meta.array ? v : withoutNulls(nested, v);
  }
  return out;
}

/**
 * Builds the request object of `cls` from `params` and validates it; the first fault (by
 * PRIORITY) becomes the ApiError. Values are never converted here: a JSON string where an
 * integer is declared is InvalidParameter.
 */
export async function validateParams<T extends object>(cls: Class<T>, params: Params): Promise<T> {
  if (fieldsOf(cls).length === 0) {
    const extra = Object.keys(params)[0];
    if (extra !== undefined)
      throw new ApiError(
        'UnknownParameter',
        `The parameter \`${extra}\` is not recognized by this action.`,
      );
    return plainToInstance(cls, {});
  }
  const instance = plainToInstance(cls, withoutNulls(cls, params), {
    enableImplicitConversion: false,
  });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length === 0) return instance;
  const violations: Violation[] = [];
  flatten(errors, '', violations);
  let best: { v: Violation; code: ErrorCode } | undefined;
  for (const v of violations) {
    const code = codeOf(v.constraint);
    if (!best || PRIORITY.indexOf(code) < PRIORITY.indexOf(best.code)) best = { v, code };
  }
  if (!best) throw new ApiError('InvalidParameter', 'The request parameters are invalid.');
  throw new ApiError(best.code, describe(best.v, best.code));
}
