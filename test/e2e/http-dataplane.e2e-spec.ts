import MQ from '@aliyunmq/mq-http-sdk';
import { startTestApp, type TestApp } from '../support/app.js';
import { messagingFixture, type MessagingOptions } from '../support/messaging.js';
import { tdmqClient, type TdmqClient } from '../support/sdk.js';
import { until } from '../support/until.js';

/**
 * The HTTP data plane driven by the community RocketMQ HTTP SDK (`@aliyunmq/mq-http-sdk`),
 * unchanged: endpoint = the cluster's HttpInternalEndpoint, AccessKey = a role token,
 * SecretKey = the role name, instance id = the namespace.
 */

interface SdkMessage {
  MessageId: string;
  ReceiptHandle: string;
  MessageBody: string;
  MessageTag?: string;
  MessageKey?: string;
  ShardingKey?: string;
  Properties: Record<string, string>;
  ConsumedTimes: string;
  PublishTime: string;
  StartDeliverTime?: string | number;
  NextConsumeTime: string;
}
interface SdkError extends Error {
  Code: string;
}
interface Producer {
  publishMessage(
    body: string,
    tag?: string,
    props?: unknown,
  ): Promise<{ code: number; body: { MessageId: string; MessageBodyMD5: string } }>;
}
interface Consumer {
  consumeMessage(n: number, wait?: number): Promise<{ code: number; body: SdkMessage[] }>;
  consumeMessageOrderly(n: number, wait?: number): Promise<{ code: number; body: SdkMessage[] }>;
  ackMessage(
    handles: string[],
  ): Promise<{ code: number; body?: Array<{ ErrorCode: string; ReceiptHandle: string }> }>;
}
interface TransProducer extends Producer {
  publishMessage(
    body: string,
    tag?: string,
    props?: unknown,
  ): Promise<{
    code: number;
    body: { MessageId: string; MessageBodyMD5: string; ReceiptHandle: string };
  }>;
  consumeHalfMessage(n: number, wait?: number): Promise<{ code: number; body: SdkMessage[] }>;
  commit(handle: string): Promise<{ code: number; body?: Array<{ ErrorCode: string }> }>;
  rollback(handle: string): Promise<{ code: number; body?: Array<{ ErrorCode: string }> }>;
}
interface Client {
  getTransProducer(instanceId: string, topic: string, group: string): TransProducer;
  getProducer(instanceId: string, topic: string): Producer;
  getConsumer(instanceId: string, topic: string, group: string, tag?: string): Consumer;
}
const { MQClient, MessageProperties } = MQ as unknown as {
  MQClient: new (endpoint: string, ak: string, sk: string) => Client;
  MessageProperties: new () => {
    transCheckImmunityTime(seconds: number): void;
    messageKey(k: string): void;
    putProperty(k: string, v: string): void;
    shardingKey(k: string): void;
    startDeliverTime(ms: number): void;
  };
};

const INVISIBLE_MS = 1_000;
const CLIENT_INTERVAL_MS = 500;
let t: TestApp;
let tdmq: TdmqClient;
beforeAll(async () => {
  t = await startTestApp({
    HTTP_INVISIBLE_MS: String(INVISIBLE_MS),
    CLIENT_INTERVAL_MS: String(CLIENT_INTERVAL_MS),
    TRANSACTION_CHECK_INTERVAL_MS: '500',
  });
  tdmq = tdmqClient(t);
});
afterAll(() => t.close());

/** A cluster with namespace prod, topic orders, group billing and a role that may produce and consume. */
async function fixture(opts: MessagingOptions = {}) {
  const m = await messagingFixture(tdmq, { permissions: ['produce', 'consume'], ...opts });
  const client = new MQClient(m.endpoint, m.token!, 'app');
  return {
    c: m.clusterId,
    endpoint: m.endpoint,
    token: m.token!,
    producer: client.getProducer('prod', 'orders'),
    consumer: (tag?: string) => client.getConsumer('prod', 'orders', 'billing', tag),
    transProducer: () => client.getTransProducer('prod', 'orders', 'billing'),
  };
}

