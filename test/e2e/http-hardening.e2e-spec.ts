import MQ from '@aliyunmq/mq-http-sdk';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { sign, stringToSign } from '../../src/dataplane/http/mq-signature.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { messagingFixture } from '../support/messaging.js';
import { tdmqClient } from '../support/sdk.js';

/**
 * Hostile input to the HTTP server: XML the data plane must refuse with MalformedXML (never a
 * 500), and the limits against slow and oversized clients on both endpoints (API 3.0 at `/`,
 * the data plane under `/rocketmq/`): a request must arrive within HTTP_REQUEST_TIMEOUT_MS
 * (here 1.5 s) while answers (a 30 s long poll) are not timed, and a body over the 10 MB limit
 * is answered with its coded error in a way every client can read.
 */
interface Producer {
  publishMessage(body: string): Promise<{ code: number }>;
}
interface Consumer {
  consumeMessage(n: number, wait?: number): Promise<{ code: number }>;
}
const { MQClient } = MQ as unknown as {
  MQClient: new (
    endpoint: string,
    ak: string,
    sk: string,
  ) => {
    getProducer(instanceId: string, topic: string): Producer;
    getConsumer(instanceId: string, topic: string, group: string): Consumer;
  };
};

const TIMEOUT_MS = 1500;
const MB = 1024 * 1024;
let t: TestApp;
let m: { clusterId: string; endpoint: string; token?: string };
let db: DataSource;
let dataPlanePath: string;
let producer: Producer;
/** A consumer of a topic nothing is published to. */
let idleConsumer: Consumer;
beforeAll(async () => {
  t = await startTestApp({ HTTP_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
  const tdmq = tdmqClient(t);
  db = t.app.get(DataSource);
  let idle: typeof m;
  [m, idle] = await Promise.all([
    messagingFixture(tdmq, { permissions: ['produce', 'consume'] }),
    messagingFixture(tdmq, { permissions: ['produce', 'consume'] }),
  ]);
  dataPlanePath = `${new URL(m.endpoint).pathname}/topics/orders/messages?ns=prod`;
  producer = new MQClient(m.endpoint, m.token!, 'app').getProducer('prod', 'orders');
  idleConsumer = new MQClient(idle.endpoint, idle.token!, 'app').getConsumer(
    'prod',
    'orders',
    'billing',
  );
});
afterAll(() => t.close());

/** A data-plane request signed as the HTTP SDK signs it (resource from `/topics/`), sent raw. */
async function signed(method: 'POST' | 'DELETE', resource: string, body: string) {
  const bytes = Buffer.from(body);
  const headers: Record<string, string> = {
    date: new Date().toUTCString(),
    'x-mq-version': '2015-06-06',
    'content-type': 'text/xml;charset=utf-8',
    'content-md5': Buffer.from(createHash('md5').update(bytes).digest('hex')).toString('base64'),
  };
  headers.authorization = `MQ ${m.token}:${sign('app', stringToSign(method, headers, resource))}`;
  const res = await fetch(`${m.endpoint}${resource}`, { method, headers, body: bytes });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}
const publish = (body: string) => signed('POST', '/topics/orders/messages?ns=prod', body);
const ack = (body: string) =>
  signed('DELETE', '/topics/orders/messages?consumer=billing&ns=prod', body);
const message = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Message xmlns="http://mq.aliyuncs.com/doc/v1/">${inner}</Message>`;
const ackBody = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><ReceiptHandles xmlns="http://mq.aliyuncs.com/doc/v1/">${inner}</ReceiptHandles>`;
const stored = async () =>
  (
    await db.query(`SELECT count(*)::int AS n FROM messages WHERE cluster_id = $1`, [m.clusterId])
  )[0].n as number;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const codeOf = (text: string) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];

/**
 * A raw connection: `drive` writes to it (and may return a stop function); resolves once the
 * server closes it, with what the server sent and how long that took.
 */
function rawSocket(
  drive: (s: Socket) => (() => void) | void,
): Promise<{ text: string; ms: number; error?: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const s = connect(t.port, '127.0.0.1');
    let text = '';
    let error: string | undefined;
    let stop: (() => void) | void;
    s.on('connect', () => (stop = drive(s)));
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    s.on('close', () => {
      stop?.();
      resolve({ text, ms: Date.now() - started, error });
    });
  });
}

