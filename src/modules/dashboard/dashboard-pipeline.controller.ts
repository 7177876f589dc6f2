import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { IdParamPipe } from 'src/common/http/id-param.pipe';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { DashboardPipelineService } from 'src/modules/dashboard/dashboard-pipeline.service';
import { ListRunsQuery } from 'src/modules/dashboard/dto/list-runs.query';
import { DaysQuery } from 'src/modules/dashboard/dto/metrics.query';
import { AnomalyBandResponse, MetricsResponse } from 'src/modules/dashboard/dto/metrics.response';
import { PipelineDetailResponse } from 'src/modules/dashboard/dto/pipeline-detail.response';
import { RunPageResponse } from 'src/modules/dashboard/dto/run-page.response';

const pipelineId = new IdParamPipe('id', { max: INT4_MAX });

@ApiTags('dashboard')
@ApiExtraModels(AnomalyBandResponse)
@ApiParam({ name: 'id', type: 'integer', example: 1, description: 'Pipeline id' })
@Controller('dashboard/pipelines')
export class DashboardPipelineController {
  constructor(private readonly pipelineService: DashboardPipelineService) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A pipeline with its effective thresholds, freshness, watermark history and rules',
    description:
      'thresholds: the pipeline’s (number, datepart) when both are set, else its type’s, with ' +
      'the source of each; a mute on the pipeline or its type. watermark_history: the ' +
      'next_watermark of its latest 50 successful runs, newest first. rules: each anomaly rule ' +
      'with its state (learning with baseline_size of minimum_executions, ready, inactive).',
  })
  @ApiOkResponse({ type: PipelineDetailResponse })
  @ApiErrors(404)
  getPipeline(@Param('id', pipelineId) id: number): Promise<PipelineDetailResponse> {
    return this.pipelineService.getPipeline(id);
  }

  @Get(':id/runs')
  @ApiOperation({
    summary: "A pipeline's runs, newest first (paged, optional status filter)",
    description: 'running: not ended; succeeded/failed: ended with that outcome.',
  })
  @ApiOkResponse({ type: RunPageResponse })
  @ApiErrors(404)
  listRuns(
    @Param('id', pipelineId) id: number,
    @Query() query: ListRunsQuery,
  ): Promise<RunPageResponse> {
    return this.pipelineService.listRuns(id, query);
  }

  @Get(':id/metrics')
  @ApiOperation({
    summary: 'Metric points of the successful runs of the last `days` days, for the charts',
    description:
      'total_rows, duration_seconds and throughput of each successful ended run that started ' +
      'in the window, oldest first (the latest 5,000 at most), with the flags set and the ' +
      'detection band (mean, stddev, bounds, z-score) of each flagged metric.',
  })
  @ApiOkResponse({ type: MetricsResponse })
  @ApiErrors(404)
  metrics(
    @Param('id', pipelineId) id: number,
    @Query() query: DaysQuery,
  ): Promise<MetricsResponse> {
    return this.pipelineService.metrics(id, query);
  }
}
