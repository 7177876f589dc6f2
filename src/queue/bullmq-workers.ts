import type { Logger } from '@nestjs/common';
import { type Job, type MinimalJob, type Queue, Worker } from 'bullmq';
import { errorMessage } from 'src/common/errors/error-text.util';
import type { RedisConfig } from 'src/config/redis.config';
import { type BatchItem, batchItems, isBatchEnvelope, runCarrier } from 'src/queue/bullmq-batch';
import { type QueueName, retryDelayMs } from 'src/queue/job-definition';
import type { JobHandlerRegistry } from 'src/queue/job-handler.registry';
import type { JobOutboxRepository } from 'src/queue/job-outbox.repository';
import { workerRedisOptions } from 'src/queue/redis-connection.util';

/** The BullMQ workers of BullMqJobQueue: running jobs (and carriers), recording dead ones. */

export const ADD_TIMEOUT_MS = 2000;

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface WorkerDeps {
  registry: JobHandlerRegistry;
  outbox: JobOutboxRepository;
  redis: RedisConfig;
  queue: (name: QueueName) => Queue;
  logger: Logger;
  /** Dead-job records being written, for waitUntilIdle. */
  deadRecords: { inFlight: number };
}

/** A worker of `queue`; a job whose attempts ran out is recorded as `dead` in job_outbox. */
export function createWorker(queue: QueueName, deps: WorkerDeps): Worker {
  const worker = new Worker(
    queue,
    async (job: Job) => {
      if (isBatchEnvelope(job.data)) {
        await runCarrierJob(queue, job, batchItems(job.data), deps);
        return;
      }
      await deps.registry.run(job.data, {
        queue,
        name: job.name,
        jobId: job.id ?? 'unknown',
        attempt: job.attemptsMade + 1,
      });
    },
    {
      connection: workerRedisOptions(deps.redis.url as string),
      prefix: deps.redis.prefix,
      concurrency: deps.redis.concurrency,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, _error?: Error, job?: MinimalJob) =>
          retryDelayMs(backoffDelayOf(job), attemptsMade),
      },
    },
  );
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      void recordDead(queue, job, error, deps);
    }
  });
  worker.on('error', (error) => deps.logger.debug(`Worker ${queue} error: ${error.message}`));
  return worker;
}

/** A carrier's items, each on its own; a failed one goes on as a job of its own. */
async function runCarrierJob(
  queue: QueueName,
  job: Job,
  items: BatchItem[],
  deps: WorkerDeps,
): Promise<void> {
  const attempt = job.attemptsMade + 1;
  const failed = await runCarrier(
    items,
    (item) => deps.registry.run(item.payload, { queue, name: job.name, jobId: item.id, attempt }),
    (item) =>
      withTimeout(
        deps.queue(queue).add(job.name, item.payload, {
          ...job.opts,
          jobId: item.id,
          attempts: Math.max(1, (job.opts.attempts ?? 1) - attempt),
          delay: retryDelayMs(backoffDelayOf(job), 1),
        }),
        ADD_TIMEOUT_MS,
        'Redis enqueue',
      ).then(() => undefined),
  );
  if (failed > 0) {
    deps.logger.warn(
      `${failed} of ${items.length} ${queue}/${job.name} job(s) carried by ${job.id} failed; ` +
        'each retries as a job of its own',
    );
  }
}

async function recordDead(
  queue: QueueName,
  job: Job,
  error: Error,
  deps: WorkerDeps,
): Promise<void> {
  deps.deadRecords.inFlight += 1;
  deps.logger.warn(
    `Job ${queue}/${job.name} ${job.id} is dead after ${job.attemptsMade} attempt(s): ${error.message}`,
  );
  try {
    await deps.outbox.insertDead({
      queue,
      name: job.name,
      jobId: job.id ?? 'unknown',
      payload: job.data,
      attempts: job.attemptsMade,
      backoffMs: backoffDelayOf(job),
      error: error.stack ?? error.message,
    });
  } catch (recordError) {
    deps.logger.error(`Could not record dead job ${job.id}: ${errorMessage(recordError)}`);
  } finally {
    deps.deadRecords.inFlight -= 1;
  }
}

function backoffDelayOf(job: MinimalJob | undefined): number {
  const backoff = job?.opts.backoff;
  return typeof backoff === 'object' && backoff.delay !== undefined ? backoff.delay : 1000;
}
