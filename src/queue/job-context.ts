import type { QueueName } from 'src/queue/job-definition';

/** What a handler learns about the run it is part of. */
export interface JobContext {
  queue: QueueName;
  name: string;
  /** The backend's job id: the dedup key, or `outbox-<row id>`. */
  jobId: string;
  /** 1 for the first try. */
  attempt: number;
}

export type JobHandlerFn<P> = (payload: P, context: JobContext) => Promise<void>;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
