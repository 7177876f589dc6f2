import type { QueueName } from 'src/queue/job-queue';

/** Anomaly detection of one ended, successful execution (implemented by the anomaly module). */
export const DETECT_ANOMALIES_QUEUE: QueueName = 'anomaly';
export const DETECT_ANOMALIES_JOB = 'detect-anomalies';

export interface DetectAnomaliesPayload {
  executionId: number;
}

/** One job id per execution, so a repeated end does not queue a second detection. No ':'. */
export function detectAnomaliesJobId(executionId: number): string {
  return `anomaly-${executionId}`;
}
