import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { IdResponse } from 'src/common/dto/id.response';
import type { UpsertResult } from 'src/common/http/upsert-result';
import type { EndExecutionDto } from 'src/modules/execution/dto/end-execution.dto';
import type { StartExecutionDto } from 'src/modules/execution/dto/start-execution.dto';
import { recordedAt } from 'src/modules/execution/execution-metrics.util';
import {
  assertNestable,
  assertSameStart,
  MAX_EXECUTION_DEPTH,
  sentStart,
} from 'src/modules/execution/execution-start.util';
import {
  ExecutionEndBeforeStartError,
  ExecutionNotFoundError,
  IdempotentStartVanishedError,
} from 'src/modules/execution/execution.errors';
import { ExecutionIngestRepository } from 'src/modules/execution/execution-ingest.repository';
import { ExecutionRepository } from 'src/modules/execution/execution.repository';
import { EXECUTION_ENDED_JOB } from 'src/modules/execution/jobs/execution-ended.job';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';
import { JobQueue } from 'src/queue/job-queue';

/**
 * Starting and ending executions: the calls every orchestrator task makes. A start without an
 * Idempotency-Key and every end are one statement each (ExecutionIngestRepository); a keyed
 * start is a short transaction that serialises on its key.
 */
@Injectable()
export class ExecutionIngestService {
  constructor(
    private readonly ingest: ExecutionIngestRepository,
    private readonly repository: ExecutionRepository,
    private readonly pipelineService: PipelineService,
    private readonly jobQueue: JobQueue,
  ) {}

  /**
   * POST /start_pipeline_execution. The execution and its closure rows are written together, so
   * a child is visible under every ancestor as soon as this returns. 404 for an unknown pipeline
   * or parent, 422 for a parent nested too deeply.
   */
  async start(dto: StartExecutionDto, idempotencyKey?: string): Promise<UpsertResult<IdResponse>> {
    if (idempotencyKey !== undefined) {
      return this.startOnce(dto, idempotencyKey);
    }
    const startDate = dto.start_date ?? new Date();
    const parentId = dto.parent_id ?? dto.parent_execution_id ?? null;
    const outcome = await this.ingest.start({
      pipelineId: dto.pipeline_id,
      parentId,
      startDate,
      watermark: dto.watermark ?? null,
      nextWatermark: dto.next_watermark ?? null,
      ...recordedAt(startDate),
      maxDepth: MAX_EXECUTION_DEPTH,
    });
    if (outcome.id !== null) {
      return { created: true, body: { id: outcome.id } };
    }
    if (!outcome.pipelineFound) {
      await this.pipelineService.assertExists(dto.pipeline_id); // throws PIPELINE_NOT_FOUND
    }
    assertNestable(parentId as number, outcome.parentDepth); // throws: not found or too deep
    throw new Error(`Start of pipeline ${dto.pipeline_id} wrote nothing for no known reason`);
  }

  /**
   * POST /end_pipeline_execution: stores the end, the counts and the derived metrics (ending
   * again replaces them); on success the pipeline's watermark and last_target_* move forward and
   * `execution-ended` is published — all in one statement.
   */
  async end(dto: EndExecutionDto): Promise<void> {
    const outcome = await this.ingest.end(
      {
        id: dto.id,
        endDate: dto.end_date,
        completedSuccessfully: dto.completed_successfully === true,
        inserts: dto.inserts ?? null,
        updates: dto.updates ?? null,
        softDeletes: dto.soft_deletes ?? null,
        totalRows: dto.total_rows ?? null,
        executionMetadata: dto.execution_metadata ?? null,
      },
      this.jobQueue.outboxColumns(EXECUTION_ENDED_JOB),
    );
    if (!outcome) {
      throw new ExecutionNotFoundError(dto.id);
    }
    if (!outcome.isEnded) {
      throw new ExecutionEndBeforeStartError(dto.end_date, outcome.startDate);
    }
    if (outcome.job) {
      this.jobQueue.published(EXECUTION_ENDED_JOB, outcome.job);
    }
  }

  /**
   * A start with an Idempotency-Key: with a key seen before, nothing is written and the earlier id
   * is returned (created: false); the key is locked until the commit, so two starts with one key
   * cannot both insert.
   */
  @Transactional()
  private async startOnce(
    dto: StartExecutionDto,
    idempotencyKey: string,
  ): Promise<UpsertResult<IdResponse>> {
    const startDate = dto.start_date ?? new Date();
    const parentId = dto.parent_id ?? dto.parent_execution_id ?? null;
    await this.pipelineService.assertExists(dto.pipeline_id);
    if (parentId !== null) {
      assertNestable(parentId, await this.repository.findDepth(parentId));
    }
    const first = await this.repository.lockAndFindByIdempotencyKey(
      idempotencyKey,
      dto.pipeline_id,
    );
    if (first) {
      assertSameStart(first, sentStart(dto));
      return { created: false, body: { id: first.id } };
    }
    const id = await this.repository.insertIfAbsent({
      pipelineId: dto.pipeline_id,
      parentId,
      startDate,
      watermark: dto.watermark ?? null,
      nextWatermark: dto.next_watermark ?? null,
      ...recordedAt(startDate),
      idempotencyKey,
    });
    if (id !== null) {
      await this.repository.insertClosureRows(id, parentId);
      return { created: true, body: { id } };
    }
    const existingId = await this.repository.findIdByIdempotencyKey(
      dto.pipeline_id,
      idempotencyKey,
    );
    if (existingId === null) {
      throw new IdempotentStartVanishedError(dto.pipeline_id);
    }
    return { created: false, body: { id: existingId } };
  }
}
