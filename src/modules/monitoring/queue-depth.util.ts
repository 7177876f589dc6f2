import type { QueueDepthResponse } from 'src/modules/monitoring/dto/queue-monitor.response';
import type { JobQueue, QueueCounts } from 'src/queue/job-queue';

export interface QueueDepths {
  queues: Record<string, QueueDepthResponse>;
  pendingByQueue: Record<string, number>;
  totalPending: number;
}

/**
 * Jobs not yet done in one queue. BullMQ: waiting + delayed + active in Redis, plus rows still
 * in job_outbox (not yet relayed). In-process: every unfinished job is a job_outbox row (the
 * runner's waiting, active and delayed jobs are among them), so the outbox count is the total.
 */
export function pendingJobs(counts: QueueCounts, backend: JobQueue['backend']): number {
  return backend === 'in-process'
    ? Math.max(counts.outbox, counts.waiting + counts.active + counts.delayed)
    : counts.waiting + counts.active + counts.delayed + counts.outbox;
}

/** Per-queue depths as the API answers them, and the pending totals the thresholds apply to. */
export function queueDepths(counts: QueueCounts[], backend: JobQueue['backend']): QueueDepths {
  const queues: Record<string, QueueDepthResponse> = {};
  const pendingByQueue: Record<string, number> = {};
  let totalPending = 0;
  for (const queue of counts) {
    const pending = pendingJobs(queue, backend);
    pendingByQueue[queue.queue] = pending;
    totalPending += pending;
    queues[queue.queue] = {
      waiting: queue.waiting,
      active: queue.active,
      delayed: queue.delayed,
      outbox: queue.outbox,
      pending,
      dead: queue.dead,
    };
  }
  return { queues, pendingByQueue, totalPending };
}
