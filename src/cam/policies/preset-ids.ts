import {
  AdministratorAccess,
  QcloudTDMQFullAccess,
  QcloudTDMQReadOnlyAccess,
  ReadOnlyAccess,
  type PresetPolicy,
} from '../policy/presets.js';

/** A preset policy as stored: a fixed id (below 100000) and the service it covers. */
export interface StoredPreset {
  id: number;
  preset: PresetPolicy;
  serviceType: string;
  permissionLevel: 'Full' | 'ReadOnly';
}

/** Fixed ids, stable across deployments (policies and tests may name them). */
export const STORED_PRESETS: readonly StoredPreset[] = [
  { id: 1, preset: AdministratorAccess, serviceType: '', permissionLevel: 'Full' },
  { id: 2, preset: ReadOnlyAccess, serviceType: '', permissionLevel: 'ReadOnly' },
  { id: 3, preset: QcloudTDMQFullAccess, serviceType: 'tdmq', permissionLevel: 'Full' },
  { id: 4, preset: QcloudTDMQReadOnlyAccess, serviceType: 'tdmq', permissionLevel: 'ReadOnly' },
];
