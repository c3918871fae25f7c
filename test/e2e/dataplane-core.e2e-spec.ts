import { DataSource } from 'typeorm';
import { ConsumeService, type PopRequest } from '../../src/dataplane/consume.service.js';
import { newMessageId, ProduceService } from '../../src/dataplane/produce.service.js';
import { StoreProcessor } from '../../src/dataplane/store.processor.js';
import type { MessageToStore } from '../../src/jobs/queues.js';
import type { Job } from 'bullmq';
import { startTestApp, type TestApp } from '../support/app.js';
import { messagingFixture, type MessagingOptions } from '../support/messaging.js';
import { tdmqClient, type TdmqClient } from '../support/sdk.js';

/**
 * The protocol-neutral data plane against real Postgres, Redis and storage workers: what is
 * produced is stored durably before the call returns, consumed once per group, redelivered
 * when not acked in time, dead-lettered after the group's retries.
 */
let t: TestApp;
let tdmq: TdmqClient;
let produce: ProduceService;
let consume: ConsumeService;
let db: DataSource;
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
  produce = t.app.get(ProduceService);
  consume = t.app.get(ConsumeService);
  db = t.app.get(DataSource);
});
afterAll(() => t.close());

async function fixture(opts: MessagingOptions = {}) {
  const { clusterId: c } = await messagingFixture(tdmq, opts);
  const pop = (extra: Partial<PopRequest> = {}) =>
    consume.pop({
      clusterId: c,
      namespace: 'prod',
      group: 'billing',
      topic: 'orders',
      max: 16,
      waitMs: 0,
      tags: '*',
      invisibleMs: 60_000,
      ...extra,
    });
  const send = (body: string, extra: object = {}) =>
    produce.produce(c, 'prod', 'orders', { body: Buffer.from(body), ...extra });
  return { c, pop, send };
}

it('stores before returning, delivers once per group, and acks', async () => {
  const f = await fixture();
  const sent = await Promise.all(
    Array.from({ length: 20 }, (_, i) => f.send(`m${i}`, { tag: i % 2 ? 'odd' : 'even' })),
  );
  const [{ count }] = await db.query(
    `SELECT count(*)::int AS count FROM messages WHERE cluster_id = $1 AND msg_id = ANY($2)`,
    [f.c, sent.map((s) => s.msgId)],
  );
  expect(count).toBe(20);
  const first = await f.pop();
  const second = await f.pop();
  const third = await f.pop();
  const got = [...first, ...second, ...third];
  expect(got.map((m) => m.body.toString()).sort()).toEqual(sent.map((_, i) => `m${i}`).sort());
  expect(new Set(got.map((m) => m.msgId)).size).toBe(20);
  expect(await f.pop()).toEqual([]);
  const failures = await consume.ack(
    f.c,
    'prod',
    'billing',
    'orders',
    got.map((m) => m.receiptHandle),
  );
  expect(failures).toEqual([]);
  expect(await consume.ack(f.c, 'prod', 'billing', 'orders', [got[0].receiptHandle])).toHaveLength(
    1,
  );
});

it('a storage job run again after its worker died stores its batch once and answers the same places', async () => {
  const f = await fixture();
  const processor = t.app.get(StoreProcessor);
  const messages: MessageToStore[] = ['x1', 'x2', 'x3'].map((body) => ({
    clusterId: f.c,
    namespace: 'prod',
    topic: 'orders',
    queueId: 0,
    msgId: newMessageId(),
    tag: '',
    keys: [],
    properties: {},
    body: Buffer.from(body).toString('base64'),
    shardingKey: null,
    bornAt: Date.now(),
  }));
  // The first run committed, then its worker was killed before BullMQ recorded the completion;
  // the stalled job comes back without a failure (attemptsMade 0) but with a second start.
  const job = (runs: number) =>
    ({
      id: 'store-stalled',
      name: 'store',
      data: { messages },
      attemptsMade: 0,
      attemptsStarted: runs,
    }) as unknown as Job;
  const first = await processor.process(job(1));
  const again = await processor.process(job(2));
  expect(again).toEqual(first);
  const [{ count }] = await db.query(
    `SELECT count(*)::int AS count FROM messages WHERE cluster_id = $1 AND msg_id = ANY($2)`,
    [f.c, messages.map((m) => m.msgId)],
  );
  expect(count).toBe(3);
});

it('filters by tag and long-polls until a message arrives', async () => {
  const f = await fixture();
  await f.send('a', { tag: 'A' });
  await f.send('b', { tag: 'B' });
  expect((await f.pop({ tags: ['B'] })).map((m) => m.body.toString())).toEqual(['b']);
  const waiting = f.pop({ tags: ['B'], waitMs: 5_000 });
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 200));
  await f.send('late', { tag: 'B' });
  const late = await waiting;
  expect(late.map((m) => m.body.toString())).toEqual(['late']);
  expect(Date.now() - started).toBeLessThan(4_000);
});

