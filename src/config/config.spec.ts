import { ConfigError, DEFAULT_REGIONS, describeConfig, loadConfig } from './config.js';

const DAY_MS = 24 * 3600 * 1000;

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig defaults', () => {
  const c = loadConfig({});

  it('serves on port 3000 and advertises it', () => {
    expect(c.http.port).toBe(3000);
    expect(c.http.host).toBe('0.0.0.0');
    expect(c.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(c.internalBaseUrl).toBe('http://127.0.0.1:3000');
    expect(c.tcpPublicEndpoint).toBe('127.0.0.1:8081');
    expect(c.tcpInternalEndpoint).toBe('127.0.0.1:8081');
    expect(c.processRole).toBe('all');
  });

  it('defaults to ap-guangzhou among the Tencent regions', () => {
    expect(c.regions.default).toBe('ap-guangzhou');
    expect(c.regions.known).toEqual([...DEFAULT_REGIONS]);
  });

  it('has the documented quotas: 10 namespaces, 1000 topics, 10000 groups, 3-day retention', () => {
    expect(c.quotas.namespacesPerCluster).toBe(10);
    expect(c.quotas.topicsPerCluster).toBe(1000);
    expect(c.quotas.groupsPerCluster).toBe(10000);
    expect(c.quotas.maxRetentionMs).toBe(3 * DAY_MS);
    expect(c.quotas.defaultRetentionMs).toBe(3 * DAY_MS);
  });

  it('gives a client 30 s to send a request', () => {
    expect(c.http.requestTimeoutMs).toBe(30_000);
  });

  it('uses a pool of 10, the default root uin and a 300 s signature window', () => {
    expect(c.databasePoolSize).toBe(10);
    expect(c.root.uin).toBe('100000000001');
    expect(c.root.secretId).toBeUndefined();
    expect(c.root.secretKey).toBeUndefined();
    expect(c.signatureMaxSkewSeconds).toBe(300);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(
      loadConfig({
        PORT: '',
        DEFAULT_REGION: '',
        DATABASE_URL: '',
        ROOT_SECRET_ID: '',
        ROOT_SECRET_KEY: '',
      }),
    ).toEqual(c);
  });
});

describe('loadConfig reads valid variables', () => {
  it.each<[string, Record<string, string>, (c: ReturnType<typeof loadConfig>) => unknown, unknown]>(
    [
      [
        'PORT',
        { PORT: '8080' },
        (c) => [c.http.port, c.publicBaseUrl],
        [8080, 'http://127.0.0.1:8080'],
      ],
      [
        'PUBLIC_BASE_URL (trailing slash dropped)',
        { PUBLIC_BASE_URL: 'https://mq.example.com/' },
        (c) => [c.publicBaseUrl, c.tcpPublicEndpoint],
        ['https://mq.example.com', 'mq.example.com:8081'],
      ],
      [
        'REGIONS and DEFAULT_REGION',
        { REGIONS: 'ap-shanghai, eu-frankfurt', DEFAULT_REGION: 'eu-frankfurt' },
        (c) => c.regions,
        { default: 'eu-frankfurt', known: ['ap-shanghai', 'eu-frankfurt'] },
      ],
      [
        'ROOT_SECRET_ID and ROOT_SECRET_KEY',
        { ROOT_SECRET_ID: 'AKIDroot0001', ROOT_SECRET_KEY: '0123456789abcdef' },
        (c) => [c.root.secretId, c.root.secretKey],
        ['AKIDroot0001', '0123456789abcdef'],
      ],
      [
        'a shorter retention lowers the default retention',
        { CLUSTER_MAX_RETENTION_MS: String(DAY_MS) },
        (c) => [c.quotas.maxRetentionMs, c.quotas.defaultRetentionMs],
        [DAY_MS, DAY_MS],
      ],
      [
        'TCP_PUBLIC_ENDPOINT',
        { TCP_PUBLIC_ENDPOINT: 'mq.example.com:9876' },
        (c) => [c.tcpPublicEndpoint, c.tcpInternalEndpoint],
        ['mq.example.com:9876', 'mq.example.com:9876'],
      ],
      ['PROCESS_ROLE', { PROCESS_ROLE: 'worker' }, (c) => c.processRole, 'worker'],
      ['LOG_LEVEL', { LOG_LEVEL: 'debug' }, (c) => c.log.level, 'debug'],
      [
        'HTTP_REQUEST_TIMEOUT_MS',
        { HTTP_REQUEST_TIMEOUT_MS: '1500' },
        (c) => c.http.requestTimeoutMs,
        1500,
      ],
    ],
  )('%s', (_name, env, pick, expected) => {
    expect(pick(loadConfig(env))).toEqual(expected);
  });
});

