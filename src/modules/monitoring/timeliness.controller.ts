import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { CheckQueuedResponse } from 'src/modules/monitoring/dto/check-queued.response';
import { ListMonitoringLogsQuery } from 'src/modules/monitoring/dto/list-monitoring-logs.query';
import { TimelinessCheckDto } from 'src/modules/monitoring/dto/timeliness-check.dto';
import { TimelinessLogResponse } from 'src/modules/monitoring/dto/timeliness-log.response';
import { TimelinessService } from 'src/modules/monitoring/timeliness.service';

@ApiTags('Monitoring')
@Controller('timeliness')
export class TimelinessController {
  constructor(private readonly timelinessService: TimelinessService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Check pipeline execution timeliness (queued)',
    description:
      'Enqueues a timeliness check of the executions that started in the last ' +
      'lookback_minutes or are still running (failed ones never count), for active, unmuted ' +
      "pipelines with a threshold (their own, else their type's): a running execution is late " +
      'once now passes start + threshold, a finished one when its end did. Each late execution ' +
      'is logged once; one alert per check lists the newly late ones. Also runs on a schedule ' +
      '(WATCHER_TIMELINESS_CRON, every 15 minutes, lookback 60).',
  })
  @ApiBody({
    type: TimelinessCheckDto,
    required: false,
    examples: {
      seed: { value: { lookback_minutes: 60 } },
      default: { summary: 'No body: lookback 60', value: {} },
    },
  })
  @ApiOkResponse({ type: CheckQueuedResponse, example: { status: 'queued' } })
  @ApiErrors()
  requestCheck(@Body() dto: TimelinessCheckDto): Promise<CheckQueuedResponse> {
    return this.timelinessService.requestCheck(dto);
  }

  @Get()
  @ApiOperation({
    summary: 'List timeliness log rows, newest first',
    description: 'One row per late execution. Default limit 100.',
  })
  @ApiOkResponse({
    type: [TimelinessLogResponse],
    example: [
      {
        pipeline_execution_id: 4711,
        pipeline_id: 1,
        pipeline_name: 'daily sales',
        execution_status: 'running',
        start_date: '2024-01-01T10:00:00.000Z',
        end_date: null,
        deadline: '2024-01-01T12:00:00.000Z',
        duration_seconds: 9000,
        seconds_threshold: 7200,
        timeliness_number: 2,
        timeliness_datepart: 'hour',
        threshold_source: 'pipeline_type',
        created_at: '2024-01-01T12:30:00.000Z',
      },
    ],
  })
  @ApiErrors(404)
  list(@Query() query: ListMonitoringLogsQuery): Promise<TimelinessLogResponse[]> {
    return this.timelinessService.list(query);
  }
}
