import type { ListVisibility } from './list-visibility.js';
import type { ApiService } from './services.js';

/** The authenticated principal of a request. */
export interface Caller {
  /** The user's own uin (root: the account uin). */
  uin: string;
  /** The root account that owns every resource the caller reaches. */
  ownerUin: string;
  secretId: string;
  isRoot: boolean;
}

declare const scopeBrand: unique symbol;

/**
 * Tenant scope: every query of tenant data takes one. Only the gateway creates scopes
 * (from the authenticated caller and the request region), so a query without one does not compile.
 */
export interface Scope {
  readonly ownerUin: string;
  readonly region: string;
  readonly [scopeBrand]: true;
}

export function makeScope(ownerUin: string, region: string): Scope {
  return { ownerUin, region } as Scope;
}

export interface RequestContext {
  requestId: string;
  action: string;
  service: ApiService;
  region: string;
  caller: Caller;
  scope: Scope;
  clientIp: string;
  /** What a list action may show the caller (CAM); every item for the root account and non-list actions. */
  visibility: ListVisibility;
}
