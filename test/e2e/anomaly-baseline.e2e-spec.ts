import request from 'supertest';
import { sampleStatistics } from 'src/modules/anomaly/anomaly-detection.util';
import { BASELINE_STATISTICS } from 'src/modules/execution/execution.repository';
import {
  EXECUTION_METRICS,
  ExecutionService,
  type ExecutionMetric,
} from 'src/modules/execution/execution.service';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const BASE = Date.parse('2024-03-01T00:00:00Z');

interface SeededRun {
  id: number;
  start: number;
  hour: number;
  isSuccessful: boolean;
  flags: Record<string, boolean> | null;
  metrics: Record<ExecutionMetric, number | null>;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERT_RUN = `
  INSERT INTO pipeline_execution (pipeline_id, start_date, end_date, completed_successfully,
    duration_seconds, inserts, updates, soft_deletes, total_rows, throughput, anomaly_flags,
    hour_recorded, date_recorded)
  VALUES ($1, $2::timestamptz, $3::timestamptz, $4, $5, $6, $7, $8, $9, $10::numeric, $11::jsonb,
    $12, $13::date)
  RETURNING id`;

function closeTo(actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) {
    return actual === expected;
  }
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

// The one-query baseline (ExecutionRepository) against the definition of DESIGN §5.4 computed in
// JavaScript over the same rows: random hours, outcomes, flags, nulls and magnitudes.
describe('Anomaly baselines (SQL against the definition)', () => {
  let testApp: TestApp;
  let executions: ExecutionService;
  let pipelineId: number;
  const runs: SeededRun[] = [];

  beforeAll(async () => {
    testApp = await createTestApp();
    executions = testApp.app.get(ExecutionService);
    const response = await request(testApp.http)
      .post('/pipeline')
      .send({ name: 'baseline pipeline', pipeline_type_name: 'extraction' })
      .expect(201);
    pipelineId = response.body.id;
    const next = random(20240301);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    for (let index = 0; index < 300; index += 1) {
      // Mostly three hours of the day, over 120 days, so buckets and windows both bite.
      const start = BASE + Math.floor(next() * 120) * DAY_MS + pick([2, 2, 3, 14, 23]) * HOUR_MS;
      const outcome = pick([true, true, true, true, false, null]);
      const scale = pick([1, 1000, 1e9, 1e12]);
      const metric = (): number | null => (next() < 0.15 ? null : Math.floor(next() * scale));
      const metrics: Record<ExecutionMetric, number | null> = {
        duration_seconds: metric(),
        inserts: metric(),
        updates: metric(),
        soft_deletes: metric(),
        total_rows: metric(),
        throughput: next() < 0.15 ? null : Math.round(next() * scale * 10_000) / 10_000,
      };
      const flags = pick<Record<string, boolean> | null>([
        null,
        null,
        { total_rows: true },
        { inserts: false },
        { updates: true, throughput: true },
      ]);
      const ended = outcome === null ? null : new Date(start + 60_000).toISOString();
      const [row]: Array<{ id: number }> = await testApp.dataSource.query(INSERT_RUN, [
        pipelineId,
        new Date(start).toISOString(),
        ended,
        outcome,
        metrics.duration_seconds,
        metrics.inserts,
        metrics.updates,
        metrics.soft_deletes,
        metrics.total_rows,
        metrics.throughput === null ? null : String(metrics.throughput),
        flags === null ? null : JSON.stringify(flags),
        new Date(start).getUTCHours(),
        new Date(start).toISOString().slice(0, 10),
      ]);
      runs.push({
        id: Number(row.id),
        start,
        hour: new Date(start).getUTCHours(),
        isSuccessful: outcome === true,
        flags,
        metrics,
      });
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  function expected(subject: SeededRun, metric: ExecutionMetric, lookbackDays: number) {
    return sampleStatistics(valuesOf(subject, metric, lookbackDays));
  }

  function valuesOf(subject: SeededRun, metric: ExecutionMetric, lookbackDays: number) {
    return runs
      .filter(
        (run) =>
          run.isSuccessful &&
          run.id !== subject.id &&
          run.hour === subject.hour &&
          run.start <= subject.start &&
          run.start >= subject.start - lookbackDays * DAY_MS &&
          run.flags?.[metric] !== true,
      )
      .map((run) => run.metrics[metric])
      .filter((value): value is number => value !== null);
  }

  it('should give every rule of an execution its size, mean and sample sd in one query', async () => {
    const subjects = runs.filter((run) => run.isSuccessful).slice(0, 40);
    const specs = EXECUTION_METRICS.flatMap((metric, index) => [
      { metric, lookbackDays: [1, 7, 30, 45, 90, 365][index] },
      { metric, lookbackDays: 60 },
    ]);
    let nonTrivial = 0;
    for (const run of subjects) {
      const subject = await executions.lockForAnomalies(run.id);
      expect(subject).not.toBeNull();
      const actual = await executions.getBaselineStatistics(subject!, specs);
      expect(actual).toHaveLength(specs.length);
      specs.forEach((spec, index) => {
        const want = expected(run, spec.metric, spec.lookbackDays);
        const got = actual[index];
        const label = `run ${run.id} ${spec.metric}/${spec.lookbackDays}d`;
        expect([label, got.size]).toEqual([label, want.size]);
        expect([label, closeTo(got.mean, want.mean)]).toEqual([label, true]);
        expect([label, closeTo(got.stddev, want.stddev)]).toEqual([label, true]);
        nonTrivial += want.size >= 3 ? 1 : 0;
      });
    }
    expect(nonTrivial).toBeGreaterThan(50);
  });

  it('should be able to answer the baseline query from the partial baseline index', async () => {
    const subject = runs.find((run) => run.isSuccessful) as SeededRun;
    const plan: Array<{ 'QUERY PLAN': string }> = await testApp.dataSource.transaction(
      async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        await manager.query('SET LOCAL enable_bitmapscan = off');
        return manager.query(`EXPLAIN ${BASELINE_STATISTICS}`, [
          pipelineId,
          subject.hour,
          new Date(subject.start).toISOString(),
          subject.id,
          ['total_rows', 'inserts'],
          [30, 30],
        ]);
      },
    );
    const text = plan.map((line) => line['QUERY PLAN']).join('\n');
    expect(text).toContain('ix_pipeline_execution_anomaly_baseline');
    expect(text).not.toMatch(/Seq Scan on pipeline_execution/);
  });
});