const errorOf = async (p: Promise<unknown>): Promise<SdkError> => {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
};

/** Consumes until `count` messages arrived (long polling, 3 s per call). */
async function consumeAll(consumer: Consumer, count: number): Promise<SdkMessage[]> {
  const got: SdkMessage[] = [];
  for (let i = 0; i < 10 && got.length < count; i++) {
    try {
      got.push(...(await consumer.consumeMessage(16, 3)).body);
    } catch (e) {
      if ((e as SdkError).Code !== 'MessageNotExist') throw e;
    }
  }
  return got;
}

it('publishes with tag, key and properties; consumes with long polling; acks', async () => {
  const f = await fixture();
  const props = new MessageProperties();
  props.messageKey('order-1');
  props.putProperty('region', 'eu');
  const sent = await f.producer.publishMessage('hello <world> & ü', 'created', props);
  expect(sent.code).toBe(201);
  expect(sent.body.MessageId).toMatch(/^01[0-9A-F]{32}$/);
  expect(sent.body.MessageBodyMD5).toMatch(/^[0-9A-F]{32}$/);

  const consumer = f.consumer();
  const [m] = await consumeAll(consumer, 1);
  expect(m).toMatchObject({
    MessageId: sent.body.MessageId,
    MessageBody: 'hello <world> & ü',
    MessageTag: 'created',
    MessageKey: 'order-1',
    Properties: { region: 'eu' },
    ConsumedTimes: '1',
  });
  expect(Number(m.NextConsumeTime) - Number(m.PublishTime)).toBeGreaterThan(0);
  const ack = await consumer.ackMessage([m.ReceiptHandle]);
  expect(ack.code).toBe(204);
  expect((await errorOf(consumer.consumeMessage(16, 1))).Code).toBe('MessageNotExist');
});

it('a long poll returns as soon as a message is published', async () => {
  const f = await fixture();
  const consumer = f.consumer();
  const started = Date.now();
  const polling = consumer.consumeMessage(1, 10);
  await new Promise((r) => setTimeout(r, 300));
  await f.producer.publishMessage('late');
  const { body } = await polling;
  expect(body.map((m) => m.MessageBody)).toEqual(['late']);
  expect(Date.now() - started).toBeLessThan(5_000);
});

it('filters by tag expression (A||B)', async () => {
  const f = await fixture();
  for (const tag of ['A', 'B', 'C']) await f.producer.publishMessage(`tagged ${tag}`, tag);
  await f.producer.publishMessage('untagged');
  const got = await consumeAll(f.consumer('A||B'), 2);
  expect(got.map((m) => m.MessageBody).sort()).toEqual(['tagged A', 'tagged B']);
});

it('redelivers an unacked message after its invisibility, with a new receipt handle', async () => {
  const f = await fixture();
  await f.producer.publishMessage('retry me');
  const consumer = f.consumer();
  const [first] = await consumeAll(consumer, 1);
  await new Promise((r) => setTimeout(r, INVISIBLE_MS + 200));
  const [second] = await consumeAll(consumer, 1);
  expect(second.MessageId).toBe(first.MessageId);
  expect(second.ConsumedTimes).toBe('2');
  expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
  const stale = await consumer.ackMessage([first.ReceiptHandle]);
  expect(stale.body).toEqual([
    expect.objectContaining({
      ErrorCode: 'ReceiptHandleError',
      ReceiptHandle: first.ReceiptHandle,
    }),
  ]);
  expect((await consumer.ackMessage([second.ReceiptHandle])).code).toBe(204);
});

