/**
 * The API services this gateway answers, keyed by `X-TC-Version`. Routing uses the action
 * and the version only: the SDK derives the service in the credential scope from the
 * endpoint's first label (e.g. `127` for `127.0.0.1:3000`), so the scope cannot be trusted
 * for routing.
 */
export interface ApiService {
  /** CAM service prefix and OpenAPI tag, e.g. `tdmq`. */
  name: string;
  version: string;
  /** Regional services default/validate `X-TC-Region`; global ones (cam) ignore it. */
  regional: boolean;
  title: string;
}

export const TDMQ: ApiService = {
  name: 'tdmq',
  version: '2020-02-17',
  regional: true,
  title: 'TDMQ for RocketMQ',
};

/** Access management: users, groups, policies, API keys (global: no region). */
export const CAM: ApiService = {
  name: 'cam',
  version: '2019-01-16',
  regional: false,
  title: 'Access management (CAM)',
};

/** Tags on resources; resources are named by their six-segment strings, which carry the region. */
export const TAG: ApiService = {
  name: 'tag',
  version: '2018-08-13',
  regional: false,
  title: 'Tags',
};

export const API_SERVICES: readonly ApiService[] = [TDMQ, CAM, TAG];

export function serviceForVersion(version: string): ApiService | undefined {
  return API_SERVICES.find((s) => s.version === version);
}
