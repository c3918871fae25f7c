import { resolve } from 'node:path';

/** Tencent Cloud regions a request may name; `REGIONS` replaces the list. */
export const DEFAULT_REGIONS = [
  'ap-guangzhou',
  'ap-shanghai',
  'ap-nanjing',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-hongkong',
  'ap-singapore',
  'ap-jakarta',
  'ap-seoul',
  'ap-tokyo',
  'ap-mumbai',
  'ap-bangkok',
  'na-siliconvalley',
  'na-ashburn',
  'eu-frankfurt',
  'sa-saopaulo',
] as const;

const DAY_MS = 24 * 3600 * 1000;

export type ProcessRole = 'all' | 'api' | 'worker';

export interface QuotaDefaults {
  /** Clusters one account may hold in one region. */
  clustersPerRegion: number;
  namespacesPerCluster: number;
  topicsPerCluster: number;
  groupsPerCluster: number;
  rolesPerCluster: number;
  /** Upper bound of a namespace's message retention (ms). */
  maxRetentionMs: number;
  /** Retention a namespace gets when none is given (ms). */
  defaultRetentionMs: number;
  /** Longest delay a delayed message may ask for (ms). */
  maxDelayMs: number;
  maxQueuesPerTopic: number;
  tpsPerNamespace: number;
  tpsPerCluster: number;
}

export interface AppConfig {
  processRole: ProcessRole;
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    queryLimitBytes: number;
    trustProxy: boolean;
    /**
     * Longest a client may take to send a whole request, headers and body (ms); slower ones
     * are answered 408 and closed. Responses are not timed: a 30 s long poll still answers.
     */
    requestTimeoutMs: number;
  };
  /** Base URL clients use to reach this deployment from outside (HTTP endpoints). */
  publicBaseUrl: string;
  /** Base URL for clients inside the deployment's network (internal/VPC endpoints). */
  internalBaseUrl: string;
  /** host:port of the RocketMQ TCP (gRPC) access point, public and internal. */
  tcpPublicEndpoint: string;
  tcpInternalEndpoint: string;
  /** Unset: an embedded Postgres is started under `dataDir`. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Unset: a `redis-server` from PATH is started under `dataDir`. */
  redisUrl: string | undefined;
  queuePrefix: string;
  dataDir: string;
  embedded: { postgresPort: number; redisPort: number };
  root: { uin: string; appId: number; secretId: string | undefined; secretKey: string | undefined };
  /** 32-byte key (hex or base64) that encrypts stored secret keys; generated under dataDir when unset. */
  masterKey: string | undefined;
  regions: { default: string; known: readonly string[] };
  signatureMaxSkewSeconds: number;
  quotas: QuotaDefaults;
  log: { level: 'error' | 'warn' | 'log' | 'debug' | 'verbose'; format: 'text' | 'json' };
  shutdownGraceMs: number;
  /** Longest start-up may wait for Postgres and Redis before the process gives up (exit 1). */
  startupTimeoutMs: number;
  /** Longest a data-plane ACL decision is served from memory (ms, at most 1000): the bound on revocation. */
  aclCacheTtlMs: number;
  /** HTTP data plane: how long a consumed message stays invisible unless acked (the hosted product: 5 min). */
  httpInvisibleMs: number;
  /**
   * How often clients are expected to show up (an HTTP consumer's long poll, a producer's
   * publish); a client missing two intervals is no longer listed as connected.
   */
  clientIntervalMs: number;
  /** Undecided transactions: checked again this often, at most `transactionMaxChecks` times, then dropped. */
  transactionCheckIntervalMs: number;
  transactionMaxChecks: number;
  /** How long a cached list read may be served (ms) besides push invalidation; 0 disables the cache. */
  readCacheTtlMs: number;
  /** Development aid: check every compiled response serialization against JSON.stringify. */
  verifyResponseSerialization: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function optional(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const v = Number(raw);
  if (v < min || v > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const v = str(env, name, fallback);
  if (!allowed.includes(v as T)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${v}"`);
  }
  return v as T;
}

function url(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback).replace(/\/+$/, '');
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${v}"`);
  }
  return v;
}

