import type { JobsOptions } from 'bullmq';
import {
  batchItems,
  bulkJobsOf,
  CARRIER_CONCURRENCY,
  isBatchEnvelope,
  runCarrier,
  type BatchItem,
} from 'src/queue/bullmq-batch';
import { defineJob } from 'src/queue/job-definition';
import type { OutboxRow } from 'src/queue/job-outbox.repository';

const row = (id: number, name: string, payload: unknown = { id }): OutboxRow => ({
  id,
  queue: 'system',
  name,
  job_id: null,
  dedup: 'none',
  payload,
  max_attempts: 5,
  backoff_ms: 1000,
  attempts_made: 0,
});
const options = (r: OutboxRow): JobsOptions => ({ jobId: `outbox-${r.id}`, attempts: 5 });

describe('bulkJobsOf', () => {
  const isBatchable = (r: OutboxRow) => r.name === 'carried';

  it('should carry the batchable rows of one job in one envelope, the others alone', () => {
    const jobs = bulkJobsOf(
      [row(1, 'carried'), row(2, 'alone'), row(3, 'carried'), row(4, 'carried')],
      isBatchable,
      options,
    );
    expect(jobs).toHaveLength(2);
    expect(jobs[0]).toEqual({ name: 'alone', data: { id: 2 }, opts: options(row(2, 'alone')) });
    const carrier = jobs[1];
    expect(carrier.name).toBe('carried');
    expect(carrier.opts).toEqual({ jobId: 'outbox-1-batch-3', attempts: 5 });
    expect(isBatchEnvelope(carrier.data)).toBe(true);
    expect(batchItems(carrier.data as never)).toEqual([
      { id: 'outbox-1', payload: { id: 1 } },
      { id: 'outbox-3', payload: { id: 3 } },
      { id: 'outbox-4', payload: { id: 4 } },
    ]);
  });

  it('should send a single batchable row as a plain job', () => {
    expect(bulkJobsOf([row(9, 'carried')], isBatchable, options)).toEqual([
      { name: 'carried', data: { id: 9 }, opts: options(row(9, 'carried')) },
    ]);
  });

  it('should not take a payload for an envelope', () => {
    expect(isBatchEnvelope({ executionId: 1 })).toBe(false);
    expect(isBatchEnvelope(null)).toBe(false);
    expect(isBatchEnvelope([1, 2])).toBe(false);
  });
});

describe('runCarrier', () => {
  const items: BatchItem[] = [...Array(10).keys()].map((n) => ({ id: `outbox-${n}`, payload: n }));

  it('should run every item, at most CARRIER_CONCURRENCY at once', async () => {
    let running = 0;
    let most = 0;
    const ran: unknown[] = [];
    const failed = await runCarrier(
      items,
      async (item) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        ran.push(item.payload);
        running -= 1;
      },
      () => Promise.reject(new Error('nothing failed')),
    );
    expect(failed).toBe(0);
    expect(ran.sort((a, b) => Number(a) - Number(b))).toEqual([...Array(10).keys()]);
    expect(most).toBe(CARRIER_CONCURRENCY);
  });

  it('should re-add exactly the items that failed', async () => {
    const readded: string[] = [];
    const failed = await runCarrier(
      items,
      (item) =>
        Number(item.payload) % 3 === 0 ? Promise.reject(new Error('no')) : Promise.resolve(),
      (item) => {
        readded.push(item.id);
        return Promise.resolve();
      },
    );
    expect(failed).toBe(4);
    expect(readded).toEqual(['outbox-0', 'outbox-3', 'outbox-6', 'outbox-9']);
  });

  it('should reject when a failed item cannot be re-added (the carrier retries)', async () => {
    await expect(
      runCarrier(
        items.slice(0, 2),
        () => Promise.reject(new Error('no')),
        () => Promise.reject(new Error('Redis enqueue timed out')),
      ),
    ).rejects.toThrow('Redis enqueue timed out');
  });
});

describe('defineJob batchable', () => {
  it('should refuse a batchable job with a dedup key', () => {
    expect(() =>
      defineJob<{ n: number }>({
        queue: 'system',
        name: 'spec-batchable-keyed',
        dedup: 'while-pending',
        batchable: true,
        key: (payload) => String(payload.n),
      }),
    ).toThrow(/only dedup none can be batchable/);
  });
});
