import { defineJob } from 'src/queue/job-definition';
import { definePeriodicCheck } from 'src/queue/scheduling/periodic-check';

/** Scheduled freshness check (WATCHER_FRESHNESS_CRON, hourly by default). */
export const FRESHNESS_CHECK = definePeriodicCheck({
  name: 'freshness-check',
  queue: 'monitoring',
  cron: (env) => env.WATCHER_FRESHNESS_CRON,
});

export interface FreshnessCheckRequestedPayload {
  /** When POST /freshness asked for it (ISO-8601 UTC). */
  requestedAt: string;
}

/** POST /freshness: one check per request (checks are idempotent, so repeats are harmless). */
export const FRESHNESS_CHECK_REQUESTED_JOB = defineJob<FreshnessCheckRequestedPayload>({
  queue: 'monitoring',
  name: 'run-freshness-check',
  dedup: 'none',
  attempts: 3,
  backoffMs: 5000,
  entityId: (payload) => payload.requestedAt,
});
