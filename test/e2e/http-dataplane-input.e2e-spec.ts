import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sign, stringToSign } from '../../src/dataplane/http/mq-signature.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { messagingFixture } from '../support/messaging.js';
import { sdkError, tdmqClient, type TdmqClient } from '../support/sdk.js';

/**
 * Malformed, oversized, unsigned and out-of-range input to the HTTP data plane and to the
 * control-plane actions over it: always a coded error (XML for the data plane), never a 500,
 * and nothing written.
 */
let t: TestApp;
let tdmq: TdmqClient;
let db: DataSource;
let m: { clusterId: string; endpoint: string; token?: string };
beforeAll(async () => {
  t = await startTestApp();
  tdmq = tdmqClient(t);
  db = t.app.get(DataSource);
  m = await messagingFixture(tdmq, { permissions: ['produce', 'consume'] });
});
afterAll(() => t.close());

interface Raw {
  method: 'GET' | 'POST' | 'DELETE';
  resource: string;
  body?: string | Buffer;
  date?: Date;
  secret?: string;
  unsigned?: boolean;
}

/** A request as the HTTP SDK signs it (resource from `/topics/`), sent raw. */
async function raw(r: Raw): Promise<{ status: number; type: string; text: string }> {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  const headers: Record<string, string> = {
    date: (r.date ?? new Date()).toUTCString(),
    'x-mq-version': '2015-06-06',
    'content-type': 'text/xml;charset=utf-8',
  };
  if (body)
    headers['content-md5'] = Buffer.from(createHash('md5').update(body).digest('hex')).toString(
      'base64',
    );
  if (!r.unsigned)
    headers.authorization = `MQ ${m.token}:${sign(r.secret ?? 'app', stringToSign(r.method, headers, r.resource))}`;
  const res = await fetch(`${m.endpoint}${r.resource}`, { method: r.method, headers, body });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

const codeOf = (text: string) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
const publish = (body: string | Buffer, extra: Partial<Raw> = {}) =>
  raw({ method: 'POST', resource: '/topics/orders/messages?ns=prod', body, ...extra });
const message = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Message xmlns="http://mq.aliyuncs.com/doc/v1/">${inner}</Message>`;
const stored = async () =>
  (
    await db.query(`SELECT count(*)::int AS n FROM messages WHERE cluster_id = $1`, [m.clusterId])
  )[0].n as number;

it.each([
  ['malformed XML', () => publish('<Message><MessageBody>x</Message>'), 400, 'MalformedXML'],
  [
    'another root element',
    () => publish(message('').replace(/Message/g, 'Other')),
    400,
    'MalformedXML',
  ],
  ['an empty body', () => publish(message('<MessageBody></MessageBody>')), 400, 'InvalidArgument'],
  [
    'a bad delivery time',
    () =>
      publish(
        message('<MessageBody>x</MessageBody><Properties>__STARTDELIVERTIME:soon</Properties>'),
      ),
    400,
    'InvalidArgument',
  ],
  [
    'a tag with "|"',
    () => publish(message('<MessageBody>x</MessageBody><MessageTag>a|b</MessageTag>')),
    400,
    'InvalidArgument',
  ],
  [
    'a reserved property',
    () => publish(message('<MessageBody>x</MessageBody><Properties>UNIQ_KEY:1</Properties>')),
    400,
    'InvalidArgument',
  ],
  [
    'a body over 4 MiB',
    () => publish(message(`<MessageBody>${'x'.repeat(4 * 1024 * 1024 + 1)}</MessageBody>`)),
    400,
    'MessageTooLarge',
  ],
  [
    'a request over the 10 MB limit',
    () => publish(Buffer.alloc(11 * 1024 * 1024, 'x')),
    400,
    'MessageTooLarge',
  ],
  [
    'no Authorization',
    () => publish(message('<MessageBody>x</MessageBody>'), { unsigned: true }),
    403,
    'AccessDenied',
  ],
  [
    'a Date an hour off',
    () =>
      publish(message('<MessageBody>x</MessageBody>'), { date: new Date(Date.now() - 3_600_000) }),
    403,
    'TimeExpired',
  ],
  [
    'a wrong secret',
    () => publish(message('<MessageBody>x</MessageBody>'), { secret: 'nope' }),
    403,
    'SignatureDoesNotMatch',
  ],
  [
    'no instance id',
    () =>
      raw({
        method: 'POST',
        resource: '/topics/orders/messages',
        body: message('<MessageBody>x</MessageBody>'),
      }),
    400,
    'InvalidArgument',
  ],
  [
    'an unknown topic',
    () =>
      raw({
        method: 'POST',
        resource: '/topics/nope/messages?ns=prod',
        body: message('<MessageBody>x</MessageBody>'),
      }),
    404,
    'TopicNotExist',
  ],
  [
    'no consumer',
    () => raw({ method: 'GET', resource: '/topics/orders/messages?ns=prod&numOfMessages=1' }),
    400,
    'InvalidArgument',
  ],
  [
    '17 messages',
    () =>
      raw({
        method: 'GET',
        resource: '/topics/orders/messages?consumer=billing&ns=prod&numOfMessages=17',
      }),
    400,
    'InvalidArgument',
  ],
  [
    'a non-numeric count',
    () =>
      raw({
        method: 'GET',
        resource: '/topics/orders/messages?consumer=billing&ns=prod&numOfMessages=undefined',
      }),
    400,
    'InvalidArgument',
  ],
  [
    'a 31 s long poll',
    () =>
      raw({
        method: 'GET',
        resource: '/topics/orders/messages?consumer=billing&ns=prod&numOfMessages=1&waitseconds=31',
      }),
    400,
    'InvalidArgument',
  ],
  [
    'an unknown consume mode',
    () =>
      raw({
        method: 'GET',
        resource: '/topics/orders/messages?consumer=billing&ns=prod&numOfMessages=1&trans=x',
      }),
    400,
    'InvalidArgument',
  ],
  [
    'an unknown group',
    () =>
      raw({
        method: 'GET',
        resource: '/topics/orders/messages?consumer=nope&ns=prod&numOfMessages=1',
      }),
    404,
    'GroupNotExist',
  ],
  [
    'an ack without handles',
    () =>
      raw({
        method: 'DELETE',
        resource: '/topics/orders/messages?consumer=billing&ns=prod',
        body: '<?xml version="1.0"?><ReceiptHandles xmlns="http://mq.aliyuncs.com/doc/v1/"></ReceiptHandles>',
      }),
    400,
    'MalformedXML',
  ],
  [
    'an unknown path',
    () => raw({ method: 'GET', resource: '/topics/orders/elsewhere?ns=prod' }),
    400,
    'InvalidArgument',
  ],
])('%s is refused with an XML error, nothing stored', async (_what, call, status, code) => {
  const before = await stored();
  const res = await call();
  expect([res.status, codeOf(res.text)]).toEqual([status, code]);
  expect(res.type).toMatch(/^text\/xml/);
  expect(res.text).toMatch(/<RequestId>[0-9A-F]+<\/RequestId>/);
  expect(await stored()).toBe(before);
});

it('a well-formed raw request is accepted (the refusals above are about their input)', async () => {
  const res = await publish(message('<MessageBody><![CDATA[ok]]></MessageBody>'));
  expect(res.status).toBe(201);
  expect(res.text).toMatch(/<MessageId>01[0-9A-F]{32}<\/MessageId>/);
});

it('the control-plane actions over the data plane refuse bad input with API codes', async () => {
  const ids = { ClusterId: m.clusterId, NamespaceId: 'prod' };
  const cases: Array<[() => Promise<unknown>, string]> = [
    [
      () => tdmq.ResetRocketMQConsumerOffSet({ ...ids, GroupId: 'billing', Type: 1 }),
      'InvalidParameter',
    ],
    [
      () => tdmq.ResetRocketMQConsumerOffSet({ ...ids, GroupId: 'nope', Type: 0 }),
      'ResourceNotFound.Group',
    ],
    [
      () =>
        tdmq.ResetRocketMQConsumerOffSet({ ...ids, GroupId: 'billing', Type: 0, Topic: 'nope' }),
      'ResourceNotFound.Topic',
    ],
    [
      () => tdmq.ResetRocketMQConsumerOffSet({ ...ids, GroupId: 'billing', Type: 2 }),
      'InvalidParameterValue',
    ],
    [
      () =>
        tdmq.DescribeRocketMQConsumerConnections({ ...ids, GroupId: 'nope', Offset: 0, Limit: 10 }),
      'ResourceNotFound.Group',
    ],
    [
      () => tdmq.DescribeRocketMQConsumeStats({ ...ids, ConsumerGroup: 'nope' }),
      'ResourceNotFound.Group',
    ],
    [
      () => tdmq.DescribeRocketMQProducers({ ...ids, Topic: 'nope', Offset: 0, Limit: 10 }),
      'ResourceNotFound.Topic',
    ],
    [
      () =>
        tdmq.DescribeRocketMQProducers({
          ...ids,
          Topic: 'orders',
          Offset: 0,
          Limit: 10,
          Filters: [{ Name: 'Bogus', Values: ['x'] }],
        }),
      'InvalidParameterValue',
    ],
    [
      () => tdmq.SendRocketMQMessage({ ...ids, TopicName: 'orders', MsgBody: 'x', MsgTag: 'a|b' }),
      'InvalidParameterValue',
    ],
    [
      () =>
        tdmq.SendRocketMQMessage({
          ClusterId: 'rocketmq-nope',
          NamespaceId: 'prod',
          TopicName: 'orders',
          MsgBody: 'x',
        }),
      'ResourceNotFound.Cluster',
    ],
  ];
  for (const [call, code] of cases) expect((await sdkError(call())).code).toBe(code);
});
