import { anomalyAlert, formatStatistic } from 'src/modules/anomaly/anomaly-alert.util';

describe('formatStatistic', () => {
  it.each([
    [100000, '100000'],
    [94.45889894354, '94.4589'],
    [18953.47123, '18953.5'],
    [0.000123456789, '0.000123457'],
    [-2.5, '-2.5'],
  ])('should print %p as %p', (value, text) => {
    expect(formatStatistic(value)).toBe(text);
  });
});

describe('anomalyAlert', () => {
  it('should raise one warning per execution listing each metric with value, band and z', () => {
    const alert = anomalyAlert(
      {
        executionId: 42,
        pipelineId: 7,
        pipelineName: 'daily sales',
        startDate: new Date('2024-06-11T10:15:00Z'),
      },
      [
        {
          metric: 'total_rows',
          value: 100000,
          mean: 105,
          stddev: 5,
          zScore: 19979,
          lowerBound: 95,
          upperBound: 115,
          baselineSize: 10,
          zThreshold: 2,
          direction: 'spike',
        },
        {
          metric: 'duration_seconds',
          value: 3,
          mean: 300,
          stddev: 20.5,
          zScore: -14.4878,
          lowerBound: 259,
          upperBound: 341,
          baselineSize: 30,
          zThreshold: 2,
          direction: 'drop',
        },
      ],
    );
    expect(alert).toMatchObject({
      kind: 'anomaly',
      severity: 'warning',
      dedupKey: 'anomaly:42',
      pipelineId: 7,
      title: 'Anomaly in total_rows, duration_seconds of daily sales',
    });
    expect(alert.summary).toBe(
      'Execution 42 of daily sales (started 2024-06-11T10:15:00.000Z): total_rows 100000 ' +
        '(spike; expected 95 to 115, z 19979); duration_seconds 3 (drop; expected 259 to 341, ' +
        'z -14.4878)',
    );
    expect(alert.details).toMatchObject({
      pipeline_execution_id: 42,
      anomalies: [
        { metric_field: 'total_rows', value: 100000, lower_bound: 95, upper_bound: 115 },
        { metric_field: 'duration_seconds', direction: 'drop', z_score: -14.4878 },
      ],
    });
  });
});
