import { Injectable } from '@nestjs/common';
import type { JobContext } from 'src/queue/job-context';
import { defineJob } from 'src/queue/job-definition';
import { OnJob } from 'src/queue/on-job.decorator';
import { definePeriodicCheck } from 'src/queue/scheduling/periodic-check';

export interface ProbePayload {
  n: number;
  key?: string;
}

/** Test jobs, one per dedup policy, handled by ProbeProcessor (add it with createTestApp). */
export const PROBE_JOB = defineJob<ProbePayload>({
  queue: 'system',
  name: 'e2e-probe',
  dedup: 'none',
  attempts: 3,
  backoffMs: 20,
  entityId: (payload) => payload.n,
});

/** Like PROBE_JOB, but batchable: BullMQ may carry several in one Redis job (bullmq-batch.ts). */
export const PROBE_BATCHABLE_JOB = defineJob<ProbePayload>({
  queue: 'system',
  name: 'e2e-probe-batchable',
  dedup: 'none',
  batchable: true,
  attempts: 3,
  backoffMs: 20,
  entityId: (payload) => payload.n,
});

export const PROBE_WHILE_PENDING_JOB = defineJob<ProbePayload>({
  queue: 'system',
  name: 'e2e-probe-while-pending',
  dedup: 'while-pending',
  attempts: 1,
  backoffMs: 20,
  key: (payload) => payload.key ?? `probe-${payload.n}`,
});

export const PROBE_ONCE_JOB = defineJob<ProbePayload>({
  queue: 'system',
  name: 'e2e-probe-once',
  dedup: 'once-ever',
  attempts: 1,
  backoffMs: 20,
  key: (payload) => payload.key ?? `probe-${payload.n}`,
});

export const PROBE_SLOT_CHECK = definePeriodicCheck({
  name: 'e2e-slot-probe',
  queue: 'system',
  everyMs: 60_000,
});

export interface ProbeRun {
  job: string;
  n: number;
  attempt: number;
}

/** Records every run; `failuresLeft` makes the next runs throw; `delayMs` slows each run. */
export const probeState = {
  runs: [] as ProbeRun[],
  slotRuns: [] as string[],
  failuresLeft: 0,
  delayMs: 0,
  reset(): void {
    this.runs.length = 0;
    this.slotRuns.length = 0;
    this.failuresLeft = 0;
    this.delayMs = 0;
  },
};

@Injectable()
export class ProbeProcessor {
  @OnJob(PROBE_JOB)
  probe(payload: ProbePayload, context: JobContext): Promise<void> {
    return record(payload, context);
  }

  @OnJob(PROBE_BATCHABLE_JOB)
  probeBatchable(payload: ProbePayload, context: JobContext): Promise<void> {
    return record(payload, context);
  }

  @OnJob(PROBE_WHILE_PENDING_JOB)
  probeWhilePending(payload: ProbePayload, context: JobContext): Promise<void> {
    return record(payload, context);
  }

  @OnJob(PROBE_ONCE_JOB)
  probeOnce(payload: ProbePayload, context: JobContext): Promise<void> {
    return record(payload, context);
  }

  @OnJob(PROBE_SLOT_CHECK.job)
  async slot(payload: { slotStart: string }): Promise<void> {
    probeState.slotRuns.push(payload.slotStart);
    await Promise.resolve();
  }
}

async function record(payload: ProbePayload, context: JobContext): Promise<void> {
  if (probeState.delayMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, probeState.delayMs));
  }
  if (probeState.failuresLeft > 0) {
    probeState.failuresLeft -= 1;
    throw new Error('planned failure');
  }
  probeState.runs.push({ job: context.name, n: payload.n, attempt: context.attempt });
}