it('dead-letters a message past the group’s RetryMaxTimes', async () => {
  const f = await fixture({ retries: 1 });
  const sent = await f.producer.publishMessage('poison');
  const consumer = f.consumer();
  for (let delivery = 1; delivery <= 2; delivery++) {
    const [m] = await consumeAll(consumer, 1);
    expect(m.ConsumedTimes).toBe(String(delivery));
    await new Promise((r) => setTimeout(r, INVISIBLE_MS + 200));
  }
  expect((await errorOf(consumer.consumeMessage(16, 1))).Code).toBe('MessageNotExist');
  const { Topics } = await tdmq.DescribeRocketMQTopics({
    ClusterId: f.c,
    NamespaceId: 'prod',
    Offset: 0,
    Limit: 20,
    FilterType: ['DeadLetter'],
  });
  expect(Topics!.map((x) => x.Name)).toEqual(['%DLQ%billing']);
  expect(sent.body.MessageId).toBeTruthy();
});

it('refuses what the role may not do, bad secrets, unknown tokens, and mismatched messages', async () => {
  const f = await fixture({ permissions: ['produce'] });
  expect((await errorOf(f.consumer().consumeMessage(1))).Code).toBe('AccessDenied');
  const wrongSecret = new MQClient(f.endpoint, f.token, 'not-the-role');
  expect((await errorOf(wrongSecret.getProducer('prod', 'orders').publishMessage('x'))).Code).toBe(
    'SignatureDoesNotMatch',
  );
  const unknown = new MQClient(f.endpoint, 'not-a-token', 'app');
  expect((await errorOf(unknown.getProducer('prod', 'orders').publishMessage('x'))).Code).toBe(
    'InvalidAccessKeyId',
  );
  const ordered = new MessageProperties();
  ordered.shardingKey('k1');
  expect((await errorOf(f.producer.publishMessage('x', undefined, ordered))).Code).toBe(
    'MessageTypeMismatch',
  );
  const client = new MQClient(f.endpoint, f.token, 'app');
  expect((await errorOf(client.getProducer('prod', 'missing').publishMessage('x'))).Code).toBe(
    'TopicNotExist',
  );
  expect((await errorOf(client.getProducer('', 'orders').publishMessage('x'))).Code).toBe(
    'InvalidArgument',
  );
});

it('holds a delayed message until its delivery time (DelayScheduled topics)', async () => {
  const f = await fixture({ type: 'DelayScheduled' });
  const at = Date.now() + 1_500;
  const props = new MessageProperties();
  props.startDeliverTime(at);
  await f.producer.publishMessage('later', undefined, props);
  const consumer = f.consumer();
  expect((await errorOf(consumer.consumeMessage(1))).Code).toBe('MessageNotExist');
  const { body } = await consumer.consumeMessage(1, 10);
  expect(Date.now()).toBeGreaterThanOrEqual(at);
  expect(body[0]).toMatchObject({ MessageBody: 'later', StartDeliverTime: at });
  // A delay topic takes only delayed messages; a Normal topic no delayed ones; at most the cluster's maximum delay.
  expect((await errorOf(f.producer.publishMessage('now'))).Code).toBe('MessageTypeMismatch');
  const tooLate = new MessageProperties();
  tooLate.startDeliverTime(Date.now() + 4 * 86_400_000);
  expect((await errorOf(f.producer.publishMessage('x', undefined, tooLate))).Code).toBe(
    'InvalidArgument',
  );
  const normal = await fixture();
  expect((await errorOf(normal.producer.publishMessage('x', undefined, props))).Code).toBe(
    'MessageTypeMismatch',
  );
});

