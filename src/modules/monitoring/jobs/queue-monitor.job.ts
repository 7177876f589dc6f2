import { definePeriodicCheck } from 'src/queue/scheduling/periodic-check';

/** Scheduled queue monitor (WATCHER_QUEUE_MONITOR_CRON, every 5 minutes by default). */
export const QUEUE_MONITOR = definePeriodicCheck({
  name: 'queue-monitor',
  queue: 'monitoring',
  cron: (env) => env.WATCHER_QUEUE_MONITOR_CRON,
  attempts: 1,
});
