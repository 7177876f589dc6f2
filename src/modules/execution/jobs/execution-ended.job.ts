import { defineJob } from 'src/queue/job-definition';

/**
 * Published by the execution module when an execution has ended successfully (in the end's own
 * transaction). Anomaly detection, monitoring and metrics subscribe with `@OnJob`; the execution
 * module knows none of them. Every end publishes its own event (no dedup): a re-end that arrives
 * while the previous event is still being handled must not be dropped, and subscribers are
 * idempotent per end.
 */
export interface ExecutionEndedPayload {
  executionId: number;
  pipelineId: number;
}

export const EXECUTION_ENDED_JOB = defineJob<ExecutionEndedPayload>({
  queue: 'system',
  name: 'execution-ended',
  dedup: 'none',
  attempts: 5,
  backoffMs: 1000,
  entityId: (payload) => payload.executionId,
});
