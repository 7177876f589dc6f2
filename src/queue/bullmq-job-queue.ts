import { getQueueToken } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type Job, type Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { appConfig, type AppConfig } from 'src/config/app.config';
import { redisConfig, type RedisConfig } from 'src/config/redis.config';
import type { JobOutboxEntity } from 'src/queue/entities/job-outbox.entity';
import { JobOutboxRepository } from 'src/queue/job-outbox.repository';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type EnqueueOptions,
  type JobHandler,
  JobQueue,
  QUEUE_NAMES,
  type QueueCounts,
  type QueueName,
} from 'src/queue/job-queue';
import { errorText, JobRegistry, sleep } from 'src/queue/job-registry';
import { workerRedisOptions } from 'src/queue/redis-connection.util';

const ADD_TIMEOUT_MS = 2000;
const PING_TIMEOUT_MS = 1000;
const RELAY_INTERVAL_MS = 1000;
const RELAY_BATCH = 200;
const WORKER_CONCURRENCY = 4;
const CLOSE_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Production queue: BullMQ on Redis, with job_outbox as the fallback while Redis is unreachable. */
@Injectable()
export class BullMqJobQueue
  extends JobQueue
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly backend = 'bullmq' as const;
  private readonly logger = new Logger(BullMqJobQueue.name);
  private readonly registry = new JobRegistry();
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private relayTimer: NodeJS.Timeout | undefined;
  private isRelaying = false;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly outbox: JobOutboxRepository,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {
    super();
    for (const name of QUEUE_NAMES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      // Without a listener, a Redis outage would surface as an unhandled 'error' event.
      queue.on('error', (error) => this.logger.debug(`Queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
  }

  register<T>(queue: QueueName, name: string, handler: JobHandler<T>): void {
    this.registry.register(queue, name, handler);
  }

  onApplicationBootstrap(): void {
    if (this.app.role !== 'api') {
      for (const name of QUEUE_NAMES) {
        this.workers.push(this.createWorker(name));
      }
    }
    this.relayTimer = setInterval(() => void this.relayOutbox(), RELAY_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.relayTimer);
    // A worker waits for Redis to close cleanly; during an outage, give up after a few seconds.
    await Promise.all(
      this.workers.map((worker) =>
        withTimeout(worker.close(), CLOSE_TIMEOUT_MS, 'Worker close').catch(() =>
          worker.disconnect(),
        ),
      ),
    );
  }

  async enqueue<T>(
    queue: QueueName,
    name: string,
    payload: T,
    options: EnqueueOptions = {},
  ): Promise<void> {
    const jobId = options.jobId ?? randomUUID();
    const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
    const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    try {
      await this.add(queue, name, payload, jobId, attempts, backoffMs);
    } catch (error) {
      this.logger.warn(
        `Redis unreachable, job ${queue}/${jobId} parked in job_outbox: ${errorText(error)}`,
      );
      await this.outbox.insertPending({
        queue,
        name,
        jobId,
        payload,
        maxAttempts: attempts,
        backoffMs,
      });
    }
  }

  async counts(): Promise<QueueCounts[]> {
    const stored = await this.outbox.countByQueue();
    return Promise.all(
      QUEUE_NAMES.map(async (queue) => {
        const counts = await withTimeout(
          this.queue(queue).getJobCounts(
            'waiting',
            'prioritized',
            'active',
            'delayed',
            'failed',
            'paused',
          ),
          PING_TIMEOUT_MS,
          'Redis job counts',
        );
        return {
          queue,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.paused ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          outbox: stored.find((row) => row.queue === queue && row.state === 'pending')?.count ?? 0,
        };
      }),
    );
  }

  async ping(): Promise<void> {
    const client = await withTimeout(this.queue('system').client, PING_TIMEOUT_MS, 'Redis connect');
    const redis = client as unknown as { ping(): Promise<string> };
    await withTimeout(redis.ping(), PING_TIMEOUT_MS, 'Redis PING');
  }

  async waitUntilIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let state: string;
      try {
        const counts = await this.counts();
        if (!counts.some((c) => c.waiting + c.active + c.delayed + c.outbox > 0)) {
          return;
        }
        state = JSON.stringify(counts);
      } catch (error) {
        state = errorText(error);
      }
      if (Date.now() > deadline) {
        throw new Error(`Queues not idle after ${timeoutMs} ms: ${state}`);
      }
      await sleep(25);
    }
  }

  /** Moves parked jobs to Redis once it answers; safe with several replicas (SKIP LOCKED). */
  async relayOutbox(): Promise<number> {
    if (this.isRelaying) {
      return 0;
    }
    this.isRelaying = true;
    try {
      await this.ping();
      return await this.outbox.relayBatch(RELAY_BATCH, (jobs) => this.addParked(jobs));
    } catch (error) {
      this.logger.debug(`Outbox relay skipped: ${errorText(error)}`);
      return 0;
    } finally {
      this.isRelaying = false;
    }
  }

  private async addParked(jobs: JobOutboxEntity[]): Promise<number[]> {
    const delivered: number[] = [];
    for (const job of jobs) {
      const jobId = job.job_id ?? `outbox-${job.id}`;
      await this.add(
        job.queue as QueueName,
        job.name,
        job.payload,
        jobId,
        job.max_attempts,
        job.backoff_ms,
      );
      delivered.push(Number(job.id));
    }
    if (delivered.length > 0) {
      this.logger.log(`Relayed ${delivered.length} parked job(s) from job_outbox to Redis`);
    }
    return delivered;
  }

  private async add(
    queue: QueueName,
    name: string,
    payload: unknown,
    jobId: string,
    attempts: number,
    backoffMs: number,
  ): Promise<void> {
    await withTimeout(
      this.queue(queue).add(name, payload, {
        jobId,
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        // Completed jobs are removed, so a job id can be enqueued again once its job has run
        // (the in-process runner behaves the same way).
        removeOnComplete: true,
        removeOnFail: 5000,
      }),
      ADD_TIMEOUT_MS,
      'Redis enqueue',
    );
  }

  private createWorker(queue: QueueName): Worker {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const handler = this.registry.get(queue, job.name);
        const jobId = job.id ?? 'unknown';
        await handler(job.data, { queue, name: job.name, jobId, attempt: job.attemptsMade + 1 });
      },
      {
        connection: workerRedisOptions(this.redis.url as string),
        prefix: this.redis.prefix,
        concurrency: WORKER_CONCURRENCY,
      },
    );
    worker.on('failed', (job, error) => {
      this.logger.warn(`Job ${queue}/${job?.name} ${job?.id} failed: ${error.message}`);
    });
    worker.on('error', (error) => this.logger.debug(`Worker ${queue} error: ${error.message}`));
    return worker;
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) {
      throw new Error(`Unknown queue ${name}`);
    }
    return queue;
  }
}
