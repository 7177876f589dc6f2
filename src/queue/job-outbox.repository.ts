import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { JobOutboxEntity } from 'src/queue/entities/job-outbox.entity';

export interface OutboxJobInput {
  queue: string;
  name: string;
  jobId: string | null;
  payload: unknown;
  maxAttempts: number;
  backoffMs: number;
}

export interface OutboxCount {
  queue: string;
  state: string;
  count: number;
}

const INSERT_PENDING = `
  INSERT INTO job_outbox (queue, name, job_id, payload, max_attempts, backoff_ms)
  VALUES ($1, $2, $3, $4::jsonb, $5, $6)
  ON CONFLICT (queue, job_id) WHERE job_id IS NOT NULL DO NOTHING
  RETURNING id`;

const SELECT_PENDING = `
  SELECT * FROM job_outbox WHERE state = 'pending' ORDER BY id LIMIT $1`;

const LOCK_PENDING_BATCH = `
  SELECT * FROM job_outbox WHERE state = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`;

const COUNT_BY_QUEUE = `
  SELECT queue, state, count(*)::int AS count FROM job_outbox GROUP BY queue, state`;

@Injectable()
export class JobOutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns the new row id, or null when a pending job with the same job id already exists. */
  async insertPending(job: OutboxJobInput): Promise<number | null> {
    const rows: Array<{ id: number }> = await this.dataSource.query(INSERT_PENDING, [
      job.queue,
      job.name,
      job.jobId,
      JSON.stringify(job.payload ?? null),
      job.maxAttempts,
      job.backoffMs,
    ]);
    return rows.length > 0 ? rows[0].id : null;
  }

  findPending(limit: number): Promise<JobOutboxEntity[]> {
    return this.dataSource.query(SELECT_PENDING, [limit]);
  }

  /**
   * Locks a batch of pending rows (skipping rows another replica holds), hands them to `relay`,
   * and deletes the ones it reports as delivered, all in one transaction.
   */
  async relayBatch(
    limit: number,
    relay: (jobs: JobOutboxEntity[]) => Promise<number[]>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const jobs: JobOutboxEntity[] = await manager.query(LOCK_PENDING_BATCH, [limit]);
      if (jobs.length === 0) {
        return 0;
      }
      const deliveredIds = await relay(jobs);
      if (deliveredIds.length > 0) {
        await manager.delete(JobOutboxEntity, deliveredIds);
      }
      return deliveredIds.length;
    });
  }

  async deleteById(id: number): Promise<void> {
    await this.dataSource.getRepository(JobOutboxEntity).delete(id);
  }

  async recordFailedAttempt(id: number, attemptsMade: number, error: string): Promise<void> {
    await this.dataSource
      .getRepository(JobOutboxEntity)
      .update(id, { attempts_made: attemptsMade, last_error: error.slice(0, 4000) });
  }

  async markFailed(id: number, attemptsMade: number, error: string): Promise<void> {
    await this.dataSource.getRepository(JobOutboxEntity).update(id, {
      attempts_made: attemptsMade,
      last_error: error.slice(0, 4000),
      state: 'failed',
    });
  }

  countByQueue(): Promise<OutboxCount[]> {
    return this.dataSource.query(COUNT_BY_QUEUE);
  }
}
