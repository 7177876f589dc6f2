import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { preparedStatement } from 'src/database/prepared-statement';
import { StatementRunner } from 'src/database/statement-runner';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import type { JobOutboxEntity, OutboxState } from 'src/queue/entities/job-outbox.entity';
import type { DedupPolicy } from 'src/queue/job-definition';

export interface OutboxJobInput {
  queue: string;
  name: string;
  jobId: string | null;
  dedup: DedupPolicy;
  payload: unknown;
  maxAttempts: number;
  backoffMs: number;
  /** Not due for the sweeping relay before this many ms (the after-commit fast path runs first). */
  graceMs: number;
}

export interface OutboxCount {
  queue: string;
  state: OutboxState;
  count: number;
}

export type OutboxRow = Pick<
  JobOutboxEntity,
  | 'id'
  | 'queue'
  | 'name'
  | 'job_id'
  | 'dedup'
  | 'payload'
  | 'max_attempts'
  | 'backoff_ms'
  | 'attempts_made'
>;

const INSERT_COLUMNS = `(queue, name, job_id, dedup, payload, max_attempts, backoff_ms, available_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, now() + $8 * interval '1 millisecond')`;

/** One statement per policy: ON CONFLICT must name the partial unique index's predicate. */
const INSERT_BY_POLICY: Record<DedupPolicy, string> = {
  none: `INSERT INTO job_outbox ${INSERT_COLUMNS} RETURNING id`,
  'while-pending': `INSERT INTO job_outbox ${INSERT_COLUMNS}
    ON CONFLICT (queue, job_id)
      WHERE job_id IS NOT NULL AND dedup = 'while-pending' AND state IN ('pending', 'relaying')
    DO NOTHING RETURNING id`,
  'once-ever': `INSERT INTO job_outbox ${INSERT_COLUMNS}
    ON CONFLICT (queue, job_id) WHERE job_id IS NOT NULL AND dedup = 'once-ever'
    DO NOTHING RETURNING id`,
};

/**
 * For a use case that publishes a job in the statement of its own write (one round trip, and the
 * job exists iff that write does): an INSERT … SELECT of one job_outbox row (dedup 'none') per
 * row of `source` (a CTE of the caller's statement), `payload` a jsonb expression over it.
 * Parameters $n … $n+4: queue, name, max_attempts, backoff_ms, grace_ms (see OutboxJobColumns).
 * RETURNING id, payload.
 */
export function insertOutboxRowsFrom(source: string, payload: string, n: number): string {
  return `INSERT INTO job_outbox (queue, name, job_id, dedup, payload, max_attempts, backoff_ms,
      available_at)
    SELECT $${n}, $${n + 1}, NULL, 'none', ${payload}, $${n + 2}, $${n + 3},
      now() + $${n + 4} * interval '1 millisecond'
    FROM ${source}
    RETURNING id, payload`;
}

const ROW_COLUMNS = `id, queue, name, job_id, dedup, payload, max_attempts, backoff_ms, attempts_made`;

/**
 * Claims due rows (and the rows `$3` that this process knows were missed) for `leaseMs` in one
 * autocommit statement: no transaction is held while the caller talks to Redis, and a claim that
 * is not settled in time becomes claimable again.
 */
const CLAIM_DUE = preparedStatement(
  'claim_due_outbox_rows',
  `
  UPDATE job_outbox SET state = 'relaying',
    available_at = now() + $2 * interval '1 millisecond', updated_at = now()
  WHERE id IN (
    SELECT id FROM job_outbox
    WHERE state IN ('pending', 'relaying') AND (available_at <= now() OR id = ANY($3::bigint[]))
    ORDER BY available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
  RETURNING ${ROW_COLUMNS}`,
);

const SELECT_UNFINISHED = `
  SELECT ${ROW_COLUMNS} FROM job_outbox WHERE state IN ('pending', 'relaying') ORDER BY id LIMIT $1`;

/** Delivered: keyed once-ever rows stay as `done` (the key stays taken); the rest go. */
const SETTLE_DELIVERED = preparedStatement(
  'settle_delivered_outbox_rows',
  `
  WITH done AS (
    UPDATE job_outbox SET state = 'done', updated_at = now(), payload = 'null'::jsonb
    WHERE id = ANY($1::bigint[]) AND dedup = 'once-ever' RETURNING id)
  DELETE FROM job_outbox WHERE id = ANY($1::bigint[]) AND dedup <> 'once-ever'`,
);

