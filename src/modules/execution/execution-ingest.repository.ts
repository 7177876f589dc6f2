import { Injectable } from '@nestjs/common';
import { stringifyJsonLossless } from 'src/common/http/lossless-json.util';
import { preparedStatement } from 'src/database/prepared-statement';
import { StatementRunner } from 'src/database/statement-runner';
import type { Int8 } from 'src/modules/execution/entities/pipeline-execution.entity';
import type { NewExecution } from 'src/modules/execution/execution.repository';
import type { ExecutionEndedPayload } from 'src/modules/execution/jobs/execution-ended.job';
import { insertOutboxRowsFrom } from 'src/queue/job-outbox.repository';
import type { OutboxJobColumns } from 'src/queue/job-queue';

/**
 * The ingest path (POST /start_pipeline_execution and POST /end_pipeline_execution): what every
 * orchestrator task calls, so each is one statement, atomic on its own (no explicit transaction,
 * one round trip). The start with an Idempotency-Key keeps its transactional path in
 * ExecutionRepository.
 */

/** A start without Idempotency-Key; the parent (if any) must be less than maxDepth deep. */
export type NewRootOrChild = Omit<NewExecution, 'idempotencyKey'> & { maxDepth: number };

/** id null: nothing was written, because the pipeline or the parent is unknown or too deep. */
export interface StartOutcome {
  id: number | null;
  pipelineFound: boolean;
  /** The parent's nesting depth; null when there is no parent or it does not exist. */
  parentDepth: number | null;
}

export interface EndInput {
  id: number;
  endDate: Date;
  completedSuccessfully: boolean;
  inserts: Int8 | null;
  updates: Int8 | null;
  softDeletes: Int8 | null;
  totalRows: Int8 | null;
  executionMetadata: Record<string, unknown> | null;
}

/** null from end(): the execution does not exist. */
export interface EndOutcome {
  startDate: Date;
  /** False: nothing was written, the end is not after the start. */
  isEnded: boolean;
  /** The execution-ended job row written with a successful end. */
  job: { id: number; payload: ExecutionEndedPayload } | null;
}

/**
 * The execution and its closure rows (its self row at depth 0 and a copy of each ancestor row of
 * the parent at depth + 1) in one statement, written only when the pipeline exists and the parent
 * (if any) exists and is less than $8 deep; the answer says which was missing.
 * $1 pipeline, $2 parent, $3 start, $4 watermark, $5 next_watermark, $6 hour, $7 date, $8 depth.
 */
const START_EXECUTION = preparedStatement(
  'start_execution',
  `
  WITH parent AS (
    SELECT max(depth) AS depth FROM pipeline_execution_closure
    WHERE descendant_id = $2::bigint HAVING count(*) > 0),
  target AS (SELECT id FROM pipeline WHERE id = $1),
  started AS (
    INSERT INTO pipeline_execution (pipeline_id, parent_id, start_date, watermark, next_watermark,
      hour_recorded, date_recorded)
    SELECT t.id, $2::bigint, $3::timestamptz, $4, $5, $6, $7::date FROM target t
    WHERE $2::bigint IS NULL OR EXISTS (SELECT 1 FROM parent WHERE depth < $8)
    RETURNING id),
  closure AS (
    INSERT INTO pipeline_execution_closure (ancestor_id, descendant_id, depth)
    SELECT s.id, s.id, 0 FROM started s
    UNION ALL
    SELECT c.ancestor_id, s.id, c.depth + 1
    FROM started s JOIN pipeline_execution_closure c ON c.descendant_id = $2::bigint)
  SELECT (SELECT id FROM started) AS id, EXISTS (SELECT 1 FROM target) AS pipeline_found,
    (SELECT depth FROM parent) AS parent_depth`,
);

/** Elapsed whole seconds from x.start_date to $2, rounded half away from zero (exact numeric). */
const SECONDS = `round(extract(epoch FROM $2::timestamptz) - extract(epoch FROM x.start_date))`;

/** A successful end at least as new as the pipeline's newest success (by start, then id). */
const IS_NEWEST = `(p.newest_success_start_date IS NULL
  OR (e.start_date, e.id) >= (p.newest_success_start_date, p.newest_success_execution_id))`;

const lastTarget = (column: string, count: string): string =>
  `${column} = CASE WHEN ${count}::bigint > 0
    THEN GREATEST(p.${column}, $2::timestamptz) ELSE p.${column} END`;

