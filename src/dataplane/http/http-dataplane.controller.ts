import { Controller, Delete, Get, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';
import { RoleAcl, type ResolvedRole } from '../../rocketmq/roles/role-acl.js';
import { SubscriptionsService } from '../../rocketmq/subscriptions/subscriptions.service.js';
import { ConsumeService } from '../consume.service.js';
import { DataPlaneError, type DataPlaneCode } from '../dataplane-error.js';
import { ProduceService } from '../produce.service.js';
import { TransactionsService } from '../transactions.service.js';
import { ownerKey, Presence, type Client } from '../state/presence.js';
import { credentialsOf, verifyRequest } from './mq-signature.js';
import {
  ackErrorsResponse,
  errorResponse,
  messagesResponse,
  parsePublish,
  parseReceiptHandles,
  publishResponse,
} from './mq-xml.js';

const STATUS: Record<DataPlaneCode | 'InternalError', number> = {
  AccessDenied: 403,
  InvalidAccessKeyId: 403,
  TimeExpired: 403,
  SignatureDoesNotMatch: 403,
  InvalidDigest: 400,
  MalformedXML: 400,
  InvalidArgument: 400,
  MessageTypeMismatch: 400,
  MessageTooLarge: 400,
  UnsupportedOperation: 400,
  TopicNotExist: 404,
  GroupNotExist: 404,
  InstanceNotExist: 404,
  MessageNotExist: 404,
  ReceiptHandleError: 404,
  ServiceUnavailable: 503,
  InternalError: 500,
};

const XML = 'text/xml;charset=utf-8';
const MAX_MESSAGES = 16;
const MAX_WAIT_SECONDS = 30;
/** A group's subscription is recorded at most this often per process. */
const SUBSCRIPTION_REFRESH_MS = 30_000;

type Query = Record<string, string | undefined>;

/** Request ids: this process's random prefix and a counter (24 hex digits, unique without a draw each). */
const REQUEST_ID_PREFIX = randomBytes(8).toString('hex').toUpperCase();
let requestCounter = 0;
const nextRequestId = () =>
  REQUEST_ID_PREFIX +
  (requestCounter++ % 0x1_0000_0000).toString(16).toUpperCase().padStart(8, '0');

const invalid = (message: string) => new DataPlaneError('InvalidArgument', message);

function intParam(q: Query, name: string, min: number, max: number, fallback: number): number {
  const raw = q[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw invalid(`${name} must be an integer between ${min} and ${max}.`);
  return Number(raw);
}

/**
 * The RocketMQ HTTP protocol (what `@aliyunmq/mq-http-sdk` and its Java/Go/Python siblings
 * speak) at each cluster's HTTP access point, `<base>/rocketmq/<ClusterId>`: publish (POST),
 * consume with long polling (GET), ack (DELETE) on `/topics/<topic>/messages`. AccessKey = a
 * role's token, SecretKey = the role name, instance id (`ns`) = the namespace. Every answer is
 * XML; failures are `<Error>` documents the SDKs turn into exceptions.
 */
@ApiExcludeController()
@Controller('rocketmq/:clusterId/topics/:topic/messages')
export class HttpDataPlaneController {
  private readonly logger = new Logger('HttpDataPlane');
  private readonly recorded = new Map<string, number>();

  constructor(
    private readonly acl: RoleAcl,
    private readonly produce: ProduceService,
    private readonly consume: ConsumeService,
    private readonly subscriptions: SubscriptionsService,
    private readonly presence: Presence,
    private readonly transactions: TransactionsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post()
  publish(
    @Param('clusterId') clusterId: string,
    @Param('topic') topic: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, async (namespace, role) => {
      this.allow(role, clusterId, namespace, 'produce', { type: 'topic', name: topic });
      const { message, transCheckSeconds } = parsePublish(req.body as Buffer | undefined);
      const produced = await this.produce.produce(clusterId, namespace, topic, {
        ...message,
        transactionCheckSeconds: transCheckSeconds,
      });
      this.presence.seen('producer', ownerKey(clusterId, namespace, topic), clientOf(req));
      return {
        status: 201,
        body: publishResponse(produced.msgId, message.body, produced.receiptHandle),
      };
    });
  }

  @Get()
  consumeMessages(
    @Param('clusterId') clusterId: string,
    @Param('topic') topic: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, async (namespace, role, q) => {
      const group = this.consumerOf(q);
      if (q.trans === 'pop') {
        // A transactional producer checking its undecided half messages (the group names it).
        this.allow(role, clusterId, namespace, 'produce', {
          type: 'topic',
          name: topic,
        });
        const max = intParam(q, 'numOfMessages', 1, MAX_MESSAGES, 1);
        const half = await this.transactions.dueForCheck(clusterId, namespace, topic, max);
        if (!half.length) throw new DataPlaneError('MessageNotExist', 'Message not exist.');
        return { status: 200, body: messagesResponse(half) };
      }
      if (q.trans !== undefined && q.trans !== 'order')
        throw invalid(`trans=${q.trans} is not a consume mode: use order or pop.`);
      this.allow(role, clusterId, namespace, 'consume', { type: 'topic', name: topic });
      this.allow(role, clusterId, namespace, 'consume', { type: 'group', name: group });
      const max = intParam(q, 'numOfMessages', 1, MAX_MESSAGES, 1);
      const waitSeconds = intParam(q, 'waitseconds', 0, MAX_WAIT_SECONDS, 0);
      const expression = q.tag && q.tag !== '*' ? q.tag : '*';
      const tags =
        expression === '*'
          ? ('*' as const)
          : expression
              .split('||')
              .map((t) => t.trim())
              .filter(Boolean);
      const client = clientOf(req);
      this.presence.seen('consumer', ownerKey(clusterId, namespace, group), client, {
        name: topic,
        subRule: expression,
      });
      const messages = await this.consume.pop({
        clusterId,
        namespace,
        group,
        topic,
        max,
        waitMs: waitSeconds * 1000,
        tags,
        invisibleMs: this.config.httpInvisibleMs,
        orderly: q.trans === 'order',
        clientId: client.clientId,
      });
      this.recordSubscription(clusterId, namespace, group, topic, expression);
      if (!messages.length) throw new DataPlaneError('MessageNotExist', 'Message not exist.');
      return { status: 200, body: messagesResponse(messages) };
    });
  }

  @Delete()
  ack(
    @Param('clusterId') clusterId: string,
    @Param('topic') topic: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(req, reply, async (namespace, role, q) => {
      const group = this.consumerOf(q);
      const handles = parseReceiptHandles(req.body as Buffer | undefined);
      let failures;
      if (q.trans === 'commit' || q.trans === 'rollback') {
        this.allow(role, clusterId, namespace, 'produce', {
          type: 'topic',
          name: topic,
        });
        failures = await this.transactions.decide(
          clusterId,
          namespace,
          topic,
          handles,
          q.trans === 'commit',
        );
      } else if (q.trans !== undefined) {
        throw invalid(`trans=${q.trans} is not an ack mode: use commit or rollback.`);
      } else {
        this.allow(role, clusterId, namespace, 'consume', {
          type: 'group',
          name: group,
        });
        failures = await this.consume.ack(clusterId, namespace, group, topic, handles);
      }
      return failures.length
        ? { status: 404, body: ackErrorsResponse(failures) }
        : { status: 204, body: undefined };
    });
  }

  /** Authenticates the request, then runs the operation; every outcome is answered in XML. */
  private async serve(
    req: FastifyRequest,
    reply: FastifyReply,
    op: (
      namespace: string,
      role: ResolvedRole,
      q: Query,
    ) => Promise<{ status: number; body: string | undefined }>,
  ): Promise<void> {
    const requestId = nextRequestId();
    reply.header('x-mq-request-id', requestId);
    try {
      const { accessKey, signature } = credentialsOf(req.headers);
      const role = await this.acl.resolve(accessKey);
      if (!role)
        throw new DataPlaneError(
          'InvalidAccessKeyId',
          'Unknown AccessKey: use a role token of this cluster (it may have been rotated, or its role deleted).',
        );
      verifyRequest(
        req.method,
        req.url,
        req.headers,
        req.body as Buffer | undefined,
        signature,
        role.secret,
      );
      const q = req.query as Query;
      if (!q.ns)
        throw invalid('The instance id is required: pass the namespace as the SDK’s instanceId.');
      const result = await op(q.ns, role, q);
      reply.status(result.status);
      if (result.body === undefined) return void (await reply.send());
      await reply.header('content-type', XML).send(result.body);
    } catch (e) {
      await sendXmlError(reply, e, requestId, this.logger);
    }
  }

  private consumerOf(q: Query): string {
    if (!q.consumer) throw invalid('The consumer (group) parameter is required.');
    return q.consumer;
  }

  /** The role's namespace permissions decide (answered from memory: the role was resolved once). */
  private allow(
    role: ResolvedRole,
    clusterId: string,
    namespace: string,
    action: 'produce' | 'consume',
    resource: { type: 'topic' | 'group'; name: string },
  ): void {
    const decision = this.acl.decide(role, { clusterId, namespace, resource, action });
    if (!decision.allowed) throw new DataPlaneError('AccessDenied', decision.reason);
  }

  private recordSubscription(
    clusterId: string,
    namespace: string,
    group: string,
    topic: string,
    expression: string,
  ): void {
    const key = JSON.stringify([clusterId, namespace, group, topic, expression]);
    const now = Date.now();
    if ((this.recorded.get(key) ?? 0) > now) return;
    if (this.recorded.size > 10_000) this.recorded.clear();
    this.recorded.set(key, now + SUBSCRIPTION_REFRESH_MS);
    this.subscriptions
      .record({ clusterId, namespace, group, topic }, 'TAG', expression)
      .catch((e: Error) => this.logger.warn(`recording a subscription failed: ${e.message}`));
  }
}

/**
 * An HTTP client as the connection lists show it. The HTTP protocol carries no client id:
 * the address and the SDK's user agent stand for it.
 */
function clientOf(req: FastifyRequest): Client {
  const agent = String(req.headers['user-agent'] ?? 'unknown');
  return { clientId: `${req.ip}@HTTP#${agent}`, addr: req.ip, language: 'HTTP', version: agent };
}

/** An `<Error>` answer: a DataPlaneError with its status, anything else as InternalError (logged). */
export async function sendXmlError(
  reply: FastifyReply,
  e: unknown,
  requestId: string,
  logger: Logger,
): Promise<void> {
  const known = e instanceof DataPlaneError;
  if (!known) logger.error(`request ${requestId} failed: ${(e as Error).stack ?? String(e)}`);
  const code = known ? e.code : 'InternalError';
  const message = known
    ? e.message
    : `Internal error; quote RequestId ${requestId} when reporting it.`;
  await reply
    .status(STATUS[code])
    .header('x-mq-request-id', requestId)
    .header('content-type', XML)
    .send(errorResponse(code, message, requestId, 'rocketmq-cloud'));
}
