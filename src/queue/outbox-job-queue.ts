import { Logger } from '@nestjs/common';
import { runAfterCommit } from 'src/database/transactions/after-commit';
import type { JobOutboxRepository, OutboxRow } from 'src/queue/job-outbox.repository';
import { type JobDefinition, jobKeyOf } from 'src/queue/job-definition';
import type { JobHandlerRegistry } from 'src/queue/job-handler.registry';
import {
  type EnqueueOptions,
  JobQueue,
  type OutboxJobColumns,
  type OutboxSummary,
} from 'src/queue/job-queue';

/** The sweeping relay leaves a freshly written row to the after-commit fast path this long. */
export const FAST_PATH_GRACE_MS = 10_000;

/** Both backends: every job is first a job_outbox row written through the ambient transaction. */
export abstract class OutboxJobQueue extends JobQueue {
  protected abstract readonly logger: Logger;

  protected constructor(
    protected readonly outbox: JobOutboxRepository,
    protected readonly registry: JobHandlerRegistry,
  ) {
    super();
  }

  async enqueue<P>(
    definition: JobDefinition<P>,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<boolean> {
    this.assertKnown(definition);
    const jobId = jobKeyOf(definition, payload);
    const backoffMs = options.backoffMs ?? definition.backoffMs;
    if (!Number.isInteger(backoffMs) || backoffMs < 0) {
      throw new Error(`Job ${definition.name}: backoffMs must be a non-negative integer`);
    }
    const id = await this.outbox.insert({
      queue: definition.queue,
      name: definition.name,
      jobId,
      dedup: definition.dedup,
      payload,
      maxAttempts: definition.attempts,
      backoffMs,
      graceMs: FAST_PATH_GRACE_MS,
    });
    if (id === null) {
      this.logger.debug(
        `Job ${definition.queue}/${definition.name} ${jobId} dropped (dedup ${definition.dedup})`,
      );
      return false;
    }
    const row: OutboxRow = {
      id,
      queue: definition.queue,
      name: definition.name,
      job_id: jobId,
      dedup: definition.dedup,
      payload,
      max_attempts: definition.attempts,
      backoff_ms: backoffMs,
      attempts_made: 0,
    };
    runAfterCommit(() => this.deliverCommitted(row));
    return true;
  }

  outboxColumns<P>(definition: JobDefinition<P>): OutboxJobColumns {
    this.assertKnown(definition);
    if (definition.dedup !== 'none') {
      throw new Error(
        `Job ${definition.queue}/${definition.name} has dedup ${definition.dedup}: use enqueue()`,
      );
    }
    return [
      definition.queue,
      definition.name,
      definition.attempts,
      definition.backoffMs,
      FAST_PATH_GRACE_MS,
    ];
  }

  published<P>(definition: JobDefinition<P>, row: { id: number; payload: P }): void {
    const outboxRow: OutboxRow = {
      id: row.id,
      queue: definition.queue,
      name: definition.name,
      job_id: null,
      dedup: 'none',
      payload: row.payload,
      max_attempts: definition.attempts,
      backoff_ms: definition.backoffMs,
      attempts_made: 0,
    };
    runAfterCommit(() => this.deliverCommitted(outboxRow));
  }

  async outboxSummary(): Promise<OutboxSummary> {
    const rows = await this.outbox.countByQueue();
    const sum = (states: string[]): number =>
      rows.filter((row) => states.includes(row.state)).reduce((total, row) => total + row.count, 0);
    return { parked: sum(['pending', 'relaying']), dead: sum(['dead']) };
  }

  private assertKnown<P>(definition: JobDefinition<P>): void {
    if (!this.registry.isKnown(definition as JobDefinition<unknown>)) {
      throw new Error(
        `Job ${definition.queue}/${definition.name} is not in the job catalogue and has no @OnJob handler`,
      );
    }
  }

  /** Called once the row is committed (never for a rolled-back transaction). Must not throw. */
  protected abstract deliverCommitted(row: OutboxRow): void;
}

/** The backend job id of an outbox row: its dedup key, or `outbox-<id>`. */
export function backendJobId(row: Pick<OutboxRow, 'id' | 'job_id'>): string {
  return row.job_id ?? `outbox-${row.id}`;
}
