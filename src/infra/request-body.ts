import { BadRequestException } from '@nestjs/common';
import { errorCodes, type FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';

/**
 * An oversized body is read (and discarded) up to this multiple of the body limit before its
 * refusal is sent. Not reading it, as Fastify's own parser does, closes the socket while the
 * client is still sending: the kernel then resets the connection and a client that reads the
 * answer only after sending (most blocking HTTP clients, and fetch on a slow link) gets EPIPE or
 * ECONNRESET instead of the coded error. A body declared larger than this is refused at once.
 */
export const DRAIN_FACTOR = 4;

type Done = (error: Error | null, body?: Buffer) => void;

const tooLarge = () => new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();

/**
 * A content-type parser keeping every body as raw bytes (signatures cover the exact bytes), at
 * most `limit` of them. Over the limit — by Content-Length or while a chunked body grows — the
 * rest is read and dropped, and the refusal (413, answered in each endpoint's own format by
 * the exception filter, with `Connection: close`) is sent once the client has finished sending,
 * or once `DRAIN_FACTOR × limit` bytes have arrived. The request time-out bounds a slow drain.
 */
export function rawBodyParser(limit: number) {
  const drainLimit = DRAIN_FACTOR * limit;
  return (req: FastifyRequest, payload: IncomingMessage, done: Done): void => {
    const declared = Number(req.headers['content-length']);
    if (declared > drainLimit) return done(tooLarge());
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: Error | null, body?: Buffer) => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      done(error, body);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else if (received > drainLimit) finish(tooLarge());
      else chunks.length = 0; // over the limit: keep reading, keep nothing
    };
    const onEnd = () =>
      received > limit ? finish(tooLarge()) : finish(null, Buffer.concat(chunks, received));
    // An upload cut short (the client aborted, or the request time-out closed it) is the
    // client's fault: a 400 the filter answers in its format (if the socket still stands),
    // not an internal error logged for every slow sender.
    const onError = (error: Error) =>
      finish(
        new BadRequestException(`The request body was not received in full: ${error.message}`),
      );
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  };
}

/**
 * Node's HTTP server time-outs for a request time-out: the whole request (headers and body)
 * must arrive within it — after that only the response is pending, which is not timed, so
 * long polls are unaffected. Headers get at most Node's default of 60 s (never more than the
 * whole request); expiry is checked at a quarter of the time-out (at most every second,
 * Node's default being every 30 s, which would let a slow sender stay far longer).
 */
export function serverTimeouts(requestTimeoutMs: number) {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(requestTimeoutMs, 60_000),
    connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
  };
}
