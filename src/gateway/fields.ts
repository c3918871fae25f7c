import { applyDecorators, type Type as Class } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { effectiveRange, SafeInteger, type NumberRules } from './number-rules.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

/**
 * One decorator per request field declares its type, its rules, its documentation and
 * whether it is required. The same declaration feeds class-validator (rules), Swagger
 * (schema) and the gateway's parameter coercion for form-encoded/GET requests, whose
 * values all arrive as strings.
 */
export { TIMESTAMP_RANGE, type NumberRules } from './number-rules.js';

export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'object';

export interface FieldMeta {
  name: string;
  kind: FieldKind;
  array: boolean;
  optional: boolean;
  /** A default the request class applies when the field is absent (a property initializer). */
  default?: unknown;
  /** For `object` fields: the nested request class. */
  nested?: () => Class<unknown>;
  /** The declared rules, for request generators and limits; the validators enforce them. */
  rules: FieldRules;
}

export interface FieldRules extends StringRules, NumberRules, ArrayRules {}

const RULE_KEYS = [
  'minLength',
  'maxLength',
  'pattern',
  'patternHint',
  'enum',
  'min',
  'max',
  'timestamp',
  'minItems',
  'maxItems',
] as const;

/** Only the rules of a decorator's options (not its docs), without the undefined ones. */
function rulesOf(o: FieldRules): FieldRules {
  const out: Record<string, unknown> = {};
  for (const k of RULE_KEYS) if (o[k] !== undefined) out[k] = o[k];
  return out as FieldRules;
}

const FIELDS = Symbol('api-fields');

export function fieldsOf(cls: Class<unknown> | Function): FieldMeta[] {
  return (Reflect.getMetadata(FIELDS, cls.prototype) as FieldMeta[] | undefined) ?? [];
}

function register(meta: Omit<FieldMeta, 'name' | 'rules'>, given: FieldRules): PropertyDecorator {
  const rules = rulesOf(given);
  return (target, key) => {
    const own: FieldMeta[] = Reflect.hasOwnMetadata(FIELDS, target)
      ? (Reflect.getOwnMetadata(FIELDS, target) as FieldMeta[])
      : [...((Reflect.getMetadata(FIELDS, target) as FieldMeta[] | undefined) ?? [])];
    own.push({ ...meta, name: String(key), rules });
    Reflect.defineMetadata(FIELDS, own, target);
  };
}

interface Common {
  description: string;
  optional?: boolean;
  /**
   * The value used when the field is absent. Declare it here (docs, contract) and as the
   * property's initializer (`Limit = 20`), which is what applies it.
   */
  default?: unknown;
  example?: unknown;
  deprecated?: boolean;
}

export interface StringRules {
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** Human wording of the pattern, used in the error message. */
  patternHint?: string;
  enum?: readonly string[];
}

const each = (array: boolean): ValidationOptions => (array ? { each: true } : {});
const itemWord = (array: boolean) => (array ? 'each item ' : '');

function presence(optional: boolean | undefined): PropertyDecorator {
  return optional ? IsOptional() : IsDefined({ message: 'is required' });
}

function stringRules(r: StringRules, array: boolean): PropertyDecorator[] {
  const out: PropertyDecorator[] = [
    IsString({ ...each(array), message: `${itemWord(array)}must be a string` }),
  ];
  const w = itemWord(array);
  if (r.minLength !== undefined && r.maxLength !== undefined) {
    const msg = `${w}must be ${r.minLength}-${r.maxLength} characters long`;
    out.push(
      MinLength(r.minLength, { ...each(array), message: msg }),
      MaxLength(r.maxLength, { ...each(array), message: msg }),
    );
  } else if (r.maxLength !== undefined) {
    out.push(
      MaxLength(r.maxLength, {
        ...each(array),
        message: `${w}must be at most ${r.maxLength} characters long`,
      }),
    );
  } else if (r.minLength !== undefined) {
    out.push(
      MinLength(r.minLength, {
        ...each(array),
        message: `${w}must be at least ${r.minLength} characters long`,
      }),
    );
  }
  if (r.pattern) {
    out.push(
      Matches(r.pattern, {
        ...each(array),
        message: `${w}may only contain ${r.patternHint ?? `text matching ${r.pattern.source}`}`,
      }),
    );
  }
  if (r.enum) {
    out.push(
      IsIn([...r.enum], { ...each(array), message: `${w}must be one of ${r.enum.join(', ')}` }),
    );
  }
  return out;
}

function stringSchema(r: StringRules): ApiPropertyOptions {
  return {
    minLength: r.minLength,
    maxLength: r.maxLength,
    pattern: r.pattern?.source,
    enum: r.enum ? [...r.enum] : undefined,
  } as ApiPropertyOptions;
}

function doc(c: Common, extra: ApiPropertyOptions): PropertyDecorator {
  return ApiProperty({
    description: c.description,
    required: !c.optional,
    example: c.example,
    deprecated: c.deprecated,
    ...(c.default !== undefined ? { default: c.default } : {}),
    ...extra,
  } as ApiPropertyOptions);
}

export function StringField(opts: Common & StringRules): PropertyDecorator {
  return applyDecorators(
    register(
      { kind: 'string', array: false, optional: !!opts.optional, default: opts.default },
      opts,
    ),
    presence(opts.optional),
    ...stringRules(opts, false),
    doc(opts, { type: String, ...stringSchema(opts) }),
  );
}