/**
 * One statement for an end (DESIGN §5.1, §5.2):
 * - the execution's end, counts, duration_seconds (elapsed seconds, half away from zero) and
 *   throughput (total_rows / duration rounded half away from zero to 4 decimals, exactly: integer
 *   arithmetic on numeric; 0 for a 0 s run, null without total_rows), only when the end is after
 *   the start (ending again replaces them);
 * - on success, the pipeline: watermark → the execution's next_watermark, else the pipeline's,
 *   unless a newer run already succeeded (newest_success_*, so a concurrent end's commit is seen:
 *   the UPDATE is re-evaluated on the row's latest version); last_target_* → end_date where the
 *   count is > 0, never backwards; load_lineage off;
 * - on success, the execution-ended job's outbox row (it exists iff the end does).
 * The execution row is updated (locked) before the pipeline row, as before.
 * $1 id, $2 end, $3 success, $4 inserts, $5 updates, $6 soft deletes, $7 total rows,
 * $8 metadata, $9… the outbox columns.
 */
const END_EXECUTION = preparedStatement(
  'end_execution',
  `
  WITH ended AS (
    UPDATE pipeline_execution x SET
      end_date = $2::timestamptz,
      duration_seconds = ${SECONDS}::bigint,
      completed_successfully = $3::boolean,
      inserts = $4::bigint, updates = $5::bigint, soft_deletes = $6::bigint,
      total_rows = $7::bigint,
      throughput = CASE WHEN $7::bigint IS NULL THEN NULL
        WHEN ${SECONDS} <= 0 THEN 0
        ELSE trim_scale(div(2 * $7::numeric * 10000 + ${SECONDS}, 2 * ${SECONDS}) * 0.0001) END,
      execution_metadata = $8::jsonb,
      updated_at = now()
    WHERE x.id = $1 AND x.start_date < $2::timestamptz
    RETURNING x.id, x.pipeline_id, x.start_date, x.next_watermark),
  advanced AS (
    UPDATE pipeline p SET
      watermark = CASE WHEN ${IS_NEWEST}
        THEN COALESCE(e.next_watermark, p.next_watermark, p.watermark) ELSE p.watermark END,
      newest_success_start_date = CASE WHEN ${IS_NEWEST}
        THEN e.start_date ELSE p.newest_success_start_date END,
      newest_success_execution_id = CASE WHEN ${IS_NEWEST}
        THEN e.id ELSE p.newest_success_execution_id END,
      ${lastTarget('last_target_insert', '$4')},
      ${lastTarget('last_target_update', '$5')},
      ${lastTarget('last_target_soft_delete', '$6')},
      load_lineage = false,
      updated_at = now()
    FROM ended e
    WHERE p.id = e.pipeline_id AND $3::boolean
    RETURNING p.id),
  published AS (
    ${insertOutboxRowsFrom(
      'ended WHERE $3::boolean',
      `jsonb_build_object('executionId', ended.id, 'pipelineId', ended.pipeline_id)`,
      9,
    )})
  SELECT x.start_date, EXISTS (SELECT 1 FROM ended) AS is_ended,
    (SELECT id FROM published) AS job_id, (SELECT payload FROM published) AS job_payload
  FROM pipeline_execution x WHERE x.id = $1`,
);

@Injectable()
export class ExecutionIngestRepository {
  constructor(private readonly statements: StatementRunner) {}

  async start(values: NewRootOrChild): Promise<StartOutcome> {
    const [row]: Array<{
      id: Int8 | null;
      pipeline_found: boolean;
      parent_depth: number | null;
    }> = await this.statements.rows(START_EXECUTION, [
      values.pipelineId,
      values.parentId,
      values.startDate.toISOString(),
      values.watermark,
      values.nextWatermark,
      values.hourRecorded,
      values.dateRecorded,
      values.maxDepth,
    ]);
    return {
      // Identity ids stay far below 2^53: the API hands them out as JSON numbers.
      id: row.id === null ? null : Number(row.id),
      pipelineFound: row.pipeline_found,
      parentDepth: row.parent_depth === null ? null : Number(row.parent_depth),
    };
  }

  async end(input: EndInput, job: OutboxJobColumns): Promise<EndOutcome | null> {
    const rows: Array<{
      start_date: Date;
      is_ended: boolean;
      job_id: Int8 | null;
      job_payload: ExecutionEndedPayload | null;
    }> = await this.statements.rows(END_EXECUTION, [
      input.id,
      input.endDate.toISOString(),
      input.completedSuccessfully,
      input.inserts,
      input.updates,
      input.softDeletes,
      input.totalRows,
      input.executionMetadata === null ? null : stringifyJsonLossless(input.executionMetadata),
      ...job,
    ]);
    const row = rows[0];
    if (!row) {
      return null;
    }
    const isPublished = row.job_id !== null && row.job_payload !== null;
    return {
      startDate: row.start_date,
      isEnded: row.is_ended,
      job: isPublished
        ? { id: Number(row.job_id), payload: row.job_payload as ExecutionEndedPayload }
        : null,
    };
  }
}
