import { getQueueToken } from '@nestjs/bullmq';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue, Worker } from 'bullmq';
import { appConfig, type AppConfig } from 'src/config/app.config';
import { redisConfig, type RedisConfig } from 'src/config/redis.config';
import { runOutsideSessionHolder } from 'src/database/pglite/session-holder';
import { CircuitBreaker } from 'src/queue/circuit-breaker';
import { errorMessage } from 'src/common/errors/error-text.util';
import { sleep } from 'src/queue/job-context';
import { QUEUE_NAMES, type QueueName } from 'src/queue/job-definition';
import { JobHandlerRegistry } from 'src/queue/job-handler.registry';
import { JobOutboxRepository, type OutboxRow } from 'src/queue/job-outbox.repository';
import type { QueueCounts } from 'src/queue/job-queue';
import { backendJobId, OutboxJobQueue } from 'src/queue/outbox-job-queue';
import { Batcher } from 'src/queue/batcher';
import { BATCH_DELAY_MS, bulkJobsOf, MAX_BATCH_ITEMS } from 'src/queue/bullmq-batch';
import { ADD_TIMEOUT_MS, createWorker, withTimeout } from 'src/queue/bullmq-workers';
import { SettleBatcher } from 'src/queue/settle-batcher';

/** Far below the detection-lag budget; under load it turns many adds into one. */
const ADD_DELAY_MS = 2;
const ADD_BATCH = 200;
const PING_TIMEOUT_MS = 1000;
const RELAY_INTERVAL_MS = 1000;
const RELAY_BATCH = 100;
/** A claimed row not settled within this time is claimed again (its relay died). */
const RELAY_LEASE_MS = 30_000;
/** A row that Redis keeps refusing (while Redis answers) goes dead after this many tries. */
export const RELAY_MAX_ATTEMPTS = 10;
/** Rows the fast path could not deliver, relayed first once Redis answers (bounded memory). */
const MAX_MISSED_IDS = 10_000;
const CLOSE_TIMEOUT_MS = 5000;

