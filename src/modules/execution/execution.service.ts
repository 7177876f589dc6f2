import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { IdResponse } from 'src/common/dto/id.response';
import type { UpsertResult } from 'src/common/http/upsert-result';
import type { EndExecutionDto } from 'src/modules/execution/dto/end-execution.dto';
import {
  DEFAULT_EXECUTION_LIMIT,
  type ListExecutionsQuery,
} from 'src/modules/execution/dto/list-executions.query';
import type { PipelineExecutionTreeResponse } from 'src/modules/execution/dto/pipeline-execution-tree.response';
import type { PipelineExecutionResponse } from 'src/modules/execution/dto/pipeline-execution.response';
import type { StartExecutionDto } from 'src/modules/execution/dto/start-execution.dto';
import { endMetrics, recordedAt } from 'src/modules/execution/execution-metrics.util';
import {
  assertNestable,
  assertSameStart,
  sentStart,
} from 'src/modules/execution/execution-start.util';
import {
  ExecutionEndBeforeStartError,
  ExecutionNotFoundError,
  ExecutionNotInPipelineError,
  IdempotentStartVanishedError,
} from 'src/modules/execution/execution.errors';
import {
  type AnomalySubject,
  toAnomalySubject,
  toExecutionResponse,
  toExecutionTree,
} from 'src/modules/execution/execution.mapper';
import {
  type BaselineBuckets,
  type BaselineSpec,
  type BaselineStatistics,
  ExecutionRepository,
  type RetentionDeleted,
} from 'src/modules/execution/execution.repository';
import { EXECUTION_ENDED_JOB } from 'src/modules/execution/jobs/execution-ended.job';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';
import { JobQueue } from 'src/queue/job-queue';

export {
  EXECUTION_METRICS,
  type ExecutionMetric,
} from 'src/modules/execution/execution-metrics.util';
export type { AnomalySubject } from 'src/modules/execution/execution.mapper';
export type {
  BaselineBucket,
  BaselineBuckets,
  BaselineSpec,
  BaselineStatistics,
} from 'src/modules/execution/execution.repository';
export type { RetentionDeleted } from 'src/modules/execution/execution.repository';

@Injectable()
export class ExecutionService {
  constructor(
    private readonly repository: ExecutionRepository,
    private readonly pipelineService: PipelineService,
    private readonly jobQueue: JobQueue,
  ) {}

  /**
   * POST /start_pipeline_execution. The execution and its closure rows are written in one
   * transaction, so a child is visible under every ancestor as soon as this returns. With an
   * Idempotency-Key that this pipeline has seen before, nothing is written and the earlier id is
   * returned (created: false).
   */
  @Transactional()
  async start(dto: StartExecutionDto, idempotencyKey?: string): Promise<UpsertResult<IdResponse>> {
    const startDate = dto.start_date ?? new Date();
    const parentId = dto.parent_id ?? dto.parent_execution_id ?? null;
    const { hourRecorded, dateRecorded } = recordedAt(startDate);
    await this.pipelineService.assertExists(dto.pipeline_id);
    if (parentId !== null) {
      assertNestable(parentId, await this.repository.findDepth(parentId));
    }
    if (idempotencyKey !== undefined) {
      const first = await this.repository.lockAndFindByIdempotencyKey(
        idempotencyKey,
        dto.pipeline_id,
      );
      if (first) {
        assertSameStart(first, sentStart(dto));
        return { created: false, body: { id: first.id } };
      }
    }
    const id = await this.repository.insertIfAbsent({
      pipelineId: dto.pipeline_id,
      parentId,
      startDate,
      watermark: dto.watermark ?? null,
      nextWatermark: dto.next_watermark ?? null,
      hourRecorded,
      dateRecorded,
      idempotencyKey: idempotencyKey ?? null,
    });
    if (id !== null) {
      await this.repository.insertClosureRows(id, parentId);
      return { created: true, body: { id } };
    }
    const existingId = await this.repository.findIdByIdempotencyKey(
      dto.pipeline_id,
      idempotencyKey as string,
    );
    if (existingId === null) {
      throw new IdempotentStartVanishedError(dto.pipeline_id);
    }
    return { created: false, body: { id: existingId } };
  }