/** Answered 408 or simply closed, between the time-out and a few seconds after it. */
function expectCutOff(r: { text: string; ms: number }) {
  expect(r.text === '' || r.text.startsWith('HTTP/1.1 408')).toBe(true);
  expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
  expect(r.ms).toBeLessThan(TIMEOUT_MS + 3000);
}

describe('hostile XML', () => {
  /** The hardening issue's probes (each once answered 500): hostile or broken XML, always a coded 400. */
  it.each([
    [
      'a DOCTYPE with an external entity',
      () =>
        publish(
          message('<MessageBody>&xxe;</MessageBody>').replace(
            '?>',
            '?><!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
          ),
        ),
    ],
    [
      'a DOCTYPE with an internal entity',
      () =>
        publish(
          `<!DOCTYPE Message [<!ENTITY x "boom">]><Message><MessageBody>&x;</MessageBody></Message>`,
        ),
    ],
    [
      '200,000 nested tags',
      () =>
        publish(
          message(`<MessageBody>x</MessageBody>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`),
        ),
    ],
    [
      'an element named __proto__',
      () => publish(message('<__proto__><MessageBody>x</MessageBody></__proto__>')),
    ],
    [
      'an element named constructor',
      () => publish(message('<MessageBody>x</MessageBody><constructor/>')),
    ],
    [
      'an element named prototype',
      () => publish(message('<MessageBody>x</MessageBody><prototype>1</prototype>')),
    ],
    ['a processing instruction', () => publish(message('<?evil x?><MessageBody>x</MessageBody>'))],
    ['a truncated body', () => publish(message('<MessageBody>x</MessageBody>').slice(0, -5))],
    [
      'an ack naming __proto__',
      () => ack(ackBody('<__proto__><ReceiptHandle>x</ReceiptHandle></__proto__>')),
    ],
    [
      'an ack with a DOCTYPE',
      () => ack(`<!DOCTYPE x [<!ENTITY y "z">]>${ackBody('<ReceiptHandle>&y;</ReceiptHandle>')}`),
    ],
  ])('%s is refused with MalformedXML (400), nothing stored', async (_what, call) => {
    const before = await stored();
    const res = await call();
    expect([res.status, codeOf(res.text)]).toEqual([400, 'MalformedXML']);
    expect(res.type).toMatch(/^text\/xml/);
    expect(res.text).toMatch(/<RequestId>[0-9A-F]+<\/RequestId>/);
    expect(await stored()).toBe(before);
  });

  it('fuzzed SDK bodies get 201 or a coded 400, never a 500; a normal publish still works after', async () => {
    // A seeded sample of SDK-shaped bodies, each broken by up to three edits (the unit fuzz test
    // of the parsers, mq-xml-fuzz.spec.ts, runs thousands).
    const hostile = [
      '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!ENTITY x "y">',
      '&x;',
      '&#0;',
      '<![CDATA[',
      ']]>',
      '<!--',
      '<?pi?>',
      '<__proto__>1</__proto__>',
      '<constructor/>',
      '<',
      '\u0000',
      '<a>'.repeat(5000),
      `<X a="${'x'.repeat(100_000)}"/>`,
    ];
    const bodies = fc.sample(
      fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 20 }),
          fc.array(fc.tuple(fc.nat(), fc.constantFrom(...hostile), fc.boolean()), {
            minLength: 1,
            maxLength: 3,
          }),
        )
        .map(([text, edits]) =>
          edits.reduce(
            (doc, [at, piece, cut]) => {
              const i = at % (doc.length + 1);
              return doc.slice(0, i) + piece + (cut ? '' : doc.slice(i));
            },
            message(`<MessageBody><![CDATA[${text}]]></MessageBody>`),
          ),
        ),
      { seed: 7, numRuns: 40 },
    );
    const answers = new Map<string, number>();
    for (const body of bodies) {
      const res = await publish(body);
      const answer = res.status === 201 ? '201' : `${res.status} ${codeOf(res.text)}`;
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      expect(res.type).toMatch(/^text\/xml/);
    }
    expect(answers.get('400 MalformedXML')).toBeGreaterThan(0);
    for (const answer of answers.keys())
      expect(['201', '400 MalformedXML', '400 InvalidArgument']).toContain(answer);
    const res = await publish(message('<MessageBody>after the fuzz</MessageBody>'));
    expect(res.status).toBe(201);
  });
});

