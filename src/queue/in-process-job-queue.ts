import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
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
import type { JobOutboxEntity } from 'src/queue/entities/job-outbox.entity';

const CONCURRENCY = 4;
const RESTORE_LIMIT = 1_000_000;

interface PendingJob {
  id: number;
  queue: string;
  name: string;
  jobId: string;
  payload: unknown;
  maxAttempts: number;
  backoffMs: number;
  attemptsMade: number;
}

/**
 * Embedded-mode runner: same job names, payloads and retry rules as BullMQ. Every pending job is a
 * row in job_outbox until it succeeds (or exhausts its attempts), so a restart loses none.
 */
@Injectable()
export class InProcessJobQueue
  extends JobQueue
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly backend = 'in-process' as const;
  private readonly logger = new Logger(InProcessJobQueue.name);
  private readonly registry = new JobRegistry();
  private readonly ready: PendingJob[] = [];
  private readonly active = new Map<string, number>();
  private readonly delayed = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private isStarted = false;
  private isStopping = false;

  constructor(private readonly outbox: JobOutboxRepository) {
    super();
  }

  register<T>(queue: QueueName, name: string, handler: JobHandler<T>): void {
    this.registry.register(queue, name, handler);
  }

  async onApplicationBootstrap(): Promise<void> {
    const restored = await this.outbox.findPending(RESTORE_LIMIT);
    for (const row of restored) {
      this.ready.push(toPendingJob(row));
    }
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
  }

  async enqueue<T>(
    queue: QueueName,
    name: string,
    payload: T,
    options: EnqueueOptions = {},
  ): Promise<void> {
    const maxAttempts = options.attempts ?? DEFAULT_ATTEMPTS;
    const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const jobId = options.jobId ?? null;
    const id = await this.outbox.insertPending({
      queue,
      name,
      jobId,
      payload,
      maxAttempts,
      backoffMs,
    });
    if (id === null) {
      this.logger.debug(`Job ${queue}/${jobId} is already pending; not added again`);
      return;
    }
    this.ready.push({
      id,
      queue,
      name,
      jobId: jobId ?? String(id),
      payload,
      maxAttempts,
      backoffMs,
      attemptsMade: 0,
    });
    this.pump();
  }

  async counts(): Promise<QueueCounts[]> {
    const stored = await this.outbox.countByQueue();
    return QUEUE_NAMES.map((queue) => {
      const waiting = this.ready.filter((job) => job.queue === queue).length;
      const pendingRows =
        stored.find((row) => row.queue === queue && row.state === 'pending')?.count ?? 0;
      const failedRows =
        stored.find((row) => row.queue === queue && row.state === 'failed')?.count ?? 0;
      return {
        queue,
        waiting,
        active: this.active.get(queue) ?? 0,
        delayed: this.delayed.get(queue) ?? 0,
        failed: failedRows,
        outbox: pendingRows,
      };
    });
  }

  async ping(): Promise<void> {
    if (this.isStopping) {
      throw new Error('in-process queue is shutting down');
    }
    await Promise.resolve();
  }

  async waitUntilIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.ready.length > 0 || this.running > 0 || this.timers.size > 0) {
      if (Date.now() > deadline) {
        throw new Error(`Queue not idle after ${timeoutMs} ms`);
      }
      await sleep(10);
    }
  }

  private pump(): void {
    while (
      this.isStarted &&
      !this.isStopping &&
      this.running < CONCURRENCY &&
      this.ready.length > 0
    ) {
      const job = this.ready.shift() as PendingJob;
      this.running += 1;
      this.bump(this.active, job.queue, 1);
      void this.run(job)
        .catch((error: unknown) =>
          this.logger.error(`Job ${job.queue}/${job.jobId}: ${errorText(error)}`),
        )
        .finally(() => {
          this.running -= 1;
          this.bump(this.active, job.queue, -1);
          this.pump();
        });
    }
  }

  private async run(job: PendingJob): Promise<void> {
    const attempt = job.attemptsMade + 1;
    try {
      const handler = this.registry.get(job.queue, job.name);
      await handler(job.payload, {
        queue: job.queue as QueueName,
        name: job.name,
        jobId: job.jobId,
        attempt,
      });
      await this.outbox.deleteById(job.id);
    } catch (error) {
      await this.handleFailure(job, attempt, error);
    }
  }

  private async handleFailure(job: PendingJob, attempt: number, error: unknown): Promise<void> {
    const text = errorText(error);
    if (attempt >= job.maxAttempts) {
      this.logger.error(
        `Job ${job.queue}/${job.name} ${job.jobId} failed after ${attempt} attempt(s): ${text}`,
      );
      await this.outbox.markFailed(job.id, attempt, text);
      return;
    }
    const delay = job.backoffMs * 2 ** (attempt - 1);
    this.logger.warn(
      `Job ${job.queue}/${job.name} ${job.jobId} attempt ${attempt} failed, retry in ${delay} ms: ${text}`,
    );
    await this.outbox.recordFailedAttempt(job.id, attempt, text);
    if (this.isStopping) {
      return; // Still pending in job_outbox: the next start picks it up.
    }
    this.bump(this.delayed, job.queue, 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.bump(this.delayed, job.queue, -1);
      this.ready.push({ ...job, attemptsMade: attempt });
      this.pump();
    }, delay);
    this.timers.add(timer);
  }

  private bump(map: Map<string, number>, key: string, delta: number): void {
    map.set(key, (map.get(key) ?? 0) + delta);
  }
}

function toPendingJob(row: JobOutboxEntity): PendingJob {
  return {
    id: Number(row.id),
    queue: row.queue,
    name: row.name,
    jobId: row.job_id ?? String(row.id),
    payload: row.payload,
    maxAttempts: row.max_attempts,
    backoffMs: row.backoff_ms,
    attemptsMade: row.attempts_made,
  };
}
