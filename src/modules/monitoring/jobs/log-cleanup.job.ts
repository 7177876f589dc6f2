import { definePeriodicCheck } from 'src/queue/scheduling/periodic-check';

/**
 * Scheduled log cleanup (WATCHER_LOG_CLEANUP_CRON, daily at 03:00 UTC by default) with
 * WATCHER_RETENTION_DAYS; not scheduled when that is 0.
 */
export const LOG_CLEANUP = definePeriodicCheck({
  name: 'log-cleanup',
  queue: 'monitoring',
  cron: (env) => (env.WATCHER_RETENTION_DAYS === 0 ? null : env.WATCHER_LOG_CLEANUP_CRON),
});
