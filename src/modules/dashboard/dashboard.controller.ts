import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { DashboardOverviewService } from 'src/modules/dashboard/dashboard-overview.service';
import { DashboardSystemService } from 'src/modules/dashboard/dashboard-system.service';
import { OverviewQuery } from 'src/modules/dashboard/dto/overview.query';
import { OverviewResponse } from 'src/modules/dashboard/dto/overview.response';
import { SystemResponse } from 'src/modules/dashboard/dto/system.response';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly overviewService: DashboardOverviewService,
    private readonly systemService: DashboardSystemService,
  ) {}

  @Get('overview')
  @ApiOperation({
    summary: 'Every pipeline with the state of its last run, problems first (paged)',
    description:
      'One row per pipeline: its last run (latest start) and whether it is late, the last ' +
      'success, freshness, open anomaly flags (ended runs of the last 30 days) and the ' +
      'durations of its last 20 successful runs. `state` is the first of failed, late, stale, ' +
      'anomalous (the last run succeeded with a flag set), running, succeeded, never_run; rows ' +
      'sort in that order, then by name. Thresholds are effective ones (the pipeline’s pair, ' +
      'else its type’s); a mute on either, or an inactive pipeline, is never late or stale. ' +
      '`counts` covers the type- and search-filtered pipelines whatever `state` is asked for.',
  })
  @ApiOkResponse({ type: OverviewResponse })
  @ApiErrors()
  overview(@Query() query: OverviewQuery): Promise<OverviewResponse> {
    return this.overviewService.overview(query);
  }

  @Get('system')
  @ApiOperation({
    summary: 'Readiness, queue depths, outbox backlog and version',
    description:
      'Never fails: a database that does not answer within 2 s is `down` (status `down`), a ' +
      'queue backend that does not is `degraded` (status `degraded`, queues empty when their ' +
      'counts cannot be read).',
  })
  @ApiOkResponse({ type: SystemResponse })
  system(): Promise<SystemResponse> {
    return this.systemService.status();
  }
}
