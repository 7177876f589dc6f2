import { definePeriodicCheck } from 'src/queue/scheduling/periodic-check';

/** Hourly: forgets once-ever keys, dead jobs and schedule slots past their retention. */
export const CLEAN_JOB_OUTBOX = definePeriodicCheck({
  name: 'clean-job-outbox',
  queue: 'system',
  everyMs: 60 * 60 * 1000,
});

/** Long enough to see a dead job and its error; far longer than any slot's life. */
export const FINISHED_JOB_RETENTION_DAYS = 14;
