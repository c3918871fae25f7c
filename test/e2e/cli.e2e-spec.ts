import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { run, type CliIo } from '../../src/cli/rmqcloud.js';
import {
  ROOT_SECRET_ID,
  ROOT_SECRET_KEY,
  startTestApp,
  uniqueName,
  type TestApp,
} from '../support/app.js';

let t: TestApp;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  t = await startTestApp();
  env = {
    TENCENTCLOUD_SECRET_ID: ROOT_SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: ROOT_SECRET_KEY,
    RMQCLOUD_ENDPOINT: t.url,
  };
});
afterAll(() => t.close());

function capture(stdin = ''): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (s) => stdout.push(s),
    err: (s) => stderr.push(s),
    stdin: () => stdin,
  };
}

describe('rmqcloud CLI', () => {
  it('signs a call, prints the Response JSON and exits 0', async () => {
    const io = capture();
    const code = await run(
      ['CreateRocketMQCluster', JSON.stringify({ Name: uniqueName('cli') })],
      env,
      io,
    );
    expect(code).toBe(0);
    const response = JSON.parse(io.stdout.join('\n'));
    expect(response.ClusterId).toMatch(/^rocketmq-[a-z0-9]{12}$/);
    expect(response.RequestId).toEqual(expect.any(String));
  });

  it('exits 1 on an API error, printing the Response and the code', async () => {
    const io = capture();
    expect(
      await run(['DescribeRocketMQCluster', '{"ClusterId":"rocketmq-000000000000"}'], env, io),
    ).toBe(1);
    expect(JSON.parse(io.stdout.join('\n')).Error.Code).toBe('ResourceNotFound.Cluster');
    expect(io.stderr.join('\n')).toContain('ResourceNotFound.Cluster');
  });

  it('reads parameters from stdin and honours --region', async () => {
    const io = capture(JSON.stringify({ Offset: 0, Limit: 1 }));
    expect(await run(['DescribeRocketMQClusters', '-', '--region', 'ap-atlantis'], env, io)).toBe(
      1,
    );
    expect(JSON.parse(io.stdout.join('\n')).Error.Code).toBe('UnsupportedRegion');
  });

  it('exits 2 on usage errors, missing credentials and unreachable endpoints', async () => {
    expect(await run([], env, capture())).toBe(2);
    expect(await run(['DescribeRocketMQClusters', '{not json'], env, capture())).toBe(2);
    expect(await run(['DescribeRocketMQClusters', '{}', '--colour', 'red'], env, capture())).toBe(
      2,
    );
    expect(
      await run(['DescribeRocketMQClusters', '{}'], { RMQCLOUD_ENDPOINT: t.url }, capture()),
    ).toBe(2);
    expect(
      await run(
        ['DescribeRocketMQClusters', '{}'],
        { ...env, RMQCLOUD_ENDPOINT: 'http://127.0.0.1:1' },
        capture(),
      ),
    ).toBe(2);
  });

  // Asynchronous on purpose: the server under test shares this process's event loop.
  it('works as the installed bin (bin/rmqcloud.js over the build)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/rmqcloud.js', 'DescribeRocketMQClusters', '{"Offset":0,"Limit":0}'],
      {
        env: { ...process.env, ...env },
      },
    );
    expect(JSON.parse(stdout).TotalCount).toEqual(expect.any(Number));
    const failed = await promisify(execFile)(
      process.execPath,
      ['bin/rmqcloud.js', 'DescribeRocketMQCluster', '{"ClusterId":"nope"}'],
      {
        env: { ...process.env, ...env },
      },
    ).catch((e: { code: number; stdout: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect(JSON.parse((failed as { stdout: string }).stdout).Error.Code).toBe(
      'ResourceNotFound.Cluster',
    );
  });
});