it('holds a message for its delay level (RocketMQ 4’s DELAY property: level 1 = 1 s … 18 = 2 h)', async () => {
  const f = await fixture({ type: 'DelayScheduled' });
  const level = (n: string) => {
    const props = new MessageProperties();
    props.putProperty('DELAY', n);
    return props;
  };
  const sentAt = Date.now();
  await f.producer.publishMessage('one second', undefined, level('1'));
  const answeredAt = Date.now();
  const consumer = f.consumer();
  expect((await errorOf(consumer.consumeMessage(1))).Code).toBe('MessageNotExist');
  const { body } = await consumer.consumeMessage(1, 10);
  expect(Date.now()).toBeGreaterThanOrEqual(sentAt + 1_000);
  expect(body[0].MessageBody).toBe('one second');
  const deliverAt = Number(body[0].StartDeliverTime);
  expect(deliverAt).toBeGreaterThanOrEqual(sentAt + 1_000);
  expect(deliverAt).toBeLessThanOrEqual(answeredAt + 1_000);
  expect(body[0].Properties).not.toHaveProperty('DELAY');
  // Level 18 is two hours; there is no level 0 or 19; a level and a delivery time together are ambiguous.
  const twoHours = await f.producer.publishMessage('two hours', undefined, level('18'));
  expect(twoHours.code).toBe(201);
  for (const bad of ['0', '19', 'x'])
    expect((await errorOf(f.producer.publishMessage('x', undefined, level(bad)))).Code).toBe(
      'InvalidArgument',
    );
  const both = level('2');
  both.startDeliverTime(Date.now() + 5_000);
  expect((await errorOf(f.producer.publishMessage('x', undefined, both))).Code).toBe(
    'InvalidArgument',
  );
  const normal = await fixture();
  expect((await errorOf(normal.producer.publishMessage('x', undefined, level('1')))).Code).toBe(
    'MessageTypeMismatch',
  );
  // Only the level-1 message was delivered; the two-hour one is still held.
  expect((await errorOf(consumer.consumeMessage(16))).Code).toBe('MessageNotExist');
});

it('orderly consumption hands out a queue’s next message only after the previous one is acked', async () => {
  const f = await fixture({ type: 'GlobalOrder' });
  for (const body of ['a1', 'a2', 'a3']) await f.producer.publishMessage(body);
  const consumer = f.consumer();
  const next = async () => (await consumer.consumeMessageOrderly(1, 1)).body[0];
  const a1 = await next();
  expect(a1.MessageBody).toBe('a1');
  expect((await errorOf(consumer.consumeMessageOrderly(1))).Code).toBe('MessageNotExist');
  await consumer.ackMessage([a1.ReceiptHandle]);
  const a2 = await next();
  expect(a2.MessageBody).toBe('a2');
  await new Promise((r) => setTimeout(r, INVISIBLE_MS + 200));
  const again = await next();
  expect([again.MessageBody, again.ConsumedTimes]).toEqual(['a2', '2']);
  await consumer.ackMessage([again.ReceiptHandle]);
  expect((await next()).MessageBody).toBe('a3');
});

it('keeps the order of each sharding key on a PartitionedOrder topic', async () => {
  const f = await fixture({ type: 'PartitionedOrder' });
  const keyed = (key: string) => {
    const p = new MessageProperties();
    p.shardingKey(key);
    return p;
  };
  for (let i = 0; i < 5; i++)
    for (const key of ['k1', 'k2', 'k3'])
      await f.producer.publishMessage(`${key}-${i}`, undefined, keyed(key));
  const consumer = f.consumer();
  const seen = new Map<string, number[]>();
  for (let round = 0; round < 20 && [...seen.values()].flat().length < 15; round++) {
    let batch: SdkMessage[] = [];
    try {
      batch = (await consumer.consumeMessageOrderly(16, 1)).body;
    } catch (e) {
      if ((e as SdkError).Code !== 'MessageNotExist') throw e;
    }
    for (const m of batch) {
      expect(m.ShardingKey).toBe(m.MessageBody.split('-')[0]);
      const list = seen.get(m.ShardingKey!) ?? [];
      list.push(Number(m.MessageBody.split('-')[1]));
      seen.set(m.ShardingKey!, list);
    }
    if (batch.length) await consumer.ackMessage(batch.map((m) => m.ReceiptHandle));
  }
  expect(Object.fromEntries(seen)).toEqual({
    k1: [0, 1, 2, 3, 4],
    k2: [0, 1, 2, 3, 4],
    k3: [0, 1, 2, 3, 4],
  });
  expect((await errorOf(f.producer.publishMessage('no key'))).Code).toBe('MessageTypeMismatch');
});