function rangeRules(declared: NumberRules, array: boolean): PropertyDecorator[] {
  const r = effectiveRange(declared);
  const out: PropertyDecorator[] = [];
  if (r.min === undefined && r.max === undefined) return out;
  const w = itemWord(array);
  const msg =
    r.min !== undefined && r.max !== undefined
      ? `${w}must be between ${r.min} and ${r.max}`
      : r.min !== undefined
        ? `${w}must be at least ${r.min}`
        : `${w}must be at most ${r.max}`;
  if (r.min !== undefined) out.push(Min(r.min, { ...each(array), message: msg }));
  if (r.max !== undefined) out.push(Max(r.max, { ...each(array), message: msg }));
  return out;
}

const safeInteger = (array: boolean) =>
  SafeInteger({
    ...each(array),
    message: `${itemWord(array)}must be between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`,
  });

function numberDoc(r: NumberRules): ApiPropertyOptions {
  const { min, max } = effectiveRange(r);
  return { minimum: min, maximum: max } as ApiPropertyOptions;
}

export function IntField(opts: Common & NumberRules): PropertyDecorator {
  return applyDecorators(
    register(
      { kind: 'integer', array: false, optional: !!opts.optional, default: opts.default },
      { ...opts, ...effectiveRange(opts) },
    ),
    presence(opts.optional),
    IsInt({ message: 'must be an integer' }),
    safeInteger(false),
    ...rangeRules(opts, false),
    doc(opts, { type: 'integer', ...numberDoc(opts) }),
  );
}

export function NumberField(opts: Common & NumberRules): PropertyDecorator {
  return applyDecorators(
    register(
      { kind: 'number', array: false, optional: !!opts.optional, default: opts.default },
      { ...opts, ...effectiveRange(opts) },
    ),
    presence(opts.optional),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }),
    ...rangeRules(opts, false),
    doc(opts, { type: Number, ...numberDoc(opts) }),
  );
}

export function BoolField(opts: Common): PropertyDecorator {
  return applyDecorators(
    register(
      { kind: 'boolean', array: false, optional: !!opts.optional, default: opts.default },
      {},
    ),
    presence(opts.optional),
    IsBoolean({ message: 'must be a boolean' }),
    doc(opts, { type: Boolean }),
  );
}

export interface ArrayRules {
  minItems?: number;
  maxItems?: number;
}

function arrayRules(r: ArrayRules): PropertyDecorator[] {
  const out: PropertyDecorator[] = [IsArray({ message: 'must be an array' })];
  if (r.minItems !== undefined)
    out.push(ArrayMinSize(r.minItems, { message: `must hold at least ${r.minItems} item(s)` }));
  if (r.maxItems !== undefined)
    out.push(ArrayMaxSize(r.maxItems, { message: `must hold at most ${r.maxItems} items` }));
  return out;
}

export function StringArrayField(
  opts: Common & ArrayRules & { item?: StringRules },
): PropertyDecorator {
  return applyDecorators(
    register(
      { kind: 'string', array: true, optional: !!opts.optional },
      {
        ...opts.item,
        minItems: opts.minItems,
        maxItems: opts.maxItems,
      },
    ),
    presence(opts.optional),
    ...arrayRules(opts),
    ...stringRules(opts.item ?? {}, true),
    doc(opts, {
      type: [String],
      minItems: opts.minItems,
      maxItems: opts.maxItems,
      items: { type: 'string', ...stringSchema(opts.item ?? {}) },
    } as ApiPropertyOptions),
  );
}

export function IntArrayField(
  opts: Common & ArrayRules & { item?: NumberRules },
): PropertyDecorator {
  return applyDecorators(
    register(
      { kind: 'integer', array: true, optional: !!opts.optional },
      {
        ...opts.item,
        ...effectiveRange(opts.item ?? {}),
        minItems: opts.minItems,
        maxItems: opts.maxItems,
      },
    ),
    presence(opts.optional),
    ...arrayRules(opts),
    IsInt({ each: true, message: 'each item must be an integer' }),
    safeInteger(true),
    ...rangeRules(opts.item ?? {}, true),
    doc(opts, {
      type: 'integer',
      isArray: true,
      minItems: opts.minItems,
      maxItems: opts.maxItems,
    } as ApiPropertyOptions),
  );
}

export function ObjectField(type: () => Class<unknown>, opts: Common): PropertyDecorator {
  return applyDecorators(
    register({ kind: 'object', array: false, optional: !!opts.optional, nested: type }, {}),
    presence(opts.optional),
    IsObject({ message: 'must be an object' }),
    ValidateNested({ message: 'must be an object' }),
    Type(type),
    doc(opts, { type }),
  );
}

export function ObjectArrayField(
  type: () => Class<unknown>,
  opts: Common & ArrayRules,
): PropertyDecorator {
  return applyDecorators(
    register(
      { kind: 'object', array: true, optional: !!opts.optional, nested: type },
      { minItems: opts.minItems, maxItems: opts.maxItems },
    ),
    presence(opts.optional),
    ...arrayRules(opts),
    IsObject({ each: true, message: 'each item must be an object' }),
    ValidateNested({ each: true, message: 'each item must be an object' }),
    Type(type),
    doc(opts, {
      type: () => [type()],
      minItems: opts.minItems,
      maxItems: opts.maxItems,
    } as ApiPropertyOptions),
  );
}

/** Documents a response field (responses are built by services, not validated). */
export function Out(opts: {
  description: string;
  type?: ApiPropertyOptions['type'];
  nullable?: boolean;
  example?: unknown;
  isArray?: boolean;
}): PropertyDecorator {
  return ApiProperty({ required: true, ...opts } as ApiPropertyOptions);
}
