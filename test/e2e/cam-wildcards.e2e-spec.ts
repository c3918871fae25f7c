import { startTestApp, uniqueName, type TestApp } from '../support/app.js';
import {
  camClient,
  sdkError,
  tdmqClient,
  type CamClient,
  type TdmqClient,
} from '../support/sdk.js';

/**
 * Pathological wildcards end to end (issue "Policy wildcard freezes the service"): a policy
 * resource like `topic/*a*a*a*a*a*a*c` against a topic named with 64 "a"s used to take a
 * backtracking regex 13 s, during which every client of the process waited. Through the
 * official SDK: the answer is the engine's, and it comes at once.
 */

let t: TestApp;
let tdmq: TdmqClient;
let cam: CamClient;
let owner: string;
let clusterId: string;
const NAMESPACE = 'wild';
const TOPIC = 'a'.repeat(64);
const REGION = 'ap-guangzhou';
/** Generous for a shared CI machine; the regex took 13 s for one call. */
const PROMPT_MS = 2000;

beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
  cam = camClient(t);
  owner = t.config.root.uin;
  ({ ClusterId: clusterId } = (await tdmq.CreateRocketMQCluster({
    Name: uniqueName('wild'),
  })) as { ClusterId: string });
  await tdmq.CreateRocketMQNamespace({ ClusterId: clusterId, NamespaceId: NAMESPACE });
  for (const Topic of [TOPIC, 'orders'])
    await tdmq.CreateRocketMQTopic({
      ClusterId: clusterId,
      Namespaces: [NAMESPACE],
      Topic,
      Type: 'Normal',
    });
});
afterAll(() => t.close());

const topicResource = (last: string) => `qcs::tdmq:${REGION}:uin/${owner}:topic/${last}`;

/** A sub-user whose only policy allows reading topics matching `last`; its tdmq client. */
async function userAllowedOn(last: string): Promise<TdmqClient> {
  const { PolicyId } = await cam.CreatePolicy({
    PolicyName: uniqueName('wild'),
    PolicyDocument: JSON.stringify({
      version: '2.0',
      statement: [
        {
          effect: 'allow',
          action: ['tdmq:DescribeRocketMQTopic', 'tdmq:DescribeRocketMQTopics'],
          resource: [topicResource(last)],
        },
      ],
    }),
  });
  const user = await cam.AddUser({ Name: uniqueName('wild'), UseApi: 1 });
  await cam.AttachUserPolicy({ PolicyId, AttachUin: user.Uin });
  const client = tdmqClient(t, { secretId: user.SecretId, secretKey: user.SecretKey });
  // A first call, so that the timed ones measure matching, not the key and policy loads.
  await client
    .DescribeRocketMQTopic({ ClusterId: clusterId, NamespaceId: NAMESPACE, TopicName: 'orders' })
    .catch(() => undefined);
  return client;
}

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await call();
  return { ms: performance.now() - started, result };
}

const describeTopic = (client: TdmqClient) => () =>
  client.DescribeRocketMQTopic({ ClusterId: clusterId, NamespaceId: NAMESPACE, TopicName: TOPIC });

const listTopics = (client: TdmqClient) => async () => {
  const r = await client.DescribeRocketMQTopics({
    ClusterId: clusterId,
    NamespaceId: NAMESPACE,
    Offset: 0,
    Limit: 100,
  });
  return r.Topics!.map((x) => x.Name!).sort();
};

describe('pathological wildcards in a policy resource', () => {
  it.each([
    ['6 wildcards', `*${'a*'.repeat(6)}c`],
    ['11 wildcards', `*${'a*'.repeat(10)}c`],
    ['32 wildcards (the maximum)', `*${'a*'.repeat(31)}c`],
  ])('%s ending in "c": DescribeRocketMQTopic of 64 × "a" is refused at once', async (_, last) => {
    const user = await userAllowedOn(last);
    const { ms, result: err } = await timed(() => sdkError(describeTopic(user)()));
    expect(err.code).toBe('AuthFailure.UnauthorizedOperation');
    expect(err.message).toBe(
      `you are not authorized to perform operation (tdmq:DescribeRocketMQTopic) resource (${topicResource(`${clusterId}/${NAMESPACE}/${TOPIC}`)}) has no permission`,
    );
    expect(ms).toBeLessThan(PROMPT_MS);
    // The list filter sees none of the topics, as promptly.
    const list = await timed(listTopics(user));
    expect(list.result).toEqual([]);
    expect(list.ms).toBeLessThan(PROMPT_MS);
  });

  it('the same shape ending in "a": allowed, promptly, and the list shows just that topic', async () => {
    const user = await userAllowedOn(`*${'a*'.repeat(30)}a`);
    const { ms, result } = await timed(describeTopic(user));
    expect(result.Topic!.Name).toBe(TOPIC);
    expect(ms).toBeLessThan(PROMPT_MS);
    const list = await timed(listTopics(user));
    expect(list.result).toEqual([TOPIC]);
    expect(list.ms).toBeLessThan(PROMPT_MS);
  });

  it('other clients are not held up while such requests are being decided', async () => {
    const user = await userAllowedOn(`*${'a*'.repeat(10)}c`);
    const started = performance.now();
    const [denied, clusters] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => sdkError(describeTopic(user)()))),
      tdmq.DescribeRocketMQCluster({ ClusterId: clusterId }),
    ]);
    expect(denied.map((e) => e.code)).toEqual(Array(20).fill('AuthFailure.UnauthorizedOperation'));
    expect(clusters.ClusterInfo!.ClusterId).toBe(clusterId);
    expect(performance.now() - started).toBeLessThan(PROMPT_MS * 2);
  });

  it('a pattern with more than 32 wildcards is refused by CreatePolicy, naming it', async () => {
    const err = await sdkError(
      cam.CreatePolicy({
        PolicyName: uniqueName('wild'),
        PolicyDocument: JSON.stringify({
          version: '2.0',
          statement: {
            effect: 'allow',
            action: 'tdmq:DescribeRocketMQTopic',
            resource: topicResource(`*${'a*'.repeat(50)}c`),
          },
        }),
      }),
    );
    expect(err.code).toBe('InvalidParameter.PolicyDocumentError');
    expect(err.message).toBe(
      'PolicyDocument statement.resource: has 51 "*" wildcards; the maximum is 32.',
    );
  });
});
