import { EXECUTION_ENDED_JOB } from 'src/modules/execution/jobs/execution-ended.job';
import {
  FRESHNESS_CHECK,
  FRESHNESS_CHECK_REQUESTED_JOB,
} from 'src/modules/monitoring/jobs/freshness-check.job';
import { LOG_CLEANUP } from 'src/modules/monitoring/jobs/log-cleanup.job';
import { QUEUE_MONITOR } from 'src/modules/monitoring/jobs/queue-monitor.job';
import {
  TIMELINESS_CHECK,
  TIMELINESS_CHECK_REQUESTED_JOB,
} from 'src/modules/monitoring/jobs/timeliness-check.job';
import { DELIVER_ALERT_JOB } from 'src/modules/notification/jobs/deliver-alert.job';
import { CLEAN_JOB_OUTBOX } from 'src/queue/maintenance/clean-job-outbox.job';
import type { JobDefinition } from 'src/queue/job-definition';
import type { PeriodicCheck } from 'src/queue/scheduling/periodic-check';

/**
 * The typed job catalogue: every job Watcher runs, with its queue, payload type (carried by its
 * definition), retries and dedup policy. Declared by each module in `jobs/<name>.job.ts`; handled
 * by `@OnJob(definition)` methods of `*.processor.ts` providers, discovered at boot.
 */
export const PERIODIC_CHECKS: readonly PeriodicCheck[] = [
  CLEAN_JOB_OUTBOX,
  FRESHNESS_CHECK,
  TIMELINESS_CHECK,
  QUEUE_MONITOR,
  LOG_CLEANUP,
];

export const JOB_CATALOGUE: ReadonlyArray<JobDefinition<never>> = [
  EXECUTION_ENDED_JOB,
  FRESHNESS_CHECK_REQUESTED_JOB,
  TIMELINESS_CHECK_REQUESTED_JOB,
  DELIVER_ALERT_JOB,
  ...PERIODIC_CHECKS.map((check) => check.job),
];
