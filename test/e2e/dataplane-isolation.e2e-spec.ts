import MQ from '@aliyunmq/mq-http-sdk';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { newMessageId } from '../../src/dataplane/produce.service.js';
import { StoreProcessor } from '../../src/dataplane/store.processor.js';
import type { MessageToStore, StoredPlace } from '../../src/jobs/queues.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { messagingFixture } from '../support/messaging.js';
import { tdmqClient, type TdmqClient } from '../support/sdk.js';

/**
 * One tenant's bad message never hurts another: text the store cannot hold is refused at the
 * door with a coded error, and should anything slip through, a storage batch (shared by every
 * cluster's producers) stores all its other messages and refuses only the bad one.
 */
interface Producer {
  publishMessage(body: string, tag?: string, props?: unknown): Promise<{ code: number }>;
}
interface SdkError extends Error {
  Code: string;
}
const { MQClient, MessageProperties } = MQ as unknown as {
  MQClient: new (
    endpoint: string,
    ak: string,
    sk: string,
  ) => { getProducer(ns: string, topic: string): Producer };
  MessageProperties: new () => {
    messageKey(k: string): void;
    putProperty(k: string, v: string): void;
  };
};

let t: TestApp;
let tdmq: TdmqClient;
let db: DataSource;
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
  db = t.app.get(DataSource);
});
afterAll(() => t.close());

async function producerOf(): Promise<{ clusterId: string; producer: Producer }> {
  const m = await messagingFixture(tdmq, { permissions: ['produce'] });
  return {
    clusterId: m.clusterId,
    producer: new MQClient(m.endpoint, m.token!, 'app').getProducer('prod', 'orders'),
  };
}

const outcome = (p: Promise<{ code: number }>): Promise<string> =>
  p.then(
    (r) => String(r.code),
    (e: SdkError) => e.Code ?? e.message,
  );

const storedIn = async (clusterId: string): Promise<number> =>
  (await db.query(`SELECT count(*)::int AS n FROM messages WHERE cluster_id = $1`, [clusterId]))[0]
    .n as number;

it('refuses a NUL character in a tag, key or property at the door, naming where', async () => {
  const { clusterId, producer } = await producerOf();
  const withKey = new MessageProperties();
  withKey.messageKey('order\u00001');
  const withValue = new MessageProperties();
  withValue.putProperty('region', 'e\u0000u');
  const refusals = await Promise.all([
    producer.publishMessage('body', 'ta\u0000g').catch((e: SdkError) => e),
    producer.publishMessage('body', 'tag', withKey).catch((e: SdkError) => e),
    producer.publishMessage('body', 'tag', withValue).catch((e: SdkError) => e),
  ]);
  expect(refusals.map((e) => (e as SdkError).Code)).toEqual([
    'InvalidArgument',
    'InvalidArgument',
    'InvalidArgument',
  ]);
  expect((refusals[0] as SdkError).message).toMatch(/tag contains a NUL character/);
  expect((refusals[1] as SdkError).message).toMatch(/key contains a NUL character/);
  expect((refusals[2] as SdkError).message).toMatch(/Property "region" contains a NUL/);
  expect(await storedIn(clusterId)).toBe(0);
});

it("cluster B's publishes all succeed beside cluster A's bad ones", async () => {
  const a = await producerOf();
  const b = await producerOf();
  const bad = new MessageProperties();
  bad.putProperty('note', 'x\u0000y');
  const calls = Array.from({ length: 45 }, (_, i) => i);
  const [aResults, bResults] = await Promise.all([
    Promise.all(
      calls.slice(0, 15).map((i) => outcome(a.producer.publishMessage(`a${i}`, 't', bad))),
    ),
    Promise.all(calls.map((i) => outcome(b.producer.publishMessage(`b${i}`, 't')))),
  ]);
  expect(new Set(aResults)).toEqual(new Set(['InvalidArgument']));
  expect(bResults.filter((r) => r !== '201')).toEqual([]);
  expect(await storedIn(b.clusterId)).toBe(45);
  expect(await storedIn(a.clusterId)).toBe(0);
});

it('a storage batch holding a message the store refuses stores every other message, once', async () => {
  const a = await producerOf();
  const b = await producerOf();
  const message = (clusterId: string, tag: string): MessageToStore => ({
    clusterId,
    namespace: 'prod',
    topic: 'orders',
    queueId: 0,
    msgId: newMessageId(),
    tag,
    keys: [],
    properties: {},
    body: Buffer.from('x').toString('base64'),
    shardingKey: null,
    bornAt: Date.now(),
  });
  // As if a message had got past the door: a NUL in its tag makes Postgres refuse the insert.
  const messages = [
    ...Array.from({ length: 7 }, () => message(b.clusterId, 'ok')),
    message(a.clusterId, 'bad\u0000'),
    ...Array.from({ length: 8 }, () => message(b.clusterId, 'ok')),
  ];
  const processor = t.app.get(StoreProcessor);
  const job = (runs: number) =>
    ({
      id: `store-poison-${runs}`,
      name: 'store',
      data: { messages },
      attemptsMade: 0,
      attemptsStarted: runs,
    }) as unknown as Job;
  const places = (await processor.process(job(1))) as StoredPlace[];
  expect(places.map((p) => p.msgId)).toEqual(messages.map((m) => m.msgId));
  expect(places.filter((p) => p.refused).map((p) => p.msgId)).toEqual([messages[7].msgId]);
  expect(places[7].refused).toMatch(/Unicode|0x00|\\u0000|invalid/i);
  expect(places.filter((p) => !p.refused).every((p) => p.offset >= 0)).toBe(true);
  expect(new Set(places.filter((p) => !p.refused).map((p) => p.offset)).size).toBe(15);
  expect(await storedIn(b.clusterId)).toBe(15);
  // Its worker died after committing: the job runs again and stores nothing twice.
  const again = (await processor.process(job(2))) as StoredPlace[];
  expect(again.filter((p) => !p.refused)).toEqual(places.filter((p) => !p.refused));
  expect(again[7].refused).toBeDefined();
  expect(await storedIn(b.clusterId)).toBe(15);
  expect(await storedIn(a.clusterId)).toBe(0);
});
