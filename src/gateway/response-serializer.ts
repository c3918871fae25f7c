import { Injectable, Logger, type Type as Class } from '@nestjs/common';
import fastJson from 'fast-json-stringify';
import { isDeepStrictEqual } from 'node:util';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { packageInfo } from '../config/package-info.js';
import { buildOpenApiDocument } from '../docs/openapi.js';

type Schema = Record<string, unknown>;
type Serialize = (envelope: object) => string;

/** A serialized envelope cut where the RequestId goes: head + requestId + TAIL. */
const REQUEST_ID_TAIL = '"}}';
const EMPTY_REQUEST_ID = `"RequestId":""}}`;

/** Replaces every `$ref` with (a copy of) the schema it names; our response types have no cycles. */
function inline(schema: unknown, schemas: Record<string, Schema>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, schemas));
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref) return inline(schemas[ref.replace('#/components/schemas/', '')], schemas);
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'example' || k === 'description') continue;
    out[k] = inline(v, schemas);
  }
  return out;
}

/**
 * Success envelopes are serialized by functions compiled (fast-json-stringify) from each
 * action's documented response schema: several times faster than JSON.stringify on large
 * lists, and nothing undocumented can leak into a response. If a compiled serializer ever
 * refuses a value, the plain JSON.stringify envelope is sent and the gap is logged; with
 * VERIFY_RESPONSE_SERIALIZATION=1 (the tests set it) every envelope is also checked against
 * JSON.stringify and a difference fails the call.
 */
@Injectable()
export class ResponseSerializer {
  private readonly logger = new Logger('ResponseSerializer');
  private readonly schemas: Record<string, Schema>;
  private readonly compiled = new Map<Class<unknown>, Serialize>();
  /** Encoded envelopes of results that are served again (ReadCache results are shared objects). */
  private readonly encoded = new WeakMap<object, Buffer>();

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.schemas = buildOpenApiDocument(packageInfo().version).components?.schemas as Record<
      string,
      Schema
    >;
  }

  /**
   * The success envelope as bytes. A result object served again (a ReadCache hit) is encoded
   * once; later requests only splice in their RequestId.
   */
  success(responseClass: Class<unknown>, result: object, requestId: string): Buffer {
    let head = this.encoded.get(result);
    if (!head) {
      const text = this.serialize(responseClass, result);
      if (!text.endsWith(EMPTY_REQUEST_ID))
        return Buffer.from(text.replace(EMPTY_REQUEST_ID, `"RequestId":"${requestId}"}}`));
      head = Buffer.from(text.slice(0, -REQUEST_ID_TAIL.length));
      this.encoded.set(result, head);
    }
    return Buffer.concat([head, Buffer.from(requestId + REQUEST_ID_TAIL)]);
  }

  /** The envelope with an empty RequestId (always the last field). */
  private serialize(responseClass: Class<unknown>, result: object): string {
    const envelope = { Response: { ...result, RequestId: '' } };
    let body: string;
    try {
      body = this.serializerFor(responseClass)(envelope);
    } catch (e) {
      this.logger.warn(
        `${responseClass.name}: compiled serializer refused a response (${(e as Error).message}); sent it with JSON.stringify`,
      );
      return JSON.stringify(envelope);
    }
    if (
      this.config.verifyResponseSerialization &&
      !isDeepStrictEqual(JSON.parse(body), JSON.parse(JSON.stringify(envelope)))
    ) {
      throw new Error(
        `${responseClass.name}: the compiled serializer's output differs from JSON.stringify: the response schema is incomplete`,
      );
    }
    return body;
  }

  private serializerFor(responseClass: Class<unknown>): Serialize {
    let fn = this.compiled.get(responseClass);
    if (!fn) {
      const response = inline(
        this.schemas[responseClass.name] ?? { type: 'object', properties: {} },
        this.schemas,
      ) as Schema;
      const properties = {
        ...((response.properties as Schema | undefined) ?? {}),
        RequestId: { type: 'string' },
      };
      const required = [...((response.required as string[] | undefined) ?? []), 'RequestId'];
      fn = fastJson({
        type: 'object',
        required: ['Response'],
        properties: { Response: { type: 'object', required, properties } },
      }) as Serialize;
      this.compiled.set(responseClass, fn);
    }
    return fn;
  }
}
