import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { appConfig, type AppConfig } from 'src/config/app.config';
import { Inject } from '@nestjs/common';
import { errorMessage, errorText } from 'src/common/errors/error-text.util';
import { sleep } from 'src/queue/job-context';
import { QUEUE_NAMES, type QueueName, retryDelayMs } from 'src/queue/job-definition';
import { JobHandlerRegistry } from 'src/queue/job-handler.registry';
import { JobOutboxRepository, type OutboxRow } from 'src/queue/job-outbox.repository';
import type { QueueCounts } from 'src/queue/job-queue';
import { backendJobId, OutboxJobQueue } from 'src/queue/outbox-job-queue';
import { SettleBatcher } from 'src/queue/settle-batcher';

const CONCURRENCY = 4;
const RESTORE_LIMIT = 1_000_000;

/**
 * Embedded-mode runner: same job names, payloads, dedup and retry rules as BullMQ. A job stays a
 * job_outbox row until it has run (or died), so a restart (even `kill -9`) loses none; a job that
 * was running when the process died runs again (at least once).
 */
@Injectable()
export class InProcessJobQueue
  extends OutboxJobQueue
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly backend = 'in-process' as const;
  protected readonly logger = new Logger(InProcessJobQueue.name);
  private readonly ready: OutboxRow[] = [];
  private readonly active = new Map<string, number>();
  private readonly delayed = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly settler: SettleBatcher;
  private running = 0;
  private isStarted = false;
  private isStopping = false;

  constructor(
    outbox: JobOutboxRepository,
    registry: JobHandlerRegistry,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {
    super(outbox, registry);
    this.settler = new SettleBatcher(outbox, (message) => this.logger.error(message));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.app.role === 'api') {
      return; // No workers in the api role: jobs wait in job_outbox for a worker process.
    }
    const restored = await this.outbox.findUnfinished(RESTORE_LIMIT);
    this.ready.push(...restored);
    if (restored.length > 0) {
      this.logger.log(`Restored ${restored.length} pending job(s) from job_outbox`);
    }
    this.isStarted = true;
    this.pump();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.isStopping = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    const deadline = Date.now() + 10_000;
    while (this.running > 0 && Date.now() < deadline) {
      await sleep(20);
    }
    await this.settler.flush();
  }

  async counts(): Promise<QueueCounts[]> {
    const stored = await this.outbox.countByQueue();
    const count = (queue: QueueName, state: string): number =>
      stored
        .filter((row) => row.queue === queue && row.state === state)
        .reduce((sum, row) => sum + row.count, 0);
    return QUEUE_NAMES.map((queue) => ({
      queue,
      waiting: this.ready.filter((job) => job.queue === queue).length,
      active: this.active.get(queue) ?? 0,
      delayed: this.delayed.get(queue) ?? 0,
      failed: 0,
      outbox: count(queue, 'pending') + count(queue, 'relaying'),
      dead: count(queue, 'dead'),
    }));
  }

  async ping(): Promise<void> {
    if (this.isStopping) {
      throw new Error('in-process queue is shutting down');
    }
    await Promise.resolve();
  }

  async waitUntilIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.ready.length === 0 && this.running === 0 && this.timers.size === 0) {
        await this.settler.flush();
        const counts = await this.counts();
        if (!counts.some((c) => c.outbox > 0)) {
          return;
        }
      }
      if (Date.now() > deadline) {
        throw new Error(`Queue not idle after ${timeoutMs} ms`);
      }
      await sleep(10);
    }
  }

  protected deliverCommitted(row: OutboxRow): void {
    if (!this.isStarted || this.isStopping) {
      return; // Stays pending in job_outbox: a worker (or the next start) runs it.
    }
    this.ready.push(row);
    this.pump();
  }

  private pump(): void {
    while (this.isStarted && !this.isStopping && this.running < CONCURRENCY && this.ready.length) {
      const job = this.ready.shift() as OutboxRow;
      this.running += 1;
      this.bump(this.active, job.queue, 1);
      void this.run(job)
        .catch((error: unknown) =>
          this.logger.error(`Job ${job.queue}/${backendJobId(job)}: ${errorText(error)}`),
        )
        .finally(() => {
          this.running -= 1;
          this.bump(this.active, job.queue, -1);
          this.pump();
        });
    }
  }

  private async run(job: OutboxRow): Promise<void> {
    const attempt = job.attempts_made + 1;
    try {
      await this.registry.run(job.payload, {
        queue: job.queue as QueueName,
        name: job.name,
        jobId: backendJobId(job),
        attempt,
      });
    } catch (error) {
      await this.handleFailure(job, attempt, error);
      return;
    }
    this.settler.add(Number(job.id));
  }

  private async handleFailure(job: OutboxRow, attempt: number, error: unknown): Promise<void> {
    const text = errorText(error);
    if (attempt >= job.max_attempts) {
      this.logger.error(
        `Job ${job.queue}/${job.name} ${backendJobId(job)} is dead after ${attempt} attempt(s): ${errorMessage(error)}`,
      );
      await this.outbox.markDead(Number(job.id), attempt, text);
      return;
    }
    const delay = retryDelayMs(job.backoff_ms, attempt);
    await this.outbox.reschedule(Number(job.id), attempt, text, delay);
    if (this.isStopping) {
      return; // Still pending in job_outbox: the next start picks it up.
    }
    this.bump(this.delayed, job.queue, 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.bump(this.delayed, job.queue, -1);
      this.ready.push({ ...job, attempts_made: attempt });
      this.pump();
    }, delay);
    this.timers.add(timer);
  }

  private bump(map: Map<string, number>, key: string, delta: number): void {
    map.set(key, (map.get(key) ?? 0) + delta);
  }
}