  /**
   * POST /end_pipeline_execution. Stores the end, the counts and the derived metrics (ending
   * again replaces them). On success, in the same transaction, the pipeline's watermark and
   * last_target_* move forward and `execution-ended` is published (it exists iff this commits).
   */
  @Transactional()
  async end(dto: EndExecutionDto): Promise<void> {
    const isSuccess = dto.completed_successfully === true;
    const execution = await this.repository.lockForEnd(dto.id);
    if (!execution) {
      throw new ExecutionNotFoundError(dto.id);
    }
    if (dto.end_date.getTime() <= execution.start_date.getTime()) {
      throw new ExecutionEndBeforeStartError(dto.end_date, execution.start_date);
    }
    const metrics = endMetrics(execution.start_date, dto.end_date, dto.total_rows);
    await this.repository.recordEnd(dto.id, {
      endDate: dto.end_date,
      durationSeconds: metrics.durationSeconds,
      completedSuccessfully: isSuccess,
      inserts: dto.inserts ?? null,
      updates: dto.updates ?? null,
      softDeletes: dto.soft_deletes ?? null,
      totalRows: dto.total_rows ?? null,
      throughput: metrics.throughput,
      executionMetadata: dto.execution_metadata ?? null,
    });
    if (!isSuccess) {
      return;
    }
    // Lock the pipeline first, so concurrent ends of one pipeline see each other's result.
    await this.pipelineService.lockForRun(execution.pipeline_id);
    const isNewest = !(await this.repository.hasNewerSuccess(
      execution.pipeline_id,
      execution.start_date,
      dto.id,
    ));
    await this.pipelineService.recordSuccessfulRun(execution.pipeline_id, {
      shouldAdvanceWatermark: isNewest,
      endDate: dto.end_date,
      nextWatermark: execution.next_watermark,
      inserts: dto.inserts ?? null,
      updates: dto.updates ?? null,
      softDeletes: dto.soft_deletes ?? null,
    });
    await this.jobQueue.enqueue(EXECUTION_ENDED_JOB, {
      executionId: dto.id,
      pipelineId: execution.pipeline_id,
    });
  }

  /** GET /pipeline_execution/{id}: the execution with all its descendants nested. */
  async getTree(id: number): Promise<PipelineExecutionTreeResponse> {
    const tree = toExecutionTree(await this.repository.findSubtree(id));
    if (!tree) {
      throw new ExecutionNotFoundError(id);
    }
    return tree;
  }

  /**
   * Log retention, step 1 of a batch (call both steps in one transaction): locks up to `limit`
   * executions that started before `cutoff` and have no child left, oldest first, and returns
   * their ids. A parent comes in a later batch, once its children have gone; a parent with a
   * kept child stays. Delete rows of your own that reference them, then call deleteRetained.
   */
  lockRetentionBatch(cutoff: Date, limit: number): Promise<number[]> {
    return this.repository.lockRetentionBatch(cutoff, limit);
  }

  /** Log retention, step 2: deletes the locked executions, closure rows and anomaly results. */
  deleteRetained(ids: number[]): Promise<RetentionDeleted> {
    return this.repository.deleteLeaves(ids);
  }

  /** GET /pipeline/{id}/executions: newest first, flat. */
  async listForPipeline(
    pipelineId: number,
    query: ListExecutionsQuery,
  ): Promise<PipelineExecutionResponse[]> {
    await this.pipelineService.assertExists(pipelineId);
    const rows = await this.repository.listForPipeline(pipelineId, {
      limit: query.limit ?? DEFAULT_EXECUTION_LIMIT,
      beforeId: query.before_id,
      status: query.status,
    });
    return rows.map(toExecutionResponse);
  }

  /** Throws ExecutionNotFoundError (404) unless the execution exists. */
  async assertExists(id: number): Promise<void> {
    if (!(await this.repository.exists(id))) {
      throw new ExecutionNotFoundError(id);
    }
  }

  /** 404 when the execution does not exist or belongs to another pipeline. */
  async assertBelongsTo(id: number, pipelineId: number): Promise<void> {
    const actual = await this.repository.findPipelineId(id);
    if (actual === null) {
      throw new ExecutionNotFoundError(id);
    }
    if (actual !== pipelineId) {
      throw new ExecutionNotInPipelineError(id, pipelineId);
    }
  }

  /**
   * The execution as anomaly detection judges it, row-locked for the caller's transaction (an
   * end, a detection and an unflag of one execution run one after the other); null when it does
   * not exist.
   */
  async lockForAnomalies(id: number): Promise<AnomalySubject | null> {
    const row = await this.repository.lockAnomalySubject(id);
    return row ? toAnomalySubject(row) : null;
  }

  /** The baseline statistics of `subject` for each spec, in order, in one query (DESIGN §5.4). */
  getBaselineStatistics(
    subject: AnomalySubject,
    specs: BaselineSpec[],
  ): Promise<BaselineStatistics[]> {
    return this.repository.findBaselineStatistics(
      {
        id: subject.id,
        pipeline_id: subject.pipelineId,
        hour_recorded: subject.hourRecorded,
        start_date: subject.startDate,
      },
      specs,
    );
  }

  /** Baseline sizes per UTC hour as the pipeline's next run would see them; null without runs. */
  getBaselineBuckets(pipelineId: number, spec: BaselineSpec): Promise<BaselineBuckets | null> {
    return this.repository.findBaselineBuckets(pipelineId, spec);
  }

  /**
   * Merges `{metric: true|false}` into the execution's anomaly_flags (other keys are kept). Owned
   * here because the execution module owns the column; updated_at is left alone (it marks the
   * last end, which AnomalySubject.endVersion carries).
   */
  async mergeAnomalyFlags(id: number, flags: Record<string, boolean>): Promise<void> {
    if (Object.keys(flags).length > 0) {
      await this.repository.mergeAnomalyFlags(id, flags);
    }
  }
}
