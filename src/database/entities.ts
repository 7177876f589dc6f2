import { AnomalyDetectionResultEntity } from 'src/modules/anomaly/entities/anomaly-detection-result.entity';
import { AnomalyDetectionRuleEntity } from 'src/modules/anomaly/entities/anomaly-detection-rule.entity';
import { AnomalyDetectionRunEntity } from 'src/modules/anomaly/entities/anomaly-detection-run.entity';
import { PipelineExecutionClosureEntity } from 'src/modules/execution/entities/pipeline-execution-closure.entity';
import { PipelineExecutionEntity } from 'src/modules/execution/entities/pipeline-execution.entity';
import { FreshnessPipelineLogEntity } from 'src/modules/monitoring/entities/freshness-pipeline-log.entity';
import { TimelinessPipelineExecutionLogEntity } from 'src/modules/monitoring/entities/timeliness-pipeline-execution-log.entity';
import { AlertDeliveryEntity } from 'src/modules/notification/entities/alert-delivery.entity';
import { AlertEntity } from 'src/modules/notification/entities/alert.entity';
import { PipelineTypeEntity } from 'src/modules/pipeline/entities/pipeline-type.entity';
import { PipelineEntity } from 'src/modules/pipeline/entities/pipeline.entity';
import { JobOutboxEntity } from 'src/queue/entities/job-outbox.entity';
import { ScheduledRunEntity } from 'src/queue/entities/scheduled-run.entity';

/** Every entity, for the app's DataSource and the migration CLI. Modules add theirs here. */
export const ENTITIES = [
  JobOutboxEntity,
  ScheduledRunEntity,
  PipelineTypeEntity,
  PipelineEntity,
  PipelineExecutionEntity,
  PipelineExecutionClosureEntity,
  FreshnessPipelineLogEntity,
  TimelinessPipelineExecutionLogEntity,
  AlertEntity,
  AlertDeliveryEntity,
  AnomalyDetectionRuleEntity,
  AnomalyDetectionResultEntity,
  AnomalyDetectionRunEntity,
];
