import { EXECUTION_ENDED_JOB } from 'src/modules/execution/jobs/execution-ended.job';
import { DELIVER_ALERT_JOB } from 'src/modules/notification/jobs/deliver-alert.job';
import { CLEAN_JOB_OUTBOX } from 'src/queue/maintenance/clean-job-outbox.job';
import type { JobDefinition } from 'src/queue/job-definition';
import type { PeriodicCheck } from 'src/queue/scheduling/periodic-check';

/**
 * The typed job catalogue: every job Watcher runs, with its queue, payload type (carried by its
 * definition), retries and dedup policy. Declared by each module in `jobs/<name>.job.ts`; handled
 * by `@OnJob(definition)` methods of `*.processor.ts` providers, discovered at boot.
 */
export const PERIODIC_CHECKS: readonly PeriodicCheck[] = [CLEAN_JOB_OUTBOX];

export const JOB_CATALOGUE: ReadonlyArray<JobDefinition<never>> = [
  EXECUTION_ENDED_JOB,
  DELIVER_ALERT_JOB,
  ...PERIODIC_CHECKS.map((check) => check.job),
];
