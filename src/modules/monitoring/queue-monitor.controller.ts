import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  QueueDepthResponse,
  QueueMonitorResponse,
} from 'src/modules/monitoring/dto/queue-monitor.response';
import { QueueMonitorService } from 'src/modules/monitoring/queue-monitor.service';

@ApiTags('Monitoring')
@ApiExtraModels(QueueDepthResponse)
@Controller()
export class QueueMonitorController {
  constructor(private readonly queueMonitorService: QueueMonitorService) {}

  @Post(['celery/monitor-queue', 'queue/monitor'])
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Monitor queue depths and alert when they grow too big',
    description:
      "Pending jobs across Watcher's queues (waiting + delayed + active + job_outbox rows not " +
      'yet relayed). A warning alert at WATCHER_QUEUE_WARNING_THRESHOLD (50) pending jobs, a ' +
      'critical one at WATCHER_QUEUE_CRITICAL_THRESHOLD (100), each at most once per hour. ' +
      'Answers 200 {"status":"error"} when the queue backend is unreachable. Both paths are the ' +
      'same endpoint (/celery/monitor-queue is the name older clients use). Also runs on a ' +
      'schedule (WATCHER_QUEUE_MONITOR_CRON, every 5 minutes).',
  })
  @ApiOkResponse({
    type: QueueMonitorResponse,
    examples: {
      success: {
        summary: 'Queue backend answered',
        value: {
          status: 'success',
          total_pending: 4,
          alert_level: null,
          queues: {
            anomaly: { waiting: 3, active: 1, delayed: 0, outbox: 0, pending: 4, dead: 0 },
            monitoring: { waiting: 0, active: 0, delayed: 0, outbox: 0, pending: 0, dead: 0 },
            notification: { waiting: 0, active: 0, delayed: 0, outbox: 0, pending: 0, dead: 0 },
            system: { waiting: 0, active: 0, delayed: 0, outbox: 0, pending: 0, dead: 0 },
          },
        },
      },
      error: {
        summary: 'Queue backend unreachable',
        value: { status: 'error', message: 'Redis job counts timed out after 1000 ms' },
      },
    },
  })
  monitor(): Promise<QueueMonitorResponse> {
    return this.queueMonitorService.monitor('api');
  }
}
