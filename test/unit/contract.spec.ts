import { readFileSync } from 'node:fs';
import type { Type as Class } from '@nestjs/common';
import { declaredActions, buildOpenApiDocument } from '../../src/docs/openapi.js';
import { fieldsOf, type FieldMeta } from '../../src/gateway/fields.js';

interface SdkField {
  name: string;
  optional: boolean;
  type: string;
}
interface SdkContract {
  actions: Record<string, { request: SdkField[]; response: SdkField[] }>;
  types: Record<string, { fields: SdkField[] }>;
}

/** The SDK models of each service we implement, vendored from tencentcloud-sdk-nodejs. */
const CONTRACTS: Record<string, string> = {
  tdmq: 'tdmq-rocketmq-api.json',
  cam: 'cam-api.json',
  tag: 'tag-api.json',
};
const contracts = Object.fromEntries(
  Object.entries(CONTRACTS).map(([service, file]) => [
    service,
    JSON.parse(
      readFileSync(new URL(`../contracts/${file}`, import.meta.url), 'utf8'),
    ) as SdkContract,
  ]),
);
const doc = buildOpenApiDocument('test');
const schemas = doc.components!.schemas as Record<
  string,
  { properties?: Record<string, Record<string, unknown>> }
>;

/** The SDK type text our field declaration corresponds to. */
function ourType(f: FieldMeta): string {
  const scalar =
    f.kind === 'integer' || f.kind === 'number'
      ? 'number'
      : f.kind === 'object'
        ? f.nested!().name
        : f.kind;
  return f.array ? `Array<${scalar}>` : scalar;
}

/** Compares a request class with an SDK field list, recursing into nested types. */
function requestMismatches(
  sdk: SdkContract,
  cls: Class<unknown>,
  fields: SdkField[],
  path: string,
): string[] {
  const ours = new Map(fieldsOf(cls).map((f) => [f.name, f]));
  const problems: string[] = [];
  for (const f of fields) {
    const mine = ours.get(f.name);
    if (!mine) {
      problems.push(`${path}.${f.name} is not accepted`);
      continue;
    }
    // Optional where the SDK requires it is allowed only with a declared default (SDK users always send it).
    const lenientWithDefault = mine.optional && !f.optional && mine.default !== undefined;
    if (mine.optional !== f.optional && !lenientWithDefault)
      problems.push(`${path}.${f.name}: optional ${mine.optional}, SDK says ${f.optional}`);
    const sdkType = f.type.replace(/ \| bigint/g, '');
    const nested = /^(?:Array<)?([A-Z]\w+)>?$/.exec(sdkType)?.[1];
    if (nested && sdk.types[nested]) {
      if (mine.kind !== 'object' || mine.array !== sdkType.startsWith('Array<'))
        problems.push(`${path}.${f.name}: ${ourType(mine)} vs SDK ${f.type}`);
      else
        problems.push(
          ...requestMismatches(sdk, mine.nested!(), sdk.types[nested].fields, `${path}.${f.name}`),
        );
    } else if (ourType(mine) !== sdkType) {
      problems.push(`${path}.${f.name}: ${ourType(mine)} vs SDK ${f.type}`);
    }
  }
  for (const name of ours.keys())
    if (!fields.some((f) => f.name === name))
      problems.push(`${path}.${name} is not in the SDK model`);
  return problems;
}

/** Every SDK response field must be documented (and therefore serialized) by our response schema. */
function responseMismatches(
  sdk: SdkContract,
  schemaName: string,
  fields: SdkField[],
  path: string,
): string[] {
  const props = schemas[schemaName]?.properties ?? {};
  const problems: string[] = [];
  for (const f of fields) {
    if (f.name === 'RequestId') continue;
    const prop = props[f.name];
    if (!prop) {
      problems.push(`${path}.${f.name} is missing`);
      continue;
    }
    const nested = /^(?:Array<)?([A-Z]\w+)>?$/.exec(f.type)?.[1];
    if (nested && sdk.types[nested]) {
      const ref = (
        (prop.items as { $ref?: string } | undefined)?.$ref ??
        (prop.$ref as string | undefined) ??
        (prop.allOf as Array<{ $ref: string }> | undefined)?.[0]?.$ref ??
        ''
      )
        .split('/')
        .pop()!;
      if (!ref) problems.push(`${path}.${f.name} does not reference a type`);
      else
        problems.push(
          ...responseMismatches(sdk, ref, sdk.types[nested].fields, `${path}.${f.name}`),
        );
    }
  }
  return problems;
}

describe.each(Object.keys(CONTRACTS))('the %s actions match the official SDK models', (service) => {
  const sdk = contracts[service];
  const declared = declaredActions().filter((a) => a.options.service.name === service);
  const sdkActions = declared.filter((a) => !a.options.extension);

  it('implements only actions the SDK defines, besides declared extensions', () => {
    expect(sdkActions.map((a) => a.options.name).filter((n) => !sdk.actions[n])).toEqual([]);
    for (const a of declared.filter((x) => x.options.extension))
      expect(sdk.actions[a.options.name]).toBeUndefined();
  });

  it.each(sdkActions.map((a) => [a.options.name, a]))(
    '%s accepts exactly the SDK request fields, required where the SDK requires them',
    (name, a) => {
      expect(requestMismatches(sdk, a.options.request, sdk.actions[name].request, name)).toEqual(
        [],
      );
    },
  );

  it.each(sdkActions.map((a) => [a.options.name, a]))(
    '%s answers every SDK response field',
    (name, a) => {
      expect(
        responseMismatches(sdk, a.options.response.name, sdk.actions[name].response, name),
      ).toEqual([]);
    },
  );
});
