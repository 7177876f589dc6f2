import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { LogCleanupDto } from 'src/modules/monitoring/dto/log-cleanup.dto';
import { LogCleanupResponse } from 'src/modules/monitoring/dto/log-cleanup.response';
import { LogCleanupService } from 'src/modules/monitoring/log-cleanup.service';

@ApiTags('Monitoring')
@Controller('log_cleanup')
export class LogCleanupController {
  constructor(private readonly logCleanupService: LogCleanupService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Clean up old log data',
    description:
      'Deletes executions that started more than retention_days ago (a run that never ended ' +
      'too), oldest first, with their closure rows (both directions), anomaly results and ' +
      'timeliness logs, and freshness logs evaluated before that cutoff. A parent with a child ' +
      'that is kept stays until its children go. Works in batches of batch_size, each committed ' +
      'on its own, so ingestion keeps working meanwhile. Answers when done, with the rows really ' +
      'deleted. Also runs on a schedule (WATCHER_LOG_CLEANUP_CRON, daily 03:00 UTC, with ' +
      'WATCHER_RETENTION_DAYS).',
  })
  @ApiBody({
    type: LogCleanupDto,
    examples: { seed: { value: { retention_days: 90, batch_size: 10000 } } },
  })
  @ApiOkResponse({
    type: LogCleanupResponse,
    example: {
      total_pipeline_executions_deleted: 1000,
      total_timeliness_pipeline_execution_logs_deleted: 500,
      total_anomaly_detection_results_deleted: 50,
      total_pipeline_execution_closure_parent_deleted: 1000,
      total_pipeline_execution_closure_child_deleted: 200,
      total_freshness_pipeline_logs_deleted: 300,
    },
  })
  @ApiErrors()
  cleanUp(@Body() dto: LogCleanupDto): Promise<LogCleanupResponse> {
    return this.logCleanupService.cleanUp(dto);
  }
}