function jobOptions(row: OutboxRow): JobsOptions {
  return {
    jobId: backendJobId(row),
    attempts: row.max_attempts,
    backoff: { type: 'jitteredExponential', delay: row.backoff_ms },
    // Finished jobs leave Redis, so a `while-pending` key can be requested again; a job that
    // fails for good is recorded as `dead` in job_outbox instead (see bullmq-workers.ts).
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/**
 * Production queue: job_outbox rows relayed to BullMQ. After a commit each row is added to
 * Redis at once (the fast path) and then settled in batches; a relay sweeps rows the fast path
 * missed, job by job, with an attempt count and a `dead` state. While Redis is known to be down
 * (circuit breaker) nothing waits on it: rows simply stay in job_outbox until it answers.
 */
@Injectable()
export class BullMqJobQueue
  extends OutboxJobQueue
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly backend = 'bullmq' as const;
  protected readonly logger = new Logger(BullMqJobQueue.name);
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly breaker = new CircuitBreaker();
  private readonly settler: SettleBatcher;
  /** The fast path: rows committed within ~2 ms go to Redis in one addBulk per queue. */
  private readonly adder: Batcher<OutboxRow>;
  /** Rows of batchable jobs: gathered ~20 ms, and carried by one Redis job (bullmq-batch.ts). */
  private readonly carrier: Batcher<OutboxRow>;
  private readonly missedIds = new Set<number>();
  /** Dead-job records being written (waitUntilIdle waits for them). */
  private readonly deadRecords = { inFlight: 0 };
  private relayTimer: NodeJS.Timeout | undefined;
  private isRelaying = false;
  private isStopping = false;

  constructor(
    moduleRef: ModuleRef,
    outbox: JobOutboxRepository,
    registry: JobHandlerRegistry,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {
    super(outbox, registry);
    this.settler = new SettleBatcher(outbox, (message) => this.logger.error(message));
    this.adder = new Batcher((rows) => this.deliverBatch(rows, false), ADD_DELAY_MS, ADD_BATCH);
    // Batchability is decided once per row, here: the carrier holds only batchable rows.
    this.carrier = new Batcher(
      (rows) => this.deliverBatch(rows, true),
      BATCH_DELAY_MS,
      MAX_BATCH_ITEMS,
    );
    for (const name of QUEUE_NAMES) {
      const queue = moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      // Without a listener, a Redis outage would surface as an unhandled 'error' event.
      queue.on('error', (error) => this.logger.debug(`Queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
  }

  onApplicationBootstrap(): void {
    if (this.app.role !== 'api') {
      for (const name of QUEUE_NAMES) {
        this.workers.push(
          createWorker(name, {
            registry: this.registry,
            outbox: this.outbox,
            redis: this.redis,
            queue: (queue) => this.queue(queue),
            logger: this.logger,
            deadRecords: this.deadRecords,
          }),
        );
      }
    }
    this.relayTimer = setInterval(() => void this.relayOutbox(), RELAY_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.isStopping = true;
    clearInterval(this.relayTimer);
    await Promise.all([this.adder.flush(), this.carrier.flush()]);
    await this.settler.flush();
    // A worker waits for Redis to close cleanly; during an outage, give up after a few seconds.
    await Promise.all(
      this.workers.map((worker) =>
        withTimeout(worker.close(), CLOSE_TIMEOUT_MS, 'Worker close').catch(() =>
          worker.disconnect(),
        ),
      ),
    );
  }

  /** True while Redis is known to be unreachable (jobs stay in job_outbox). */
  get isRedisDown(): boolean {
    return this.breaker.isOpen();
  }

  async counts(): Promise<QueueCounts[]> {
    const stored = await this.outbox.countByQueue();
    const count = (queue: QueueName, state: string): number =>
      stored
        .filter((row) => row.queue === queue && row.state === state)
        .reduce((sum, row) => sum + row.count, 0);
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
          outbox: count(queue, 'pending') + count(queue, 'relaying'),
          dead: count(queue, 'dead'),
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
        await Promise.all([this.adder.flush(), this.carrier.flush()]);
        await this.settler.flush();
        const counts = await this.counts();
        const isBusy = counts.some((c) => c.waiting + c.active + c.delayed + c.outbox > 0);
        if (!isBusy && this.deadRecords.inFlight === 0) {
          return;
        }
        state = JSON.stringify(counts);
      } catch (error) {
        state = errorMessage(error);
      }
      if (Date.now() > deadline) {
        throw new Error(`Queues not idle after ${timeoutMs} ms: ${state}`);
      }
      await sleep(25);
    }
  }

  /**
   * Sweeps due rows to Redis, job by job: one row that Redis refuses is counted and retried
   * later (dead after RELAY_MAX_ATTEMPTS) without blocking the rows behind it; no database
   * transaction is held while Redis is called. Safe with several replicas (SKIP LOCKED claims).
   */
  async relayOutbox(): Promise<number> {
    if (this.isRelaying || this.isStopping || this.breaker.isOpen()) {
      return 0;
    }
    this.isRelaying = true;
    try {
      await this.ping();
      this.breaker.recordSuccess();
      const missed = [...this.missedIds].slice(0, RELAY_BATCH);
      const rows = await this.outbox.claimDue(RELAY_BATCH, RELAY_LEASE_MS, missed);
      for (const id of missed) {
        this.missedIds.delete(id);
      }
      let delivered = 0;
      for (const row of rows) {
        if (await this.relayOne(row)) {
          delivered += 1;
        }
      }
      if (delivered > 0) {
        this.logger.log(`Relayed ${delivered} parked job(s) from job_outbox to Redis`);
      }
      return delivered;
    } catch (error) {
      this.breaker.recordFailure();
      this.logger.debug(`Outbox relay skipped: ${errorMessage(error)}`);
      return 0;
    } finally {
      this.isRelaying = false;
    }
  }

  protected deliverCommitted(row: OutboxRow): void {
    if (this.breaker.isOpen() || this.isStopping) {
      this.rememberMissed(row); // Redis is known down: the relay moves the row once it answers.
      return;
    }
    (this.isBatchable(row) ? this.carrier : this.adder).add(row);
  }

  private isBatchable(row: OutboxRow): boolean {
    if (row.dedup !== 'none') {
      return false;
    }
    try {
      return this.registry.definitionOf(row.queue, row.name).batchable === true;
    } catch {
      return false; // Not declared here (another version's row): it travels alone.
    }
  }

  /** The fast path: committed rows to Redis, one addBulk per queue; never throws. */
  private deliverBatch(rows: OutboxRow[], isCarried: boolean): Promise<void> {
    return runOutsideSessionHolder(async () => {
      try {
        await this.addMany(rows, isCarried);
        this.breaker.recordSuccess();
        for (const row of rows) {
          this.settler.add(Number(row.id));
        }
      } catch (error) {
        this.breaker.recordFailure();
        for (const row of rows) {
          this.rememberMissed(row);
        }
        const first = rows[0];
        this.logger.warn(
          `Redis unreachable, job ${first.queue}/${backendJobId(first)}` +
            `${rows.length > 1 ? ` and ${rows.length - 1} more` : ''} stay in job_outbox: ${errorMessage(error)}`,
        );
      }
    });
  }

  private rememberMissed(row: OutboxRow): void {
    if (this.missedIds.size < MAX_MISSED_IDS) {
      this.missedIds.add(Number(row.id));
    }
  }

  /** True when delivered. A refusal while Redis answers counts as an attempt. */
  private async relayOne(row: OutboxRow): Promise<boolean> {
    const id = Number(row.id);
    try {
      await this.add(row);
      await this.outbox.settleDelivered([id]);
      return true;
    } catch (error) {
      const message = errorMessage(error);
      const isRedisUp = await this.ping().then(
        () => true,
        () => false,
      );
      if (!isRedisUp) {
        this.breaker.recordFailure();
        await this.outbox.reschedule(id, row.attempts_made, message, RELAY_INTERVAL_MS);
        throw error; // Stop this sweep; the breaker holds the rest until Redis answers.
      }
      const attempts = row.attempts_made + 1;
      if (attempts >= RELAY_MAX_ATTEMPTS) {
        this.logger.warn(
          `Job ${row.queue}/${row.name} ${backendJobId(row)} is dead: Redis refused it ${attempts} times: ${message}`,
        );
        await this.outbox.markDead(id, attempts, message);
      } else {
        await this.outbox.reschedule(id, attempts, message, RELAY_INTERVAL_MS * 2 ** attempts);
      }
      return false;
    }
  }

  private async add(row: OutboxRow): Promise<void> {
    await withTimeout(
      this.queue(row.queue as QueueName).add(row.name, row.payload, jobOptions(row)),
      ADD_TIMEOUT_MS,
      'Redis enqueue',
    );
  }

  private async addMany(rows: OutboxRow[], isCarried: boolean): Promise<void> {
    const byQueue = new Map<QueueName, OutboxRow[]>();
    for (const row of rows) {
      const queue = row.queue as QueueName;
      const queued = byQueue.get(queue);
      if (queued) {
        queued.push(row);
      } else {
        byQueue.set(queue, [row]);
      }
    }
    await withTimeout(
      Promise.all(
        [...byQueue].map(([queue, queued]) =>
          this.queue(queue).addBulk(bulkJobsOf(queued, () => isCarried, jobOptions)),
        ),
      ),
      ADD_TIMEOUT_MS,
      'Redis enqueue',
    );
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) {
      throw new Error(`Unknown queue ${name}`);
    }
    return queue;
  }
}
