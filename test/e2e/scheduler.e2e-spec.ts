import { CLEAN_JOB_OUTBOX } from 'src/queue/maintenance/clean-job-outbox.job';
import { SchedulerService } from 'src/queue/scheduling/scheduler.service';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import { PROBE_SLOT_CHECK, ProbeProcessor, probeState } from 'test/support/probe-jobs';

describe('Periodic checks (scheduled_run slots)', () => {
  const isEmbedded = !process.env.DATABASE_URL;
  let first: TestApp;

  beforeAll(async () => {
    first = await createTestApp({ providers: [ProbeProcessor] });
  });

  afterAll(async () => {
    await first.close();
  });

  beforeEach(() => probeState.reset());

  const scheduler = (app: TestApp): SchedulerService => app.app.get(SchedulerService);

  it('should run a slot once, also when fired again after its job has finished', async () => {
    const slot = new Date('2026-01-01T00:00:00Z');
    expect(await scheduler(first).fireSlot(PROBE_SLOT_CHECK, slot)).toBe(true);
    await waitForQueuesIdle(first);
    expect(await scheduler(first).fireSlot(PROBE_SLOT_CHECK, slot)).toBe(false);
    await waitForQueuesIdle(first);
    expect(probeState.slotRuns).toEqual([slot.toISOString()]);
    const claims: unknown[] = await first.dataSource.query(
      `SELECT check_name FROM scheduled_run WHERE check_name = 'e2e-slot-probe'`,
    );
    expect(claims).toHaveLength(1);
  });

  it('should forget finished job keys and old slots in the clean-job-outbox job', async () => {
    await first.dataSource.query(
      `INSERT INTO job_outbox (queue, name, job_id, dedup, payload, state, updated_at)
       VALUES ('system', 'e2e-probe-once', 'old-key', 'once-ever', 'null', 'done', now() - interval '30 days'),
              ('system', 'e2e-probe-once', 'new-key', 'once-ever', 'null', 'done', now())`,
    );
    await first.dataSource.query(
      `INSERT INTO scheduled_run (check_name, slot_start, claimed_by)
       VALUES ('e2e-slot-probe', now() - interval '30 days', 'test')`,
    );
    const slot = new Date('2026-01-01T01:00:00Z');
    expect(await scheduler(first).fireSlot(CLEAN_JOB_OUTBOX, slot)).toBe(true);
    await waitForQueuesIdle(first);
    const keys: Array<{ job_id: string }> = await first.dataSource.query(
      `SELECT job_id FROM job_outbox WHERE name = 'e2e-probe-once' ORDER BY job_id`,
    );
    expect(keys.map((row) => row.job_id)).toEqual(['new-key']);
    const oldSlots: unknown[] = await first.dataSource.query(
      `SELECT 1 FROM scheduled_run WHERE slot_start < now() - interval '14 days'`,
    );
    expect(oldSlots).toEqual([]);
  });

  // Two replicas need two processes' worth of connections to one database: PostgreSQL only
  // (an embedded data directory belongs to one process).
  (isEmbedded ? it.skip : it)(
    'should run a slot exactly once when two replicas fire it at the same moment',
    async () => {
      const second = await createTestApp({ providers: [ProbeProcessor], keepData: true });
      try {
        const slot = new Date('2026-01-02T00:00:00Z');
        const fired = await Promise.all(
          [first, second, first, second, first, second].map((app) =>
            scheduler(app).fireSlot(PROBE_SLOT_CHECK, slot),
          ),
        );
        expect(fired.filter(Boolean)).toHaveLength(1);
        await waitForQueuesIdle(first);
        await waitForQueuesIdle(second);
        expect(probeState.slotRuns).toEqual([slot.toISOString()]);
      } finally {
        await second.close();
      }
    },
  );
});