it('redelivers what is not acked in time, then dead-letters past the retry limit', async () => {
  const f = await fixture({ retries: 1 });
  await f.send('once');
  const a = await f.pop({ invisibleMs: 100 });
  expect(a).toHaveLength(1);
  expect(a[0].deliveredTimes).toBe(1);
  await new Promise((r) => setTimeout(r, 150));
  const b = await f.pop({ invisibleMs: 100 });
  expect(b.map((m) => [m.msgId, m.deliveredTimes])).toEqual([[a[0].msgId, 2]]);
  expect(await consume.ack(f.c, 'prod', 'billing', 'orders', [a[0].receiptHandle])).toHaveLength(1);
  await new Promise((r) => setTimeout(r, 150));
  expect(await f.pop({ invisibleMs: 100 })).toEqual([]);
  const dlq = await db.query(
    `SELECT msg_id, reconsume, properties FROM messages WHERE cluster_id = $1 AND topic = '%DLQ%billing'`,
    [f.c],
  );
  expect(dlq).toEqual([
    { msg_id: a[0].msgId, reconsume: 2, properties: { ORIGIN_TOPIC: 'orders' } },
  ]);
  const { Topics } = await tdmq.DescribeRocketMQTopics({
    ClusterId: f.c,
    NamespaceId: 'prod',
    Offset: 0,
    Limit: 20,
  });
  expect(Topics!.map((x) => [x.Name, x.Type])).toContainEqual(['%DLQ%billing', 'DeadLetter']);
});

it('parallel consumers of one group never get the same message', async () => {
  const f = await fixture({ partitions: 4 });
  await Promise.all(Array.from({ length: 200 }, (_, i) => f.send(`p${i}`)));
  const results = await Promise.all(Array.from({ length: 8 }, () => f.pop({ max: 16 })));
  let all = results.flat();
  for (let round = 0; round < 20 && all.length < 200; round++)
    all = all.concat(
      (await Promise.all(Array.from({ length: 8 }, () => f.pop({ max: 16 })))).flat(),
    );
  expect(all).toHaveLength(200);
  expect(new Set(all.map((m) => m.msgId)).size).toBe(200);
});

it('DescribeRocketMQTopicStats reports the stored offsets of each queue', async () => {
  const f = await fixture({ partitions: 2 });
  // One at a time: each call is its own batch, and batches take the queues in turn (parallel
  // calls could share one batch, and so one queue).
  const sent = [];
  for (let i = 0; i < 5; i++) sent.push(await f.send(`s${i}`));
  expect(new Set(sent.map((s) => s.queueId)).size).toBe(2);
  const { TopicStatsList } = await tdmq.DescribeRocketMQTopicStats({
    ClusterId: f.c,
    NamespaceId: 'prod',
    TopicName: 'orders',
  });
  const perQueue = [0, 1].map((q) => sent.filter((s) => s.queueId === q).length);
  expect(TopicStatsList!.map((s) => [s.QueueId, s.MinOffset, s.MaxOffset, s.MessageCount])).toEqual(
    perQueue.map((n, q) => [q, 0, n, n]),
  );
  for (const s of TopicStatsList!)
    expect(s.LastUpdateTimestamp).toBe(
      Math.max(...sent.filter((x) => x.queueId === s.QueueId).map((x) => x.storedAt)),
    );
});

it('deleting a topic deletes its stored messages; a re-created topic starts empty', async () => {
  const f = await fixture();
  await Promise.all(Array.from({ length: 10 }, (_, i) => f.send(`d${i}`)));
  await tdmq.DeleteRocketMQTopic({ ClusterId: f.c, NamespaceId: 'prod', Topic: 'orders' });
  await tdmq.CreateRocketMQTopic({
    ClusterId: f.c,
    Namespaces: ['prod'],
    Topic: 'orders',
    Type: 'Normal',
  });
  const stored = async () =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM messages WHERE cluster_id = $1 AND topic = 'orders'`,
        [f.c],
      )
    )[0].n as number;
  const deadline = Date.now() + 10_000;
  while ((await stored()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(await stored()).toBe(0);
  expect(await f.pop()).toEqual([]);
});

it('a broadcasting group gives every consumer client every message, without server-side retry', async () => {
  const f = await fixture({ broadcast: true });
  await f.send('before');
  // Each client starts where the queues end when it first polls.
  expect(await f.pop({ clientId: 'A' })).toEqual([]);
  expect(await f.pop({ clientId: 'B' })).toEqual([]);
  await Promise.all(['x', 'y', 'z'].map((b) => f.send(b)));
  const a = await f.pop({ clientId: 'A' });
  const b = await f.pop({ clientId: 'B' });
  expect(a.map((m) => m.body.toString()).sort()).toEqual(['x', 'y', 'z']);
  expect(b.map((m) => m.body.toString()).sort()).toEqual(['x', 'y', 'z']);
  expect(await f.pop({ clientId: 'A', invisibleMs: 1 })).toEqual([]);
  expect(
    await consume.ack(
      f.c,
      'prod',
      'billing',
      'orders',
      a.map((m) => m.receiptHandle),
    ),
  ).toEqual([]);
});
