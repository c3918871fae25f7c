import { ClustersActions } from './clusters/clusters.actions.js';
import { GroupsActions } from './groups/groups.actions.js';
import { NamespacesActions } from './namespaces/namespaces.actions.js';
import { RolesActions } from './roles/roles.actions.js';
import { TopicsActions } from './topics/topics.actions.js';
import { TagsActions } from '../tags/tags.actions.js';
import { MessagesActions } from '../dataplane/messages.actions.js';
import { ConsumersActions } from '../dataplane/consumers.actions.js';
import { SimulatorActions } from '../cam/authz/simulator.actions.js';
import { AccessKeysActions } from '../cam/access-keys/access-keys.actions.js';
import { UserGroupsActions } from '../cam/groups/groups.actions.js';
import { PoliciesActions } from '../cam/policies/policies.actions.js';
import { UsersActions } from '../cam/users/users.actions.js';

/**
 * Every class that declares @Action methods, for the OpenAPI document (generated without a
 * database). A test checks this list against the registry the running app builds.
 */
export const ACTION_CLASSES = [
  ClustersActions,
  NamespacesActions,
  TopicsActions,
  GroupsActions,
  RolesActions,
  MessagesActions,
  ConsumersActions,
  TagsActions,
  UsersActions,
  UserGroupsActions,
  PoliciesActions,
  AccessKeysActions,
  SimulatorActions,
];
