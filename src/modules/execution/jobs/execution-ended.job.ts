import { defineJob } from 'src/queue/job-definition';

/**
 * Published by the execution module when an execution has ended successfully (in the end's own
 * transaction). Anomaly detection, monitoring and metrics subscribe with `@OnJob`; the execution
 * module knows none of them. Every end publishes its own event (no dedup): a re-end that arrives
 * while the previous event is still being handled must not be dropped, and subscribers are
 * idempotent per end (which also lets the BullMQ backend carry several in one Redis job).
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
  // One per successful end: the BullMQ fast path carries those of ~20 ms in one Redis job.
  batchable: true,
  entityId: (payload) => payload.executionId,
});
