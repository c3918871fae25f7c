import { Injectable } from '@nestjs/common';
import type { ActionOptions } from './action.decorator.js';
import { ApiError } from './api-error.js';
import { qcsResource } from './cam-resource.js';
import type { RequestContext } from './request-context.js';

/**
 * CAM authorization of one call. The root account owns everything and is always allowed.
 * Until policies exist (the access-management issue), any other principal is denied by
 * default, naming the CAM action and resource as CAM does.
 */
@Injectable()
export class Authorizer {
  authorize(ctx: RequestContext, action: ActionOptions, request: object): void {
    if (ctx.caller.isRoot) return;
    const spec = action.resource as ActionOptions<object>['resource'];
    const refs = spec.kind === 'one' ? [spec.of(request, ctx.caller)].flat() : [];
    const resource = refs.length
      ? qcsResource(ctx.service.name, ctx.region, ctx.caller.ownerUin, refs[0])
      : '*';
    throw new ApiError(
      'AuthFailure.UnauthorizedOperation',
      `you are not authorized to perform operation (${ctx.service.name}:${action.name}) resource (${resource}) has no permission`,
    );
  }
}
