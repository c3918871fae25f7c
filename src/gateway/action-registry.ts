import { Injectable, type OnModuleInit, type Type as Class } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACTION_METADATA, type ActionOptions } from './action.decorator.js';
import type { RequestContext } from './request-context.js';

export type ActionHandler = (request: object, context: RequestContext) => Promise<object> | object;

export interface RegisteredAction {
  options: ActionOptions;
  handler: ActionHandler;
}

export class ActionRegistryError extends Error {}

/** Reads the @Action metadata of one actions class without instantiating it (OpenAPI generation). */
export function actionsDeclaredBy(
  cls: Class<unknown>,
): Array<{ method: string; options: ActionOptions }> {
  const out: Array<{ method: string; options: ActionOptions }> = [];
  for (const method of Object.getOwnPropertyNames(cls.prototype)) {
    if (method === 'constructor') continue;
    // Read the descriptor: evaluating an accessor on the prototype would run it.
    const fn = Object.getOwnPropertyDescriptor(cls.prototype, method)?.value as unknown;
    if (typeof fn !== 'function') continue;
    const options = Reflect.getMetadata(ACTION_METADATA, fn) as ActionOptions | undefined;
    if (options) out.push({ method, options });
  }
  return out;
}

/** Fails fast on the mistakes a new action can make. */
export function checkActionTable(entries: Array<{ owner: string; options: ActionOptions }>): void {
  const seen = new Map<string, string>();
  for (const { owner, options } of entries) {
    const where = `${owner} declares ${options.name ?? '(unnamed action)'}`;
    if (!options.name || !/^[A-Z][A-Za-z0-9]+$/.test(options.name))
      throw new ActionRegistryError(`${where}: invalid action name`);
    if (typeof options.request !== 'function')
      throw new ActionRegistryError(`${where}: no request class`);
    if (typeof options.response !== 'function')
      throw new ActionRegistryError(`${where}: no response class`);
    if (!options.resource) throw new ActionRegistryError(`${where}: no CAM resource`);
    const key = `${options.service.version}:${options.name}`;
    const prior = seen.get(key);
    if (prior)
      throw new ActionRegistryError(
        `Action ${options.name} (${options.service.name} ${options.service.version}) is declared twice: ${prior} and ${owner}`,
      );
    seen.set(key, owner);
  }
}

/**
 * The action table, built once at boot from every provider's @Action methods. Boot fails on a
 * duplicate action or a declaration without request/response classes; dispatch is then a
 * map lookup by (version, action).
 */
@Injectable()
export class ActionRegistry implements OnModuleInit {
  private readonly actions = new Map<string, RegisteredAction>();
  private readonly versions = new Set<string>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found: Array<{ owner: string; options: ActionOptions; handler: ActionHandler }> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const options = this.reflector.get<ActionOptions | undefined>(
          ACTION_METADATA,
          fn as Function,
        );
        if (!options) continue;
        found.push({
          owner: `${wrapper.name}.${method}`,
          options,
          handler: (fn as ActionHandler).bind(instance),
        });
      }
    }
    checkActionTable(found);
    for (const f of found) {
      this.actions.set(`${f.options.service.version}:${f.options.name}`, {
        options: f.options,
        handler: f.handler,
      });
      this.versions.add(f.options.service.version);
    }
  }

  hasVersion(version: string): boolean {
    return this.versions.has(version);
  }

  find(version: string, action: string): RegisteredAction | undefined {
    return this.actions.get(`${version}:${action}`);
  }

  all(): RegisteredAction[] {
    return [...this.actions.values()];
  }
}
