import { defineJob } from 'src/queue/job-definition';
import { definePeriodicCheck } from 'src/queue/scheduling/periodic-check';

/**
 * Scheduled timeliness check (WATCHER_TIMELINESS_CRON, every 15 minutes by default), looking
 * back WATCHER_TIMELINESS_LOOKBACK_MINUTES.
 */
export const TIMELINESS_CHECK = definePeriodicCheck({
  name: 'timeliness-check',
  queue: 'monitoring',
  cron: (env) => env.WATCHER_TIMELINESS_CRON,
});

export interface TimelinessCheckRequestedPayload {
  lookbackMinutes: number;
  /** When POST /timeliness asked for it (ISO-8601 UTC). */
  requestedAt: string;
}

/** POST /timeliness: one check per request (checks are idempotent, so repeats are harmless). */
export const TIMELINESS_CHECK_REQUESTED_JOB = defineJob<TimelinessCheckRequestedPayload>({
  queue: 'monitoring',
  name: 'run-timeliness-check',
  dedup: 'none',
  attempts: 3,
  backoffMs: 5000,
  entityId: (payload) => payload.requestedAt,
});
