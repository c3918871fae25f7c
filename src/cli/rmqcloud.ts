import { readFileSync } from 'node:fs';
import { API_SERVICES } from '../gateway/services.js';
import { signTc3 } from '../gateway/signature/tc3.js';

/**
 * `rmqcloud <Action> ['<json params>' | @file | -] [options]`: signs one API 3.0 call with
 * TC3-HMAC-SHA256, prints the `Response` JSON, and exits 1 on an API error (2 on a usage or
 * network error), so scripts can `set -e` on it.
 */
const USAGE = `Usage: rmqcloud <Action> ['<json params>' | @file.json | -] [options]

Options:
  --endpoint <url>     Service URL (env RMQCLOUD_ENDPOINT, default http://127.0.0.1:3000)
  --region <region>    Region (env TENCENTCLOUD_REGION, default: the server's default region)
  --service <name>     API service (default tdmq); its version is looked up unless --version is given
  --version <v>        API version, e.g. 2020-02-17
  -h, --help           This help

Credentials come from TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.

Examples:
  rmqcloud CreateRocketMQCluster '{"Name":"dev"}'
  rmqcloud DescribeRocketMQClusters '{"Offset":0,"Limit":20}' --region ap-shanghai
  echo '{"ClusterId":"rocketmq-abcd12345678"}' | rmqcloud DescribeRocketMQCluster -`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin(): string;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  stdin: () => readFileSync(0, 'utf8'),
};

class UsageError extends Error {}

interface Parsed {
  action: string;
  params: string;
  endpoint: string;
  region?: string;
  service: string;
  version?: string;
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Parsed | 'help' {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return 'help';
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else positional.push(a);
  }
  for (const name of Object.keys(options)) {
    if (!['endpoint', 'region', 'service', 'version'].includes(name))
      throw new UsageError(`unknown option --${name}`);
  }
  const [action, rawParams, ...rest] = positional;
  if (!action) throw new UsageError('the action is missing');
  if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
  let params = rawParams ?? '{}';
  if (params === '-') params = io.stdin();
  else if (params.startsWith('@')) params = readFileSync(params.slice(1), 'utf8');
  return {
    action,
    params,
    endpoint: (options.endpoint ?? env.RMQCLOUD_ENDPOINT ?? 'http://127.0.0.1:3000').replace(
      /\/+$/,
      '',
    ),
    region: options.region ?? env.TENCENTCLOUD_REGION,
    service: options.service ?? 'tdmq',
    version: options.version,
  };
}

export async function run(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = defaultIo,
): Promise<number> {
  let args: Parsed | 'help';
  try {
    args = parseArgs(argv, env, io);
  } catch (e) {
    io.err(`rmqcloud: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  const secretId = env.TENCENTCLOUD_SECRET_ID;
  const secretKey = env.TENCENTCLOUD_SECRET_KEY;
  if (!secretId || !secretKey) {
    io.err(
      'rmqcloud: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (the root key is printed in the service’s first startup log).',
    );
    return 2;
  }
  try {
    JSON.parse(args.params);
  } catch (e) {
    io.err(`rmqcloud: the parameters are not valid JSON: ${(e as Error).message}`);
    return 2;
  }
  const version = args.version ?? API_SERVICES.find((s) => s.name === args.service)?.version;
  if (!version) {
    io.err(`rmqcloud: unknown service ${args.service}; pass --version`);
    return 2;
  }
  let url: URL;
  try {
    url = new URL(`${args.endpoint}/`);
  } catch {
    io.err(`rmqcloud: invalid endpoint ${args.endpoint}`);
    return 2;
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-TC-Action': args.action,
    'X-TC-Version': version,
    'X-TC-Timestamp': String(timestamp),
    'X-TC-RequestClient': 'rmqcloud-cli',
    Authorization: signTc3({
      secretId,
      secretKey,
      service: args.service,
      timestamp,
      method: 'POST',
      host: url.hostname,
      path: url.pathname,
      contentType: 'application/json',
      payload: args.params,
    }),
  };
  if (args.region) headers['X-TC-Region'] = args.region;
  let body: { Response?: { Error?: { Code: string; Message: string } } };
  try {
    const res = await fetch(url, { method: 'POST', headers, body: args.params });
    body = (await res.json()) as typeof body;
  } catch (e) {
    io.err(`rmqcloud: cannot reach ${url.origin}: ${(e as Error).message}`);
    return 2;
  }
  if (!body?.Response) {
    io.err(`rmqcloud: ${url.origin} did not answer with an API 3.0 envelope`);
    return 2;
  }
  io.out(JSON.stringify(body.Response, null, 2));
  if (body.Response.Error) {
    io.err(`rmqcloud: ${body.Response.Error.Code}: ${body.Response.Error.Message}`);
    return 1;
  }
  return 0;
}