const RESCHEDULE = `
  UPDATE job_outbox SET state = 'pending', attempts_made = $2, last_error = $3,
    available_at = now() + $4 * interval '1 millisecond', updated_at = now()
  WHERE id = $1`;

const MARK_DEAD = `
  UPDATE job_outbox SET state = 'dead', attempts_made = $2, last_error = $3, updated_at = now()
  WHERE id = $1`;

const INSERT_DEAD = `
  INSERT INTO job_outbox (queue, name, job_id, dedup, payload, max_attempts, backoff_ms,
    attempts_made, state, last_error)
  VALUES ($1, $2, $3, 'none', $4::jsonb, $5, $6, $5, 'dead', $7)`;

const COUNT_BY_QUEUE = `
  SELECT queue, state, count(*)::int AS count FROM job_outbox GROUP BY queue, state`;

const DELETE_FINISHED_BEFORE = `
  DELETE FROM job_outbox WHERE state IN ('done', 'dead')
    AND updated_at < now() - $1 * interval '1 day'`;

const MAX_ERROR_LENGTH = 4000;

@Injectable()
export class JobOutboxRepository {
  /** `txHost.tx` joins the requesting transaction: the job exists iff it commits. */
  constructor(
    private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>,
    private readonly statements: StatementRunner,
  ) {}

  /** The new row id, or null when the dedup policy dropped the request. */
  async insert(job: OutboxJobInput): Promise<number | null> {
    const rows: Array<{ id: number | string }> = await this.txHost.tx.query(
      INSERT_BY_POLICY[job.dedup],
      [
        job.queue,
        job.name,
        job.jobId,
        job.dedup,
        JSON.stringify(job.payload ?? null),
        job.maxAttempts,
        job.backoffMs,
        job.graceMs,
      ],
    );
    return rows.length > 0 ? Number(rows[0].id) : null;
  }

  async claimDue(limit: number, leaseMs: number, alsoIds: number[] = []): Promise<OutboxRow[]> {
    return this.statements.rows<OutboxRow>(CLAIM_DUE, [limit, leaseMs, alsoIds]);
  }

  findUnfinished(limit: number): Promise<OutboxRow[]> {
    return this.txHost.tx.query(SELECT_UNFINISHED, [limit]);
  }

  async settleDelivered(ids: number[]): Promise<void> {
    if (ids.length > 0) {
      await this.statements.run(SETTLE_DELIVERED, [ids]);
    }
  }

  async reschedule(id: number, attemptsMade: number, error: string, delayMs: number) {
    await this.txHost.tx.query(RESCHEDULE, [
      id,
      attemptsMade,
      error.slice(0, MAX_ERROR_LENGTH),
      delayMs,
    ]);
  }

  async markDead(id: number, attemptsMade: number, error: string): Promise<void> {
    await this.txHost.tx.query(MARK_DEAD, [id, attemptsMade, error.slice(0, MAX_ERROR_LENGTH)]);
  }

  /** Records a job that the backend gave up on (BullMQ: final failure), so it stays visible. */
  async insertDead(job: {
    queue: string;
    name: string;
    jobId: string;
    payload: unknown;
    attempts: number;
    backoffMs: number;
    error: string;
  }): Promise<void> {
    await this.txHost.tx.query(INSERT_DEAD, [
      job.queue,
      job.name,
      job.jobId,
      JSON.stringify(job.payload ?? null),
      job.attempts,
      job.backoffMs,
      job.error.slice(0, MAX_ERROR_LENGTH),
    ]);
  }

  countByQueue(): Promise<OutboxCount[]> {
    return this.txHost.tx.query(COUNT_BY_QUEUE);
  }

  /** Forgets once-ever keys and dead jobs older than `days`; returns the number removed. */
  async deleteFinishedBefore(days: number): Promise<number> {
    const result: [unknown[], number] = await this.txHost.tx.query(DELETE_FINISHED_BEFORE, [days]);
    return result[1];
  }
}