describe('the request time-out', () => {
  it('cuts off a client sending its body a byte at a time; others are served meanwhile', async () => {
    const slow = rawSocket((s) => {
      s.write(
        `POST ${dataPlanePath} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n`,
      );
      const timer = setInterval(() => s.write('x'), 300);
      return () => clearInterval(timer);
    });
    await sleep(500);
    const started = Date.now();
    expect((await producer.publishMessage('beside a slow sender')).code).toBe(201);
    expect(Date.now() - started).toBeLessThan(1000);
    expectCutOff(await slow);
  });

  it('cuts off a client sending its headers a byte at a time', async () => {
    const head = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Padding: ${'p'.repeat(100)}\r\n\r\n`;
    expectCutOff(
      await rawSocket((s) => {
        let i = 0;
        const timer = setInterval(() => i < head.length && s.write(head[i++]), 300);
        return () => clearInterval(timer);
      }),
    );
  });

  it('leaves an idle keep-alive connection open for its next request', async () => {
    const request = `GET ${dataPlanePath.replace('?', '/elsewhere?')} HTTP/1.1\r\nHost: x\r\n\r\n`;
    const r = await rawSocket((s) => {
      s.write(request);
      const next = setTimeout(() => s.write(request), TIMEOUT_MS + 1000);
      const done = setTimeout(() => s.end(), TIMEOUT_MS + 2000);
      return () => [next, done].forEach(clearTimeout);
    });
    expect(r.text.match(/HTTP\/1\.1 400 /g)).toHaveLength(2);
    expect(r.ms).toBeGreaterThan(TIMEOUT_MS + 1500); // closed by the client, not the server
  });

  it('does not time answers: a long poll four times the request time-out still answers', async () => {
    const started = Date.now();
    const answer = await idleConsumer.consumeMessage(1, 6).catch((e: { Code: string }) => e);
    expect((answer as { Code: string }).Code).toBe('MessageNotExist');
    expect(Date.now() - started).toBeGreaterThan(5_500);
  }, 20_000);
});

describe('a body over the 10 MB limit', () => {
  const big = () => Buffer.alloc(11 * MB, 'x');
  const read = async (r: Response) => ({ status: r.status, text: await r.text() });
  const api = (body: BodyInit) =>
    fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit).then(read);
  const dataPlane = (body: BodyInit) =>
    fetch(`${t.url}${dataPlanePath}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml;charset=utf-8' },
      body,
      duplex: 'half',
    } as RequestInit).then(read);
  const expectApiRefusal = (r: { status: number; text: string }) => {
    expect(r.status).toBe(200); // API 3.0 answers errors in its envelope
    expect(JSON.parse(r.text).Response.Error).toEqual({
      Code: 'InvalidParameter',
      Message: 'The request body exceeds 10 MB.',
    });
  };
  const expectDataPlaneRefusal = (r: { status: number; text: string }) => {
    expect(r.status).toBe(400);
    expect(codeOf(r.text)).toBe('MessageTooLarge');
  };

  it('is answered its coded error on both endpoints, read by fetch; others are served meanwhile', async () => {
    const [a, d, published] = await Promise.all([
      api(big()),
      dataPlane(big()),
      producer.publishMessage('beside an oversized upload'),
    ]);
    expectApiRefusal(a);
    expectDataPlaneRefusal(d);
    expect(published.code).toBe(201);
  });

  it('growing past the limit in chunks, is answered the same', async () => {
    const chunked = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < 11; i++) c.enqueue(new Uint8Array(MB));
          c.close();
        },
      });
    expectApiRefusal(await api(chunked()));
    expectDataPlaneRefusal(await dataPlane(chunked()));
  });

  it('is answered to a client that reads only after sending everything (once EPIPE)', async () => {
    const sendThenRead = (path: string) =>
      rawSocket((s) => {
        s.pause(); // nothing is read until the whole request is written
        s.write(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${11 * MB}\r\n\r\n`,
        );
        s.write(big(), () => s.resume());
      });
    const [a, d] = await Promise.all([sendThenRead('/'), sendThenRead(dataPlanePath)]);
    expect(a.error).toBeUndefined();
    expect(a.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(a.text).toContain('"Message":"The request body exceeds 10 MB."');
    expect(d.error).toBeUndefined();
    expect(d.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(codeOf(d.text)).toBe('MessageTooLarge');
  });
});
