/** Queue names known to Watcher. Feature modules add theirs here. */
export const QUEUE_NAMES = ['anomaly', 'monitoring', 'system'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface EnqueueOptions {
  /** Deterministic id: a job with the same id that is still pending is not added twice. Never use ':'. */
  jobId?: string;
  /** Total tries, including the first (default 5). */
  attempts?: number;
  /** First retry delay in ms, doubled on every further retry (default 1000). */
  backoffMs?: number;
}

export interface JobContext {
  queue: QueueName;
  name: string;
  jobId: string;
  attempt: number;
}

export type JobHandler<T> = (payload: T, context: JobContext) => Promise<void>;

export interface QueueCounts {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Jobs parked in job_outbox because the backend was unreachable (BullMQ mode) or not yet run. */
  outbox: number;
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;

/**
 * The codebase's own queue interface. Feature code depends on this, never on BullMQ.
 * `enqueue` never fails a request for an unreachable backend: the job is parked in
 * `job_outbox` and relayed later.
 */
export abstract class JobQueue {
  abstract readonly backend: 'bullmq' | 'in-process';

  abstract register<T>(queue: QueueName, name: string, handler: JobHandler<T>): void;

  abstract enqueue<T>(
    queue: QueueName,
    name: string,
    payload: T,
    options?: EnqueueOptions,
  ): Promise<void>;

  abstract counts(): Promise<QueueCounts[]>;

  /** Resolves when the backend answers; rejects (within ~1 s) when it does not. */
  abstract ping(): Promise<void>;

  /** Test helper: resolves once nothing is waiting, running, delayed or parked. */
  abstract waitUntilIdle(timeoutMs?: number): Promise<void>;
}
