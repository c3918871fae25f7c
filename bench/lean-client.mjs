// A lighter load generator for the HTTP data plane. The community SDK (`@aliyunmq/mq-http-sdk`)
// spends about a quarter of a millisecond of CPU per call (httpx, xml2js): at 5,000 msg/s it would
// need more than one of this machine's two cores for itself. This client sends the same requests —
// headers, signature and XML bodies are built by the SDK's own `buildHeaders` and `toXMLBuffer` —
// over an undici keep-alive pool, and reads the answers with a few regular expressions.
import MQ from '@aliyunmq/mq-http-sdk';
import helper from '@aliyunmq/mq-http-sdk/lib/helper.js';
import { Pool } from 'undici';

const { MQClient } = MQ;
const { toXMLBuffer } = helper;

const cdata = (xml, element) => {
  const m = new RegExp(`<${element}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${element}>`).exec(
    xml,
  );
  return m?.[1];
};

/** An SDK-style error: `Code` as the SDK sets it. */
function failure(method, path, status, xml) {
  const err = new Error(
    `${method} ${path} failed with ${status}: ${cdata(xml, 'Code')} ${cdata(xml, 'Message')}`,
  );
  err.Code = cdata(xml, 'Code') ?? `HTTP ${status}`;
  return err;
}

export class LeanClient {
  /** `connections`: the pool's sockets (one request at a time on each, as the SDK's agent does). */
  constructor(endpoint, accessKey, secretKey, connections) {
    const url = new URL(endpoint);
    this.signer = new MQClient(endpoint, accessKey, secretKey);
    this.base = url.pathname.replace(/\/$/, '');
    this.pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  close() {
    return this.pool.close();
  }

  async request(method, resource, body) {
    const headers = this.signer.buildHeaders(method, body, resource);
    const { statusCode, body: stream } = await this.pool.request({
      method,
      path: this.base + resource,
      headers,
      body: method === 'GET' ? undefined : body,
    });
    const text = await stream.text();
    if (statusCode >= 300 && text.includes('<Error'))
      throw failure(method, resource, statusCode, text);
    return { code: statusCode, text };
  }

  getProducer(instanceId, topic) {
    const path = `/topics/${topic}/messages?ns=${instanceId}`;
    return {
      publishMessage: async (messageBody, tag) => {
        const params = { MessageBody: messageBody };
        if (tag) params.MessageTag = tag;
        const r = await this.request('POST', path, toXMLBuffer('Message', params));
        return { code: r.code, body: { MessageId: cdata(r.text, 'MessageId') } };
      },
    };
  }

  getConsumer(instanceId, topic, group) {
    const path = `/topics/${topic}/messages?consumer=${group}&ns=${instanceId}`;
    return {
      consumeMessage: async (numOfMessages, waitSeconds) => {
        let url = `${path}&numOfMessages=${numOfMessages}`;
        if (waitSeconds) url += `&waitseconds=${waitSeconds}`;
        const r = await this.request('GET', url, '');
        const body = r.text
          .split('<Message>')
          .slice(1)
          .map((m) => ({
            MessageId: cdata(m, 'MessageId'),
            ReceiptHandle: cdata(m, 'ReceiptHandle'),
            MessageBody: cdata(m, 'MessageBody'),
          }));
        return { code: r.code, body };
      },
      ackMessage: async (handles) => {
        const r = await this.request(
          'DELETE',
          path,
          toXMLBuffer('ReceiptHandles', handles, 'ReceiptHandle'),
        );
        return {
          code: r.code,
          body: r.code === 204 ? undefined : r.text.split('<Error>').slice(1),
        };
      },
    };
  }
}
