import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { MigrationRunner } from '../database/database.module.js';
import { REDIS } from '../jobs/jobs.module.js';
import { WORKER_HEARTBEAT_KEY } from '../jobs/queues.js';

type Check = 'ok' | string;

const within = <T>(ms: number, p: Promise<T>): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);

async function check(fn: () => Promise<boolean | void>, failure = 'failed'): Promise<Check> {
  try {
    return (await within(2000, fn())) === false ? failure : 'ok';
  } catch (e) {
    return (e as Error).message || failure;
  }
}

/** Liveness and readiness for orchestrators (documented in the OpenAPI document by hand). */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly migrations: MigrationRunner,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get('healthz')
  liveness() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readiness(@Res() reply: FastifyReply) {
    const [postgres, redis, migrations, worker] = await Promise.all([
      check(async () => void (await this.dataSource.query('SELECT 1'))),
      check(async () => {
        // Say why in words: a ping on a lost connection only reports exhausted retries.
        if (this.redis.status !== 'ready')
          throw new Error(`unreachable (connection ${this.redis.status})`);
        return (await this.redis.ping()) === 'PONG';
      }),
      check(() => this.migrations.upToDate(), 'pending'),
      check(
        async () =>
          (await this.redis.exists(`${this.config.queuePrefix}:${WORKER_HEARTBEAT_KEY}`)) === 1,
        'no heartbeat in the last 30 s',
      ),
    ]);
    // A separate worker process (PROCESS_ROLE=api here) is reported but does not gate this API's readiness.
    const required =
      this.config.processRole === 'all'
        ? [postgres, redis, migrations, worker]
        : [postgres, redis, migrations];
    const ready = required.every((c) => c === 'ok');
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'unavailable',
      checks: { postgres, redis, migrations, worker },
    });
  }
}
