import { CreateJobOutbox1764403200000 } from 'src/database/migrations/1764403200000-create-job-outbox';
import { CreatePipelines1764403300000 } from 'src/database/migrations/1764403300000-create-pipelines';
import { CreateExecutions1764403400000 } from 'src/database/migrations/1764403400000-create-executions';
import { IndexIdempotencyKey1764403460000 } from 'src/database/migrations/1764403460000-index-idempotency-key';
import { JobSeams1764403500000 } from 'src/database/migrations/1764403500000-job-seams';
import { CreateAddressesAndLineage1764403800000 } from 'src/database/migrations/1764403800000-create-addresses-and-lineage';
import { CreateAlerts1764404000000 } from 'src/database/migrations/1764404000000-create-alerts';
import { CreateMonitoring1764404100000 } from 'src/database/migrations/1764404100000-create-monitoring';
import { CreateAnomalyDetection1764404200000 } from 'src/database/migrations/1764404200000-create-anomaly-detection';
import { DashboardIndexes1764405000000 } from 'src/database/migrations/1764405000000-dashboard-indexes';
import { ReportingDayIndex1764405000100 } from 'src/database/migrations/1764405000100-reporting-day-index';
import { PipelineNewestSuccess1764407000000 } from 'src/database/migrations/1764407000000-pipeline-newest-success';

/** Every migration in order; the app and the CLI both use this list. */
export const MIGRATIONS = [
  CreateJobOutbox1764403200000,
  CreatePipelines1764403300000,
  CreateExecutions1764403400000,
  IndexIdempotencyKey1764403460000,
  JobSeams1764403500000,
  CreateAddressesAndLineage1764403800000,
  CreateAlerts1764404000000,
  CreateMonitoring1764404100000,
  CreateAnomalyDetection1764404200000,
  DashboardIndexes1764405000000,
  ReportingDayIndex1764405000100,
  PipelineNewestSuccess1764407000000,
];
