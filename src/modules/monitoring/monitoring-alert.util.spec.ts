import {
  describeThreshold,
  freshnessAlert,
  type LateExecution,
  MAX_LISTED_EXECUTIONS,
  queueAlert,
  queueAlertLevel,
  timelinessAlert,
} from 'src/modules/monitoring/monitoring-alert.util';

const late = (executionId: number, overrides: Partial<LateExecution> = {}): LateExecution => ({
  executionId,
  pipelineId: 1,
  pipelineName: 'daily sales',
  status: 'running',
  startDate: new Date('2024-01-01T10:00:00Z'),
  endDate: null,
  deadline: new Date('2024-01-01T11:00:00Z'),
  durationSeconds: 5400,
  number: 1,
  datepart: 'hour',
  source: 'pipeline',
  ...overrides,
});

describe('monitoring alerts', () => {
  it('should key a freshness alert by pipeline and last DML instant', () => {
    const alert = freshnessAlert({
      logId: 7,
      pipelineId: 3,
      pipelineName: 'daily sales',
      lastDml: new Date('2024-01-31T12:00:00Z'),
      staleSince: new Date('2024-02-29T12:00:00Z'),
      number: 1,
      datepart: 'month',
      source: 'pipeline_type',
    });
    expect(alert).toMatchObject({
      kind: 'freshness',
      severity: 'warning',
      dedupKey: 'freshness:3:2024-01-31T12:00:00.000Z',
      pipelineId: 3,
      title: 'Pipeline "daily sales" is stale',
    });
    expect(alert.summary).toContain("1 month (its type's setting)");
    expect(alert.details).toMatchObject({
      freshness_log_id: 7,
      stale_since: '2024-02-29T12:00:00.000Z',
    });
  });

  it('should raise one timeliness alert per run, keyed by its smallest execution id', () => {
    expect(timelinessAlert([])).toBeNull();
    const single = timelinessAlert([late(42)]);
    expect(single).toMatchObject({
      dedupKey: 'timeliness:42',
      pipelineId: 1,
      title: 'Execution 42 of "daily sales" is late',
    });
    const many = timelinessAlert([
      late(9, { pipelineId: 2, pipelineName: 'b', status: 'completed', endDate: new Date() }),
      late(5),
    ]);
    expect(many).toMatchObject({ dedupKey: 'timeliness:5', pipelineId: null });
    expect(many?.title).toBe('2 pipeline executions are late');
    expect(many?.details).toMatchObject({ count: 2, running: 1, completed: 1 });
    expect((many?.details.executions as unknown[]).length).toBe(2);
  });

  it('should list at most MAX_LISTED_EXECUTIONS executions but count them all', () => {
    const rows = Array.from({ length: MAX_LISTED_EXECUTIONS + 5 }, (_, i) => late(i + 1));
    const alert = timelinessAlert(rows);
    expect(alert?.details.count).toBe(MAX_LISTED_EXECUTIONS + 5);
    expect((alert?.details.executions as unknown[]).length).toBe(MAX_LISTED_EXECUTIONS);
  });

  it('should pick the queue level at the thresholds (inclusive)', () => {
    const thresholds = { warning: 50, critical: 100 };
    expect(queueAlertLevel(49, thresholds)).toBeNull();
    expect(queueAlertLevel(50, thresholds)).toBe('warning');
    expect(queueAlertLevel(99, thresholds)).toBe('warning');
    expect(queueAlertLevel(100, thresholds)).toBe('critical');
  });

  it('should key a queue alert by level and UTC hour', () => {
    const alert = queueAlert({
      level: 'critical',
      totalPending: 120,
      pendingByQueue: { anomaly: 100, system: 20, monitoring: 0 },
      thresholds: { warning: 50, critical: 100 },
      now: new Date('2024-05-05T10:59:59.999Z'),
    });
    expect(alert).toMatchObject({
      kind: 'queue',
      severity: 'critical',
      dedupKey: 'queue:critical:2024-05-05T10:00:00.000Z',
      pipelineId: null,
    });
    expect(alert.summary).toBe(
      '120 pending jobs (critical threshold 100): anomaly 100, system 20.',
    );
  });

  it('should describe thresholds in words', () => {
    expect(describeThreshold(1, 'hour')).toBe('1 hour');
    expect(describeThreshold(3, 'month')).toBe('3 months');
  });
});
