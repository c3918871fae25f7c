import { SetMetadata, type Type as Class } from '@nestjs/common';
import type { ErrorCode } from './api-error.js';
import type { CamResourceSpec } from './cam-resource.js';
import type { ApiService } from './services.js';

/**
 * Declares an API action in one place: its name and service (which fix the route and the
 * OpenAPI operation), its request and response classes, and the CAM resource the action is
 * authorized against. Put it on a method of an `@Injectable()` actions class; the method
 * receives `(request, context)` and returns the response fields (without RequestId).
 */
export interface ActionOptions<Req extends object = object> {
  name: string;
  service: ApiService;
  request: Class<Req>;
  response: Class<unknown>;
  /** One line for the OpenAPI summary. */
  summary: string;
  /** Longer explanation: rules, limits, error codes worth knowing. */
  description?: string;
  /** A request that works against a fresh deployment, shown in Swagger. */
  example?: Partial<Req> | Record<string, unknown>;
  /** CAM: the action's resource (see cam.md). Lists filter per item. */
  resource: CamResourceSpec<Req>;
  /**
   * Product-specific codes for generic validation faults, where the hosted product documents
   * them (e.g. role actions answer MissingParameter.NeedMoreParams).
   */
  validationCodes?: Partial<Record<'MissingParameter' | 'InvalidParameterValue', ErrorCode>>;
  /** Not in the SDK model: an extension of this service (callable with the SDK's generic `request`). */
  extension?: boolean;
  /** The tags the request sets (creates, tag calls), as `key&value`: CAM's `qcs:request_tag`. */
  requestTags?: (req: Req) => string[];
}

export const ACTION_METADATA = Symbol('api-action');

export function Action<Req extends object>(options: ActionOptions<Req>): MethodDecorator {
  return SetMetadata(ACTION_METADATA, options);
}
