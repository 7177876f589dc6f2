import type { JobsOptions } from 'bullmq';
import type { OutboxRow } from 'src/queue/job-outbox.repository';
import { backendJobId } from 'src/queue/outbox-job-queue';

/**
 * Batch carriers: for a `batchable` job definition, the BullMQ fast path adds the jobs committed
 * within BATCH_DELAY_MS as ONE Redis job whose data is a BatchEnvelope. Redis work (add, fetch,
 * complete, events) and the worker's per-job overhead are then paid once per batch instead of
 * once per job: under ingest load, execution-ended comes once per successful end. The worker
 * unpacks the envelope and runs each item through the registry on its own (own context, own log
 * line, job id `outbox-<row id>` as if it had come alone). An item that fails is re-added as a
 * job of its own with the attempts it has left; only when that re-add fails does the carrier
 * fail and retry (its items run again: batchable handlers are idempotent).
 */

/** Rows of a batchable job committed within this window travel together (detection lag +≤20 ms). */
export const BATCH_DELAY_MS = 20;
export const MAX_BATCH_ITEMS = 50;

const ENVELOPE = '__watcherBatch';

export interface BatchItem {
  /** The job id the item would have had alone: `outbox-<row id>`. */
  id: string;
  payload: unknown;
}

export interface BatchEnvelope {
  [ENVELOPE]: BatchItem[];
}

export function isBatchEnvelope(data: unknown): data is BatchEnvelope {
  return (
    typeof data === 'object' &&
    data !== null &&
    Array.isArray((data as Partial<BatchEnvelope>)[ENVELOPE])
  );
}

export function batchItems(envelope: BatchEnvelope): BatchItem[] {
  return envelope[ENVELOPE];
}

/**
 * The Redis jobs for committed rows: a carrier per (queue, name) group of batchable rows (rows of
 * one job definition share its attempts and backoff), one job per other row.
 */
export interface BulkJob {
  name: string;
  data: unknown;
  opts: JobsOptions;
}

export function bulkJobsOf(
  rows: OutboxRow[],
  isBatchable: (row: OutboxRow) => boolean,
  optionsOf: (row: OutboxRow) => JobsOptions,
): BulkJob[] {
  const jobs: BulkJob[] = [];
  const carriers = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    if (!isBatchable(row)) {
      jobs.push({ name: row.name, data: row.payload, opts: optionsOf(row) });
      continue;
    }
    const group = `${row.queue}/${row.name}`;
    const carried = carriers.get(group);
    if (carried) {
      carried.push(row);
    } else {
      carriers.set(group, [row]);
    }
  }
  for (const carried of carriers.values()) {
    const [first] = carried;
    if (carried.length === 1) {
      jobs.push({ name: first.name, data: first.payload, opts: optionsOf(first) });
      continue;
    }
    const envelope: BatchEnvelope = {
      [ENVELOPE]: carried.map((row) => ({ id: backendJobId(row), payload: row.payload })),
    };
    jobs.push({
      name: first.name,
      data: envelope,
      // outbox-<first row>-batch-<n>: unique (a row is carried once by the fast path).
      opts: { ...optionsOf(first), jobId: `${backendJobId(first)}-batch-${carried.length}` },
    });
  }
  return jobs;
}

/**
 * Items of one carrier in flight at once: the lag of a burst stays low, the pool stays shared.
 * A carrier holds ~8 items at 400 ends/s; items in flight together can share statements
 * (detection coalesces its read and mark: AnomalyDetectionRepository).
 */
export const CARRIER_CONCURRENCY = 8;

/**
 * Runs the items of a carrier, CARRIER_CONCURRENCY at a time (so a burst of ends takes a few of
 * the pool's connections, not all), and re-adds each failed one as a job of its own (`readd`: its
 * own job id, the attempts it has left, a backoff delay); resolves to the number re-added.
 * Rejects only when a re-add fails, so that the carrier itself retries.
 */
export async function runCarrier(
  items: BatchItem[],
  run: (item: BatchItem) => Promise<void>,
  readd: (item: BatchItem) => Promise<void>,
): Promise<number> {
  let failed = 0;
  for (let start = 0; start < items.length; start += CARRIER_CONCURRENCY) {
    const slice = items.slice(start, start + CARRIER_CONCURRENCY);
    const outcomes = await Promise.allSettled(slice.map((item) => run(item)));
    // The registry has logged each failure; a failed item goes on alone.
    const retried = slice.filter((_item, index) => outcomes[index].status === 'rejected');
    await Promise.all(retried.map((item) => readd(item)));
    failed += retried.length;
  }
  return failed;
}
