import cam from 'tencentcloud-sdk-nodejs/tencentcloud/services/cam/v20190116/cam_client.js';
import tag from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client.js';
import tdmq from 'tencentcloud-sdk-nodejs/tencentcloud/services/tdmq/v20200217/tdmq_client.js';
import type { TestApp } from './app.js';
import { ROOT_SECRET_ID, ROOT_SECRET_KEY } from './app.js';

export type TdmqClient = InstanceType<typeof tdmq.Client>;
export type CamClient = InstanceType<typeof cam.Client>;
export type TagClient = InstanceType<typeof tag.Client>;

export interface ClientOptions {
  region?: string;
  secretId?: string;
  secretKey?: string;
  signMethod?: 'TC3-HMAC-SHA256' | 'HmacSHA1' | 'HmacSHA256';
  reqMethod?: 'POST' | 'GET';
}

/** The official tdmq 2020-02-17 client, unchanged but for its endpoint. */
export function tdmqClient(t: Pick<TestApp, 'endpoint'>, o: ClientOptions = {}): TdmqClient {
  return new tdmq.Client({
    credential: {
      secretId: o.secretId ?? ROOT_SECRET_ID,
      secretKey: o.secretKey ?? ROOT_SECRET_KEY,
    },
    region: o.region ?? 'ap-guangzhou',
    profile: {
      signMethod: o.signMethod,
      httpProfile: {
        endpoint: t.endpoint,
        protocol: 'http://',
        reqMethod: o.reqMethod ?? 'POST',
        reqTimeout: 30,
      },
    },
  });
}

function profile(t: Pick<TestApp, 'endpoint'>, o: ClientOptions) {
  return {
    credential: {
      secretId: o.secretId ?? ROOT_SECRET_ID,
      secretKey: o.secretKey ?? ROOT_SECRET_KEY,
    },
    region: o.region ?? '',
    profile: {
      signMethod: o.signMethod,
      httpProfile: {
        endpoint: t.endpoint,
        protocol: 'http://',
        reqMethod: o.reqMethod ?? 'POST',
        reqTimeout: 30,
      },
    },
  };
}

/** The official cam 2019-01-16 client (global service: no region unless given). */
export function camClient(t: Pick<TestApp, 'endpoint'>, o: ClientOptions = {}): CamClient {
  return new cam.Client(profile(t, o));
}

/** The official tag 2018-08-13 client (global service: no region unless given). */
export function tagClient(t: Pick<TestApp, 'endpoint'>, o: ClientOptions = {}): TagClient {
  return new tag.Client(profile(t, o));
}

/** The SDK's error for a failing call: `{ code, message, requestId }` (fails the test if the call succeeds). */
export async function sdkError(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; requestId: string; traceId?: string }> {
  try {
    const result = await p;
    throw new Error(`expected an API error, got ${JSON.stringify(result)}`);
  } catch (e) {
    const err = e as { code?: string; message: string; requestId?: string; traceId?: string };
    if (!err.code) throw e;
    return {
      code: err.code,
      message: err.message,
      requestId: err.requestId ?? '',
      traceId: err.traceId,
    };
  }
}
