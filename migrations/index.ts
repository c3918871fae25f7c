import { Foundation1764000000000 } from './1764000000000-Foundation.js';
import { ScopeChangeNotifications1764100000000 } from './1764100000000-ScopeChangeNotifications.js';
import { TopicsGroupsSubscriptions1764200000000 } from './1764200000000-TopicsGroupsSubscriptions.js';
import { RolesAndPermissions1764300000000 } from './1764300000000-RolesAndPermissions.js';
import { Cam1764400000000 } from './1764400000000-Cam.js';
import { TagCatalog1764500000000 } from './1764500000000-TagCatalog.js';
import { Messages1764600000000 } from './1764600000000-Messages.js';
import { KeyedRoleTokenHashes1764700000000 } from './1764700000000-KeyedRoleTokenHashes.js';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS = [
  Foundation1764000000000,
  ScopeChangeNotifications1764100000000,
  TopicsGroupsSubscriptions1764200000000,
  RolesAndPermissions1764300000000,
  Cam1764400000000,
  TagCatalog1764500000000,
  Messages1764600000000,
  KeyedRoleTokenHashes1764700000000,
];
