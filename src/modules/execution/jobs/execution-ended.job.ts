import { defineJob } from 'src/queue/job-definition';

/**
 * Published by the execution module when an execution has ended successfully (in the end's own
 * transaction). Anomaly detection, monitoring and metrics subscribe with `@OnJob`; the execution
 * module knows none of them. Re-ending an execution publishes again once the previous event has
 * been handled (dedup while pending).
 */
export interface ExecutionEndedPayload {
  executionId: number;
  pipelineId: number;
}

export const EXECUTION_ENDED_JOB = defineJob<ExecutionEndedPayload>({
  queue: 'system',
  name: 'execution-ended',
  dedup: 'while-pending',
  attempts: 5,
  backoffMs: 1000,
  key: (payload) => `execution-ended-${payload.executionId}`,
  entityId: (payload) => payload.executionId,
});
