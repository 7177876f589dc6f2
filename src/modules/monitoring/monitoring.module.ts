import { Module } from '@nestjs/common';
import { ExecutionModule } from 'src/modules/execution/execution.module';
import { FreshnessController } from 'src/modules/monitoring/freshness.controller';
import { FreshnessService } from 'src/modules/monitoring/freshness.service';
import { FreshnessCheckProcessor } from 'src/modules/monitoring/jobs/freshness-check.processor';
import { LogCleanupProcessor } from 'src/modules/monitoring/jobs/log-cleanup.processor';
import { QueueMonitorProcessor } from 'src/modules/monitoring/jobs/queue-monitor.processor';
import { TimelinessCheckProcessor } from 'src/modules/monitoring/jobs/timeliness-check.processor';
import { LogCleanupController } from 'src/modules/monitoring/log-cleanup.controller';
import { LogCleanupService } from 'src/modules/monitoring/log-cleanup.service';
import { MonitoringRepository } from 'src/modules/monitoring/monitoring.repository';
import { QueueMonitorController } from 'src/modules/monitoring/queue-monitor.controller';
import { QueueMonitorService } from 'src/modules/monitoring/queue-monitor.service';
import { TimelinessController } from 'src/modules/monitoring/timeliness.controller';
import { TimelinessService } from 'src/modules/monitoring/timeliness.service';
import { NotificationModule } from 'src/modules/notification/notification.module';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';

/** Freshness and timeliness checks, log retention and the queue monitor (DESIGN §5.5, §5.6). */
@Module({
  imports: [PipelineModule, ExecutionModule, NotificationModule],
  controllers: [
    FreshnessController,
    TimelinessController,
    LogCleanupController,
    QueueMonitorController,
  ],
  providers: [
    MonitoringRepository,
    FreshnessService,
    TimelinessService,
    LogCleanupService,
    QueueMonitorService,
    FreshnessCheckProcessor,
    TimelinessCheckProcessor,
    QueueMonitorProcessor,
    LogCleanupProcessor,
  ],
})
export class MonitoringModule {}