it('SendRocketMQMessage goes through the same path: consumers receive it', async () => {
  const f = await fixture();
  const sent = await tdmq.SendRocketMQMessage({
    ClusterId: f.c,
    NamespaceId: 'prod',
    TopicName: 'orders',
    MsgBody: 'from the console',
    MsgTag: 'test',
    MsgKey: 'k-1',
  });
  expect(sent.Result).toBe(true);
  const [m] = await consumeAll(f.consumer(), 1);
  expect(m).toMatchObject({
    MessageId: sent.MsgId,
    MessageBody: 'from the console',
    MessageTag: 'test',
    MessageKey: 'k-1',
  });
  const missing = await errorOf(
    tdmq.SendRocketMQMessage({
      ClusterId: f.c,
      NamespaceId: 'prod',
      TopicName: 'nope',
      MsgBody: 'x',
    }),
  );
  expect((missing as unknown as { code: string }).code).toBe('ResourceNotFound.Topic');
});

it('ResetRocketMQConsumerOffSet rewinds to a time or skips to the latest, for offline groups too', async () => {
  const f = await fixture();
  const before = Date.now() - 1_000;
  for (const body of ['r1', 'r2', 'r3']) await f.producer.publishMessage(body);
  const consumer = f.consumer();
  const first = await consumeAll(consumer, 3);
  await consumer.ackMessage(first.map((m) => m.ReceiptHandle));
  expect((await errorOf(consumer.consumeMessage(16))).Code).toBe('MessageNotExist');

  await tdmq.ResetRocketMQConsumerOffSet({
    ClusterId: f.c,
    NamespaceId: 'prod',
    GroupId: 'billing',
    Type: 1,
    Topic: 'orders',
    ResetTimestamp: before,
  });
  const again = await consumeAll(consumer, 3);
  expect(again.map((m) => m.MessageBody).sort()).toEqual(['r1', 'r2', 'r3']);

  await tdmq.ResetRocketMQConsumerOffSet({
    ClusterId: f.c,
    NamespaceId: 'prod',
    GroupId: 'billing',
    Type: 0,
    RetryFlag: true,
  });
  expect((await errorOf(consumer.consumeMessage(16))).Code).toBe('MessageNotExist');

  // A group that never consumed: skip what is stored, then get only what comes next.
  await tdmq.CreateRocketMQGroup({
    ClusterId: f.c,
    Namespaces: ['prod'],
    GroupId: 'audit',
    ReadEnable: true,
    BroadcastEnable: false,
  });
  await f.producer.publishMessage('old');
  await tdmq.ResetRocketMQConsumerOffSet({
    ClusterId: f.c,
    NamespaceId: 'prod',
    GroupId: 'audit',
    Type: 0,
    Topic: 'orders',
  });
  await f.producer.publishMessage('new');
  const audit = new MQClient(f.endpoint, f.token, 'app').getConsumer('prod', 'orders', 'audit');
  expect((await consumeAll(audit, 1)).map((m) => m.MessageBody)).toEqual(['new']);
});

