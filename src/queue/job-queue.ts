import type { JobDefinition, QueueName } from 'src/queue/job-definition';

export { QUEUE_NAMES, type QueueName } from 'src/queue/job-definition';

export interface QueueCounts {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  /** BullMQ's failed set (always 0 in-process: given-up jobs are `dead`). */
  failed: number;
  /** Rows in job_outbox not yet handed to the backend (BullMQ) or not yet run (in-process). */
  outbox: number;
  /** Jobs that were given up on (retries exhausted, or a relay that kept failing). */
  dead: number;
}

/** Per-request settings that override the job's definition. */
export interface EnqueueOptions {
  /**
   * First retry delay of this job (doubled on every further retry, ±20 % jitter), for jobs whose
   * backoff is configured at run time (e.g. WATCHER_ALERT_RETRY_BASE_MS). Default: the
   * definition's backoffMs.
   */
  backoffMs?: number;
}

export interface OutboxSummary {
  /** Not yet handed to the backend (BullMQ) or not yet run (in-process). */
  parked: number;
  /** Retries exhausted, or refused by Redis too often; kept for 14 days. */
  dead: number;
}

/** Per-request settings that override the job's definition. */
export interface EnqueueOptions {
  /**
   * First retry delay of this job (doubled on every further retry, ±20 % jitter), for jobs whose
   * backoff is configured at run time (e.g. WATCHER_ALERT_RETRY_BASE_MS). Default: the
   * definition's backoffMs.
   */
  backoffMs?: number;
}

/**
 * The fixed job_outbox values of a job that a use case writes in its own statement (see
 * insertOutboxRowsFrom), in parameter order.
 */
export type OutboxJobColumns = [
  queue: string,
  name: string,
  maxAttempts: number,
  backoffMs: number,
  graceMs: number,
];

/**
 * The codebase's own queue interface. Feature code depends on this, never on BullMQ.
 *
 * `enqueue` writes the job into `job_outbox` through the ambient transaction, so a job requested
 * inside a `@Transactional()` use case exists if and only if that transaction commits, and a
 * crash after the commit loses nothing. After the commit the job is handed to the backend at once;
 * a relay sweeps up whatever that missed (Redis down, process killed). It never fails a request
 * because Redis is unreachable.
 */
export abstract class JobQueue {
  abstract readonly backend: 'bullmq' | 'in-process';

  /** False when the job's dedup policy dropped the request (its key is pending, or was used). */
  abstract enqueue<P>(
    definition: JobDefinition<P>,
    payload: P,
    options?: EnqueueOptions,
  ): Promise<boolean>;

  /**
   * For a use case that writes the job's job_outbox row in its own statement (one round trip):
   * the row's fixed values. Only jobs without dedup (`dedup: 'none'`) can be written that way.
   */
  abstract outboxColumns<P>(definition: JobDefinition<P>): OutboxJobColumns;

  /**
   * After such a statement: hands the row it wrote to the backend once the ambient transaction
   * commits (at once without one), as `enqueue` does for its own rows.
   */
  abstract published<P>(definition: JobDefinition<P>, row: { id: number; payload: P }): void;

  abstract counts(): Promise<QueueCounts[]>;

  /** From job_outbox alone (answers while Redis is down): jobs parked or given up on. */
  abstract outboxSummary(): Promise<OutboxSummary>;

  /** Resolves when the backend answers; rejects (within ~1 s) when it does not. */
  abstract ping(): Promise<void>;

  /** Test helper: resolves once nothing is waiting, running, delayed or parked. */
  abstract waitUntilIdle(timeoutMs?: number): Promise<void>;
}