function hostPort(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback);
  if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(v)) {
    throw new ConfigError(`${name} must be host:port, got "${v}"`);
  }
  return v;
}

/** Reads and validates the environment once; a bad variable stops boot with its name. */
export function loadConfig(env: Env = process.env): AppConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const publicBaseUrl = url(env, 'PUBLIC_BASE_URL', `http://127.0.0.1:${port}`);
  const publicHost = new URL(publicBaseUrl).hostname;
  const grpcPort = int(env, 'GRPC_PORT', 8081, 0, 65535);
  const tcpPublicEndpoint = hostPort(env, 'TCP_PUBLIC_ENDPOINT', `${publicHost}:${grpcPort}`);

  const known = str(env, 'REGIONS', DEFAULT_REGIONS.join(','))
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of known) {
    if (!/^[a-z]{2}-[a-z]+(-\d+)?$/.test(r))
      throw new ConfigError(`REGIONS has an invalid region "${r}"`);
  }
  const defaultRegion = str(env, 'DEFAULT_REGION', 'ap-guangzhou');
  if (!known.includes(defaultRegion)) {
    throw new ConfigError(`DEFAULT_REGION "${defaultRegion}" is not in REGIONS`);
  }

  const rootUin = str(env, 'ROOT_UIN', '100000000001');
  if (!/^[1-9]\d{4,15}$/.test(rootUin))
    throw new ConfigError(`ROOT_UIN must be a numeric uin, got "${rootUin}"`);
  const appId = int(env, 'ROOT_APP_ID', 1_300_000_000, 1, 9_999_999_999);
  const secretId = optional(env, 'ROOT_SECRET_ID');
  const secretKey = optional(env, 'ROOT_SECRET_KEY');
  if ((secretId === undefined) !== (secretKey === undefined)) {
    throw new ConfigError('ROOT_SECRET_ID and ROOT_SECRET_KEY must be set together');
  }
  if (secretId !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(secretId)) {
    throw new ConfigError('ROOT_SECRET_ID must be 8-128 letters, digits, "_" or "-"');
  }
  if (secretKey !== undefined && secretKey.length < 16) {
    throw new ConfigError('ROOT_SECRET_KEY must be at least 16 characters');
  }

  const maxRetentionMs = int(env, 'CLUSTER_MAX_RETENTION_MS', 3 * DAY_MS, 60_000, 365 * DAY_MS);
  const quotas: QuotaDefaults = {
    clustersPerRegion: int(env, 'ACCOUNT_MAX_CLUSTERS_PER_REGION', 100, 1, 1_000_000),
    namespacesPerCluster: int(env, 'CLUSTER_MAX_NAMESPACES', 10, 1, 1_000_000),
    topicsPerCluster: int(env, 'CLUSTER_MAX_TOPICS', 1000, 1, 10_000_000),
    groupsPerCluster: int(env, 'CLUSTER_MAX_GROUPS', 10000, 1, 10_000_000),
    rolesPerCluster: int(env, 'CLUSTER_MAX_ROLES', 1000, 1, 1_000_000),
    maxRetentionMs,
    defaultRetentionMs: int(
      env,
      'NAMESPACE_DEFAULT_RETENTION_MS',
      Math.min(3 * DAY_MS, maxRetentionMs),
      60_000,
      maxRetentionMs,
    ),
    maxDelayMs: int(env, 'CLUSTER_MAX_DELAY_MS', maxRetentionMs, 1000, 365 * DAY_MS),
    maxQueuesPerTopic: int(env, 'CLUSTER_MAX_QUEUES_PER_TOPIC', 16, 1, 1024),
    tpsPerNamespace: int(env, 'CLUSTER_MAX_TPS_PER_NAMESPACE', 5000, 1, 100_000_000),
    tpsPerCluster: int(env, 'CLUSTER_MAX_TPS', 5000, 1, 100_000_000),
  };

  return {
    processRole: oneOf<ProcessRole>(env, 'PROCESS_ROLE', 'all', ['all', 'api', 'worker']),
    http: {
      host: str(env, 'HOST', '0.0.0.0'),
      port,
      bodyLimitBytes: 10 * 1024 * 1024,
      queryLimitBytes: 32 * 1024,
      trustProxy: oneOf(env, 'TRUST_PROXY', 'false', ['true', 'false']) === 'true',
      requestTimeoutMs: int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    },
    publicBaseUrl,
    internalBaseUrl: url(env, 'INTERNAL_BASE_URL', publicBaseUrl),
    tcpPublicEndpoint,
    tcpInternalEndpoint: hostPort(env, 'TCP_INTERNAL_ENDPOINT', tcpPublicEndpoint),
    databaseUrl: optional(env, 'DATABASE_URL'),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    redisUrl: optional(env, 'REDIS_URL'),
    queuePrefix: str(env, 'QUEUE_PREFIX', 'rmq'),
    dataDir: resolve(str(env, 'DATA_DIR', '.data')),
    embedded: {
      postgresPort: int(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1, 65535),
      redisPort: int(env, 'EMBEDDED_REDIS_PORT', 63790, 1, 65535),
    },
    root: { uin: rootUin, appId, secretId, secretKey },
    masterKey: optional(env, 'MASTER_KEY'),
    regions: { default: defaultRegion, known },
    signatureMaxSkewSeconds: int(env, 'SIGNATURE_MAX_SKEW_SECONDS', 300, 1, 86400),
    quotas,
    log: {
      level: oneOf(env, 'LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const),
      format: oneOf(env, 'LOG_FORMAT', 'text', ['text', 'json'] as const),
    },
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    startupTimeoutMs: int(env, 'STARTUP_TIMEOUT_MS', 30_000, 1000, 600_000),
    readCacheTtlMs: int(env, 'READ_CACHE_TTL_MS', 5000, 0, 3_600_000),
    aclCacheTtlMs: int(env, 'ACL_CACHE_TTL_MS', 1000, 0, 1000),
    httpInvisibleMs: int(env, 'HTTP_INVISIBLE_MS', 300_000, 100, 43_200_000),
    clientIntervalMs: int(env, 'CLIENT_INTERVAL_MS', 30_000, 100, 600_000),
    transactionCheckIntervalMs: int(env, 'TRANSACTION_CHECK_INTERVAL_MS', 30_000, 100, 3_600_000),
    transactionMaxChecks: int(env, 'TRANSACTION_MAX_CHECKS', 15, 1, 1000),
    verifyResponseSerialization:
      oneOf(env, 'VERIFY_RESPONSE_SERIALIZATION', '0', ['0', '1']) === '1',
  };
}

/** A connection URL with its password masked; covers user:password@ and redis://:password@host. */
export function maskUrl(u: string): string {
  return u.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** The config with secrets masked, for the startup log. */
export function describeConfig(c: AppConfig): Record<string, unknown> {
  const mask = (u: string | undefined) => (u ? maskUrl(u) : undefined);
  return {
    processRole: c.processRole,
    port: c.http.port,
    publicBaseUrl: c.publicBaseUrl,
    database: mask(c.databaseUrl) ?? `embedded (${c.dataDir}/postgres)`,
    redis: mask(c.redisUrl) ?? `embedded redis-server (${c.dataDir}/redis)`,
    queuePrefix: c.queuePrefix,
    rootUin: c.root.uin,
    rootSecretId: c.root.secretId ?? '(generated and stored on first boot)',
    regions: `${c.regions.default} (default) of ${c.regions.known.length}`,
  };
}
