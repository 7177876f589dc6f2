import { toRuleStatus } from 'src/modules/anomaly/anomaly.mapper';
import type { AnomalyDetectionResultEntity } from 'src/modules/anomaly/entities/anomaly-detection-result.entity';

const rule = { active: true, minimum_executions: 5 };

describe('toRuleStatus', () => {
  it('should be learning with 0 values when the pipeline has no successful run', () => {
    expect(toRuleStatus(rule, null, null)).toEqual({
      state: 'learning',
      baseline_size: 0,
      minimum_executions: 5,
      hour_of_day_buckets_ready: 0,
      hour_of_day: null,
      last_result: null,
    });
  });

  it('should judge the reference hour and count every hour that has enough values', () => {
    const baselines = {
      referenceHour: 10,
      buckets: [
        { hourRecorded: 2, size: 9 },
        { hourRecorded: 10, size: 4 },
        { hourRecorded: 23, size: 5 },
      ],
    };
    expect(toRuleStatus(rule, baselines, null)).toMatchObject({
      state: 'learning',
      baseline_size: 4,
      hour_of_day_buckets_ready: 2,
      hour_of_day: 10,
    });
    expect(toRuleStatus(rule, { ...baselines, referenceHour: 23 }, null)).toMatchObject({
      state: 'ready',
      baseline_size: 5,
    });
    expect(toRuleStatus(rule, { referenceHour: 7, buckets: [] }, null)).toMatchObject({
      state: 'learning',
      baseline_size: 0,
      hour_of_day: 7,
    });
  });

  it('should be inactive for an inactive rule whatever its baseline, with its last result', () => {
    const result = {
      id: 9,
      pipeline_execution_id: 12,
      anomaly_detection_rule_id: 3,
      metric_field: 'total_rows',
      value: 100000,
      mean: 105,
      stddev: 5,
      z_score: 19979,
      lower_bound: 95,
      upper_bound: 115,
      baseline_size: 10,
      direction: 'spike',
      z_threshold: 2,
      created_at: new Date('2024-06-11T10:16:00Z'),
    } as AnomalyDetectionResultEntity;
    const status = toRuleStatus(
      { active: false, minimum_executions: 5 },
      { referenceHour: 10, buckets: [{ hourRecorded: 10, size: 50 }] },
      result,
    );
    expect(status).toMatchObject({ state: 'inactive', baseline_size: 50 });
    expect(status.last_result).toEqual({
      id: 9,
      pipeline_execution_id: 12,
      anomaly_detection_rule_id: 3,
      metric_field: 'total_rows',
      value: 100000,
      mean: 105,
      stddev: 5,
      z_score: 19979,
      lower_bound: 95,
      upper_bound: 115,
      baseline_size: 10,
      direction: 'spike',
      z_threshold: 2,
      created_at: '2024-06-11T10:16:00.000Z',
    });
  });
});
