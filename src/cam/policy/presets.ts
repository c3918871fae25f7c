/**
 * The preset (system) policies of cam.md, as parsed documents. "Read" actions are those whose
 * API name starts with Describe, Get, List, Query or Export; they include monitor and tag
 * reads only in ReadOnlyAccess, because cam.md makes monitoring and tag reads separate actions
 * from the TDMQ ones (monitor:GetMonitorData, tag:DescribeResourceTagsByResourceIds, …).
 */
import type { PolicyDocument } from './types.js';

export interface PresetPolicy {
  name: string;
  description: string;
  document: PolicyDocument;
}

const READ_PREFIXES = ['Describe', 'Get', 'List', 'Query', 'Export'];

function allow(action: string[]): PolicyDocument {
  return {
    version: '2.0',
    statement: [{ effect: 'allow', action, resource: ['*'], condition: {} }],
  };
}

function frozen(preset: PresetPolicy): PresetPolicy {
  for (const s of preset.document.statement) {
    Object.freeze(s.action);
    Object.freeze(s.resource);
    Object.freeze(s.condition);
    Object.freeze(s);
  }
  Object.freeze(preset.document.statement);
  Object.freeze(preset.document);
  return Object.freeze(preset);
}

export const QcloudTDMQFullAccess: PresetPolicy = frozen({
  name: 'QcloudTDMQFullAccess',
  description:
    'Full read and write access to TDMQ for RocketMQ (every tdmq action on every resource).',
  document: allow(['tdmq:*']),
});

export const QcloudTDMQReadOnlyAccess: PresetPolicy = frozen({
  name: 'QcloudTDMQReadOnlyAccess',
  description:
    'Read-only access to TDMQ for RocketMQ (tdmq Describe*, Get*, List*, Query*, Export* actions). Monitoring and tag reads are separate.',
  document: allow(READ_PREFIXES.map((p) => `tdmq:${p}*`)),
});

export const AdministratorAccess: PresetPolicy = frozen({
  name: 'AdministratorAccess',
  description:
    'Full access to every service and resource of the account, access management included.',
  document: allow(['*']),
});

export const ReadOnlyAccess: PresetPolicy = frozen({
  name: 'ReadOnlyAccess',
  description:
    'Read-only access to every service (Describe*, Get*, List*, Query*, Export* actions of tdmq, cam, tag and monitor).',
  document: allow(READ_PREFIXES.map((p) => `*:${p}*`)),
});

/** Every preset policy, in a stable order. */
export const PRESET_POLICIES: readonly PresetPolicy[] = Object.freeze([
  QcloudTDMQFullAccess,
  QcloudTDMQReadOnlyAccess,
  AdministratorAccess,
  ReadOnlyAccess,
]);
