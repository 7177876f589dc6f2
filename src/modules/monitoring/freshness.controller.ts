import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { CheckQueuedResponse } from 'src/modules/monitoring/dto/check-queued.response';
import { FreshnessLogResponse } from 'src/modules/monitoring/dto/freshness-log.response';
import { ListMonitoringLogsQuery } from 'src/modules/monitoring/dto/list-monitoring-logs.query';
import { FreshnessService } from 'src/modules/monitoring/freshness.service';

@ApiTags('Monitoring')
@Controller('freshness')
export class FreshnessController {
  constructor(private readonly freshnessService: FreshnessService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Check DML freshness (queued)',
    description:
      'Enqueues a freshness check of every active, unmuted pipeline with a threshold (its own ' +
      "number + datepart, else its type's): stale when the latest last_target_* plus the " +
      'threshold is before now (months and years are calendar months and years). Each stale ' +
      '(pipeline, last DML) is logged and alerted once. No body is needed; one sent is ignored. ' +
      'Also runs on a schedule (WATCHER_FRESHNESS_CRON, hourly).',
  })
  @ApiOkResponse({ type: CheckQueuedResponse, example: { status: 'queued' } })
  requestCheck(): Promise<CheckQueuedResponse> {
    return this.freshnessService.requestCheck();
  }

  @Get()
  @ApiOperation({
    summary: 'List freshness log rows, newest first',
    description: 'One row per (pipeline, last DML) found stale. Default limit 100.',
  })
  @ApiOkResponse({
    type: [FreshnessLogResponse],
    example: [
      {
        id: 12,
        pipeline_id: 1,
        pipeline_name: 'daily sales',
        last_dml_timestamp: '2024-01-01T10:00:00.000Z',
        stale_since: '2024-01-02T10:00:00.000Z',
        evaluation_timestamp: '2024-01-02T11:00:00.000Z',
        freshness_number: 24,
        freshness_datepart: 'hour',
        threshold_source: 'pipeline',
      },
    ],
  })
  @ApiErrors(404)
  list(@Query() query: ListMonitoringLogsQuery): Promise<FreshnessLogResponse[]> {
    return this.freshnessService.list(query);
  }
}
