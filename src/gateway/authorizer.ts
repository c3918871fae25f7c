import type { ActionOptions } from './action.decorator.js';
import type { ListVisibility } from './list-visibility.js';
import type { RequestContext } from './request-context.js';

/**
 * CAM authorization of one call, run after validation and before the handler. Implemented by
 * the access-management module (AuthorizationService): it throws
 * AuthFailure.UnauthorizedOperation, or answers what a list action may show its caller.
 */
export abstract class Authorizer {
  abstract authorize(
    ctx: RequestContext,
    action: ActionOptions,
    request: object,
  ): Promise<ListVisibility>;
}
