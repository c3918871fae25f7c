/**
 * The CAM policy engine (cam.md): parse and validate policy documents, evaluate requests
 * against attached policies, and the preset policies. Pure: no I/O, no clock, no randomness.
 */
export { CONDITION_KEYS, CONDITION_OPERATORS, type ConditionKey } from './conditions.js';
export { evaluate, statementMatches } from './evaluate.js';
export { POLICY_VARIABLES, substituteVariables, variablesOf, type VariableValues } from './glob.js';
export { parseIsoInstant } from './iso-date.js';
export {
  countNonWhitespace,
  MAX_POLICY_DOCUMENT_CHARS,
  parsePolicyDocument,
  POLICY_LIMITS,
} from './parse.js';
export {
  AdministratorAccess,
  PRESET_POLICIES,
  QcloudTDMQFullAccess,
  QcloudTDMQReadOnlyAccess,
  ReadOnlyAccess,
  type PresetPolicy,
} from './presets.js';
export {
  PolicyError,
  type AttachedPolicy,
  type AuthzRequest,
  type Decision,
  type PolicyDocument,
  type PolicyStatement,
  type Principal,
} from './types.js';
