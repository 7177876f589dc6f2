import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AnomalyNotFlaggedError } from 'src/modules/anomaly/anomaly.errors';
import { toResultResponse } from 'src/modules/anomaly/anomaly.mapper';
import { AnomalyResultRepository } from 'src/modules/anomaly/anomaly-result.repository';
import type { AnomalyResultResponse } from 'src/modules/anomaly/dto/anomaly-result.response';
import {
  DEFAULT_RESULT_LIMIT,
  type ListAnomalyResultsQuery,
} from 'src/modules/anomaly/dto/list-anomaly-results.query';
import type { UnflagAnomalyDto } from 'src/modules/anomaly/dto/unflag-anomaly.dto';
import { ExecutionService } from 'src/modules/execution/execution.service';

@Injectable()
export class AnomalyResultService {
  constructor(
    private readonly repository: AnomalyResultRepository,
    private readonly executionService: ExecutionService,
  ) {}

  /** GET /pipeline_execution/{id}/anomalies: the execution's anomalies, by id. */
  async listForExecution(
    executionId: number,
    query: ListAnomalyResultsQuery,
  ): Promise<AnomalyResultResponse[]> {
    await this.executionService.assertExists(executionId);
    const results = await this.repository.listForExecution(executionId, {
      limit: query.limit ?? DEFAULT_RESULT_LIMIT,
      offset: query.offset,
    });
    return results.map(toResultResponse);
  }

  /**
   * POST /unflag_anomaly: deletes the execution's results for the listed metrics and sets those
   * flags to false, so the execution rejoins future baselines. 404 when the execution is unknown,
   * belongs to another pipeline, or none of the metrics is flagged.
   */
  @Transactional()
  async unflag(dto: UnflagAnomalyDto): Promise<void> {
    const executionId = dto.pipeline_execution_id;
    const metrics = [...new Set(dto.metric_field)];
    await this.executionService.assertBelongsTo(executionId, dto.pipeline_id);
    const subject = await this.executionService.lockForAnomalies(executionId);
    const deleted = await this.repository.deleteForMetrics(executionId, metrics);
    const unflagged = metrics.filter(
      (metric) => subject?.anomalyFlags?.[metric] === true || deleted.includes(metric),
    );
    if (unflagged.length === 0) {
      throw new AnomalyNotFlaggedError(executionId, metrics);
    }
    await this.executionService.mergeAnomalyFlags(
      executionId,
      Object.fromEntries(unflagged.map((metric) => [metric, false])),
    );
  }
}