it('shows who is connected, the backlog per queue, and forgets clients that stopped', async () => {
  const f = await fixture();
  for (const body of ['b1', 'b2', 'b3']) await f.producer.publishMessage(body);
  const consumer = f.consumer();
  const [m] = (await consumer.consumeMessage(1)).body;
  const ids = { ClusterId: f.c, NamespaceId: 'prod' };

  const { ConsumerStatsList } = await tdmq.DescribeRocketMQConsumeStats({
    ...ids,
    ConsumerGroup: 'billing',
  });
  expect(ConsumerStatsList!.map((s) => s.TopicName)).toEqual(['orders', 'orders', 'orders']);
  expect(ConsumerStatsList!.reduce((n, s) => n + s.BrokerOffset!, 0)).toBe(3);
  // One message is handed out but not acked: still counted in the backlog.
  expect(ConsumerStatsList!.reduce((n, s) => n + s.DiffTotal!, 0)).toBe(3);

  const { Groups } = await tdmq.DescribeRocketMQGroups({ ...ids, Offset: 0, Limit: 10 });
  expect(Groups!.map((g) => [g.Name, g.ConsumerNum, g.TotalAccumulative])).toEqual([
    ['billing', 1, 3],
  ]);

  const conns = await tdmq.DescribeRocketMQConsumerConnections({
    ...ids,
    GroupId: 'billing',
    Offset: 0,
    Limit: 10,
  });
  expect(conns.TotalCount).toBe(1);
  expect(conns.Connections![0]).toMatchObject({ Language: 'HTTP', Accumulative: 3 });
  expect(conns.Connections![0].Version).toMatch(/^mq-nodejs-sdk\//);
  expect(conns.GroupDetail!.Name).toBe('billing');
  const detail = await tdmq.DescribeRocketMQConsumerConnectionDetail({
    ...ids,
    GroupId: 'billing',
    ClientId: conns.Connections![0].ClientId!,
    Offset: 0,
    Limit: 10,
  });
  expect(detail.Details!.map((d) => [d.Topic, d.Type, d.SubRule, d.Accumulative])).toEqual([
    ['orders', 'Normal', '*', 3],
  ]);
  const subs = await tdmq.DescribeRocketMQSubscriptions({
    ClusterId: f.c,
    Namespace: 'prod',
    Group: 'billing',
    Offset: 0,
    Limit: 10,
  });
  expect(subs.Subscriptions).toEqual([
    expect.objectContaining({
      Topic: 'orders',
      SubString: '*',
      IsOnline: true,
      ConsumerLag: 3,
      Status: 0,
      ClientSubscriptionInfos: [expect.objectContaining({ Topic: 'orders', SubString: '*' })],
    }),
  ]);
  const { ClusterStats } = await tdmq.DescribeRocketMQCluster({ ClusterId: f.c });
  expect(ClusterStats).toMatchObject({
    ProducedMsgNum: 3,
    ConsumedMsgNum: 0,
    AccumulativeMsgNum: 3,
  });
  const { Topics } = await tdmq.DescribeRocketMQTopics({ ...ids, Offset: 0, Limit: 10 });
  expect(Topics![0].LastUpdateTime).toBeGreaterThan(0);
  const producers = await tdmq.DescribeRocketMQProducers({
    ...ids,
    Topic: 'orders',
    Offset: 0,
    Limit: 10,
  });
  expect(producers.TotalCount).toBe(1);

  await consumer.ackMessage([m.ReceiptHandle]);
  const after = await tdmq.DescribeRocketMQConsumeStats({ ...ids, ConsumerGroup: 'billing' });
  expect(after.ConsumerStatsList!.reduce((n, s) => n + s.DiffTotal!, 0)).toBe(2);

  await new Promise((r) => setTimeout(r, 2 * CLIENT_INTERVAL_MS + 200));
  expect((await tdmq.DescribeRocketMQCluster({ ClusterId: f.c })).ClusterStats).toMatchObject({
    ConsumedMsgNum: 1,
    AccumulativeMsgNum: 2,
  });
  const gone = await tdmq.DescribeRocketMQConsumerConnections({
    ...ids,
    GroupId: 'billing',
    Offset: 0,
    Limit: 10,
  });
  expect(gone.TotalCount).toBe(0);
  const { Groups: later } = await tdmq.DescribeRocketMQGroups({ ...ids, Offset: 0, Limit: 10 });
  expect(later![0].ConsumerNum).toBe(0);
});

it('reports a group’s consumption rate (TPS): messages delivered per second over the last minute', async () => {
  const f = await fixture();
  const ids = { ClusterId: f.c, NamespaceId: 'prod' };
  const tps = async () =>
    (await tdmq.DescribeRocketMQGroups({ ...ids, Offset: 0, Limit: 10 })).Groups![0].TPS!;
  for (let i = 0; i < 12; i++) await f.producer.publishMessage(`m${i}`);
  expect(await tps()).toBe(0);
  expect(await consumeAll(f.consumer(), 12)).toHaveLength(12);
  // Rates reach Redis once a second; 12 messages over a window of 60-70 s.
  const rate = await until('a rate', async () => (await tps()) || undefined);
  expect(rate).toBeGreaterThanOrEqual(0.17);
  expect(rate).toBeLessThanOrEqual(0.2);
  const { GroupDetail } = await tdmq.DescribeRocketMQConsumerConnections({
    ...ids,
    GroupId: 'billing',
    Offset: 0,
    Limit: 10,
  });
  expect(GroupDetail!.TPS).toBeCloseTo(rate, 1);
});

it('transactions: a half message is invisible until committed, dropped on rollback, checked while undecided', async () => {
  const f = await fixture({ type: 'Transaction' });
  const producer = f.transProducer();
  const half = (checkSeconds: number) => {
    const p = new MessageProperties();
    p.transCheckImmunityTime(checkSeconds);
    return p;
  };
  const consumer = f.consumer();

  const committed = await producer.publishMessage('commit me', 'tx', half(60));
  expect(committed.body.ReceiptHandle).toBeTruthy();
  const rolledBack = await producer.publishMessage('roll me back', 'tx', half(60));
  expect((await errorOf(consumer.consumeMessage(16))).Code).toBe('MessageNotExist');
  expect((await producer.commit(committed.body.ReceiptHandle)).code).toBe(204);
  expect((await producer.rollback(rolledBack.body.ReceiptHandle)).code).toBe(204);
  const got = await consumeAll(consumer, 1);
  expect(got.map((m) => m.MessageBody)).toEqual(['commit me']);
  expect(got[0].Properties).toEqual({});
  await consumer.ackMessage([got[0].ReceiptHandle]);

  // Undecided: offered for a check after its immunity time, with a new handle each time.
  const undecided = await producer.publishMessage('decide later', 'tx', half(1));
  expect((await errorOf(producer.consumeHalfMessage(1))).Code).toBe('MessageNotExist');
  await new Promise((r) => setTimeout(r, 1_100));
  const [check] = (await producer.consumeHalfMessage(1, 1)).body;
  expect(check).toMatchObject({ MessageId: undecided.body.MessageId, MessageBody: 'decide later' });
  expect(check.ReceiptHandle).not.toBe(undecided.body.ReceiptHandle);
  const stale = await producer.commit(undecided.body.ReceiptHandle);
  expect(stale.body).toEqual([expect.objectContaining({ ErrorCode: 'ReceiptHandleError' })]);
  expect((await producer.commit(check.ReceiptHandle)).code).toBe(204);
  expect((await consumeAll(consumer, 1)).map((m) => m.MessageBody)).toEqual(['decide later']);

  // A Transaction topic takes only half messages; other topics none.
  expect((await errorOf(f.producer.publishMessage('plain'))).Code).toBe('MessageTypeMismatch');
  const normal = await fixture();
  expect(
    (await errorOf(normal.transProducer().publishMessage('x', undefined, half(10)))).Code,
  ).toBe('MessageTypeMismatch');
});

it('deleting a group stops its consumers at once (a long poll ends with GroupNotExist)', async () => {
  const f = await fixture();
  const consumer = f.consumer();
  const started = Date.now();
  const polling = errorOf(consumer.consumeMessage(1, 20));
  await new Promise((r) => setTimeout(r, 200));
  await tdmq.DeleteRocketMQGroup({ ClusterId: f.c, NamespaceId: 'prod', GroupId: 'billing' });
  expect((await polling).Code).toBe('GroupNotExist');
  expect(Date.now() - started).toBeLessThan(3_000);
});
