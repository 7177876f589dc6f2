import { Module } from '@nestjs/common';
import { AnomalyDetectionRepository } from 'src/modules/anomaly/anomaly-detection.repository';
import { AnomalyDetectionService } from 'src/modules/anomaly/anomaly-detection.service';
import { AnomalyResultController } from 'src/modules/anomaly/anomaly-result.controller';
import { AnomalyResultRepository } from 'src/modules/anomaly/anomaly-result.repository';
import { AnomalyResultService } from 'src/modules/anomaly/anomaly-result.service';
import { AnomalyRuleController } from 'src/modules/anomaly/anomaly-rule.controller';
import { AnomalyRuleRepository } from 'src/modules/anomaly/anomaly-rule.repository';
import { AnomalyRuleService } from 'src/modules/anomaly/anomaly-rule.service';
import { DetectAnomaliesProcessor } from 'src/modules/anomaly/jobs/detect-anomalies.processor';
import { ExecutionModule } from 'src/modules/execution/execution.module';
import { NotificationModule } from 'src/modules/notification/notification.module';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';

/** Rules, detection after every successful end (execution-ended), results and unflagging. */
@Module({
  imports: [PipelineModule, ExecutionModule, NotificationModule],
  controllers: [AnomalyRuleController, AnomalyResultController],
  providers: [
    AnomalyRuleService,
    AnomalyResultService,
    AnomalyDetectionService,
    AnomalyDetectionRepository,
    AnomalyRuleRepository,
    AnomalyResultRepository,
    DetectAnomaliesProcessor,
  ],
  exports: [AnomalyRuleService, AnomalyResultService],
})
export class AnomalyModule {}
