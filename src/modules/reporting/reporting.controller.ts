import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { DailyMetricsQuery } from 'src/modules/reporting/dto/daily-metrics.query';
import {
  DailyMetricsPageResponse,
  RefreshResponse,
} from 'src/modules/reporting/dto/daily-metrics.response';
import { ReportingService } from 'src/modules/reporting/reporting.service';

@ApiTags('reporting')
@Controller('reporting')
export class ReportingController {
  constructor(private readonly reportingService: ReportingService) {}

  @Get('daily-pipeline-metrics')
  @ApiOperation({
    summary: 'Per UTC day and pipeline: executions, failures, rows, duration, throughput',
    description:
      'Executions grouped by the UTC day they started, over the last `days` days (today ' +
      'included), newest day first, then pipeline name. error_rate = failed / executions; ' +
      'average_duration_seconds and throughput (rows per second) come from the executions ' +
      'that ended. Always current: computed from the executions on each call.',
  })
  @ApiOkResponse({ type: DailyMetricsPageResponse })
  @ApiErrors()
  dailyMetrics(@Query() query: DailyMetricsQuery): Promise<DailyMetricsPageResponse> {
    return this.reportingService.dailyMetrics(query);
  }

  @Get('pipeline-names')
  @ApiOperation({ summary: 'Every pipeline name, sorted (for the report picker)' })
  @ApiOkResponse({ type: [String], example: ['daily sales', 'hourly clicks'] })
  listPipelineNames(): Promise<string[]> {
    return this.reportingService.listPipelineNames();
  }

  @Get('pipeline-type-names')
  @ApiOperation({ summary: 'Every pipeline type name, sorted (for the report picker)' })
  @ApiOkResponse({ type: [String], example: ['etl'] })
  listPipelineTypeNames(): Promise<string[]> {
    return this.reportingService.listPipelineTypeNames();
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'No-op kept for old clients (the report is always current)',
    description: 'Older clients refreshed a materialised view before reading; nothing to do now.',
  })
  @ApiOkResponse({ type: RefreshResponse, example: { status: 'ok' } })
  refresh(): RefreshResponse {
    return this.reportingService.refresh();
  }
}
