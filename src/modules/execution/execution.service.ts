import { Injectable } from '@nestjs/common';
import {
  DEFAULT_EXECUTION_LIMIT,
  type ListExecutionsQuery,
} from 'src/modules/execution/dto/list-executions.query';
import type { PipelineExecutionTreeResponse } from 'src/modules/execution/dto/pipeline-execution-tree.response';
import type { PipelineExecutionResponse } from 'src/modules/execution/dto/pipeline-execution.response';
import {
  ExecutionNotFoundError,
  ExecutionNotInPipelineError,
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
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

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
  ) {}

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
