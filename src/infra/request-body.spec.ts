import { BadRequestException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { DRAIN_FACTOR, rawBodyParser, serverTimeouts } from './request-body.js';

const LIMIT = 100;

/** Runs the parser over a stream fed `chunks`: what it answered, and how much it left unread. */
async function parse(
  chunks: Buffer[],
  headers: Record<string, string> = {},
): Promise<{ error: Error | null; body?: Buffer; unread: number }> {
  const payload = new PassThrough();
  const answer = new Promise<{ error: Error | null; body?: Buffer }>((resolve) =>
    rawBodyParser(LIMIT)(
      { headers } as unknown as FastifyRequest,
      payload as unknown as IncomingMessage,
      (error, body) => resolve({ error, body }),
    ),
  );
  for (const c of chunks) payload.write(c);
  payload.end();
  return { ...(await answer), unread: payload.readableLength };
}

const bytes = (n: number) => Buffer.alloc(n, 'x');
const statusOf = (e: Error | null) => (e as { statusCode?: number } | null)?.statusCode;

describe('rawBodyParser', () => {
  it('keeps a body up to the limit as raw bytes', async () => {
    const r = await parse([bytes(60), bytes(40)], { 'content-length': '100' });
    expect(r.error).toBeNull();
    expect(r.body).toEqual(bytes(100));
  });

  it('refuses a body one byte over the limit (413), after reading it to its end', async () => {
    const r = await parse([bytes(60), bytes(41)], { 'content-length': '101' });
    expect(statusOf(r.error)).toBe(413);
    expect(r.unread).toBe(0);
  });

  it('refuses a chunked body that grows past the limit, reading it to its end', async () => {
    const r = await parse(Array.from({ length: 10 }, () => bytes(30)));
    expect(statusOf(r.error)).toBe(413);
    expect(r.unread).toBe(0);
  });

  it(`stops reading once ${DRAIN_FACTOR}× the limit has arrived`, async () => {
    const r = await parse(Array.from({ length: 20 }, () => bytes(LIMIT)));
    expect(statusOf(r.error)).toBe(413);
    expect(r.body).toBeUndefined();
  });

  it(`refuses at once a body declared over ${DRAIN_FACTOR}× the limit`, async () => {
    const r = await parse([bytes(10)], { 'content-length': String(DRAIN_FACTOR * LIMIT + 1) });
    expect(statusOf(r.error)).toBe(413);
    expect(r.unread).toBe(10); // not read at all
  });

  it('answers an upload cut short as the client’s fault (400), not an internal error', async () => {
    const payload = new PassThrough();
    const answer = new Promise<Error | null>((resolve) =>
      rawBodyParser(LIMIT)(
        { headers: {} } as unknown as FastifyRequest,
        payload as unknown as IncomingMessage,
        (error) => resolve(error),
      ),
    );
    payload.write(bytes(10));
    payload.destroy(new Error('aborted'));
    const error = await answer;
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error?.message).toContain('aborted');
  });
});

describe('serverTimeouts', () => {
  it('times the whole request, headers at most 60 s, checked often enough to matter', () => {
    expect(serverTimeouts(30_000)).toEqual({
      requestTimeout: 30_000,
      headersTimeout: 30_000,
      connectionsCheckingInterval: 1000,
    });
    expect(serverTimeouts(1500)).toEqual({
      requestTimeout: 1500,
      headersTimeout: 1500,
      connectionsCheckingInterval: 375,
    });
    expect(serverTimeouts(300_000).headersTimeout).toBe(60_000);
  });
});