describe('loadConfig refuses a bad variable, naming it', () => {
  it.each<[Record<string, string>, string]>([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ PORT: '3000.5' }, 'PORT'],
    [{ DEFAULT_REGION: 'mars-north-1' }, 'DEFAULT_REGION'],
    [{ REGIONS: 'ap-shanghai', DEFAULT_REGION: 'ap-guangzhou' }, 'DEFAULT_REGION'],
    [{ REGIONS: 'ap-guangzhou,AP_SHANGHAI' }, 'REGIONS'],
    [{ REGIONS: 'ap-guangzhou,guangzhou' }, 'REGIONS'],
    [{ ROOT_UIN: 'abc' }, 'ROOT_UIN'],
    [{ ROOT_UIN: '0100000000001' }, 'ROOT_UIN'],
    [{ ROOT_SECRET_ID: 'AKIDroot0001' }, 'ROOT_SECRET_KEY'],
    [{ ROOT_SECRET_KEY: '0123456789abcdef' }, 'ROOT_SECRET_ID'],
    [{ ROOT_SECRET_ID: 'AKID root', ROOT_SECRET_KEY: '0123456789abcdef' }, 'ROOT_SECRET_ID'],
    [{ ROOT_SECRET_ID: 'AKIDroot0001', ROOT_SECRET_KEY: 'short' }, 'ROOT_SECRET_KEY'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ INTERNAL_BASE_URL: 'file:///etc/passwd' }, 'INTERNAL_BASE_URL'],
    [{ TCP_PUBLIC_ENDPOINT: 'mq.example.com' }, 'TCP_PUBLIC_ENDPOINT'],
    [{ TCP_INTERNAL_ENDPOINT: 'mq.example.com:' }, 'TCP_INTERNAL_ENDPOINT'],
    [{ PROCESS_ROLE: 'both' }, 'PROCESS_ROLE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ CLUSTER_MAX_NAMESPACES: '0' }, 'CLUSTER_MAX_NAMESPACES'],
    [{ CLUSTER_MAX_TOPICS: '1e3' }, 'CLUSTER_MAX_TOPICS'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ SIGNATURE_MAX_SKEW_SECONDS: '0' }, 'SIGNATURE_MAX_SKEW_SECONDS'],
    [
      {
        CLUSTER_MAX_RETENTION_MS: String(DAY_MS),
        NAMESPACE_DEFAULT_RETENTION_MS: String(2 * DAY_MS),
      },
      'NAMESPACE_DEFAULT_RETENTION_MS',
    ],
    [{ VERIFY_RESPONSE_SERIALIZATION: 'true' }, 'VERIFY_RESPONSE_SERIALIZATION'],
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS'],
    [{ HTTP_REQUEST_TIMEOUT_MS: '30s' }, 'HTTP_REQUEST_TIMEOUT_MS'],
  ])('%j', (env, variable) => {
    const e = configError(env);
    expect(e.message).toContain(variable);
  });

  it('quotes the bad value', () => {
    expect(configError({ PORT: 'abc' }).message).toContain('"abc"');
    expect(configError({ LOG_LEVEL: 'loud' }).message).toContain('"loud"');
  });
});

describe('describeConfig', () => {
  it('masks the password of DATABASE_URL', () => {
    const d = describeConfig(
      loadConfig({ DATABASE_URL: 'postgres://rmq:s3cr3t-pw@db.internal:5432/rmq?sslmode=require' }),
    );
    expect(d.database).toBe('postgres://rmq:***@db.internal:5432/rmq?sslmode=require');
    expect(JSON.stringify(d)).not.toContain('s3cr3t-pw');
  });

  it.each([
    [
      'a Postgres URL',
      'DATABASE_URL',
      'postgresql://admin:p%40ss%2Fw0rd@10.0.0.1/rmq',
      'p%40ss%2Fw0rd',
      '10.0.0.1/rmq',
    ],
    [
      'a Redis URL with a user',
      'REDIS_URL',
      'redis://default:r3d1s-pw@cache:6379/0',
      'r3d1s-pw',
      'cache:6379/0',
    ],
    [
      'a Redis URL with only a password (the ioredis form)',
      'REDIS_URL',
      'redis://:r3d1s-pw@cache:6379/0',
      'r3d1s-pw',
      'cache:6379/0',
    ],
  ])('never logs the password of %s', (_name, variable, url, password, where) => {
    const text = JSON.stringify(describeConfig(loadConfig({ [variable]: url })));
    expect(text).not.toContain(password);
    expect(text).toContain(where); // still says where it connects
  });

  it('never logs the root SecretKey', () => {
    const d = describeConfig(
      loadConfig({ ROOT_SECRET_ID: 'AKIDroot0001', ROOT_SECRET_KEY: 'root-secret-key-0123' }),
    );
    expect(d.rootSecretId).toBe('AKIDroot0001');
    expect(JSON.stringify(d)).not.toContain('root-secret-key-0123');
  });

  it('describes embedded infrastructure when no URLs are set', () => {
    const d = describeConfig(loadConfig({ DATA_DIR: '/var/lib/rmq' }));
    expect(d.database).toBe('embedded (/var/lib/rmq/postgres)');
    expect(d.redis).toBe('embedded redis-server (/var/lib/rmq/redis)');
    expect(d.regions).toBe(`ap-guangzhou (default) of ${DEFAULT_REGIONS.length}`);
  });
});
