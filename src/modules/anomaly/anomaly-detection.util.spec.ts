import {
  bandOf,
  type DetectionSettings,
  evaluate,
  flagChanges,
  sampleStatistics,
} from 'src/modules/anomaly/anomaly-detection.util';

const SETTINGS: DetectionSettings = {
  zThreshold: 2,
  minimumExecutions: 5,
  direction: 'both',
  minChangePercent: 0,
};

/** Five 100s and five 110s: mean 105, sample sd sqrt(250 / 9). */
const ALTERNATING = [100, 110, 100, 110, 100, 110, 100, 110, 100, 110];
const ALTERNATING_SD = Math.sqrt(250 / 9);

describe('sampleStatistics', () => {
  it('should use n - 1 (sample, not population, standard deviation)', () => {
    const stats = sampleStatistics(ALTERNATING);
    expect(stats.size).toBe(10);
    expect(stats.mean).toBeCloseTo(105, 12);
    expect(stats.stddev).toBeCloseTo(ALTERNATING_SD, 12);
    expect(sampleStatistics([2, 4, 4, 4, 5, 5, 7, 9]).stddev).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('should give null mean for no values and null sd for one', () => {
    expect(sampleStatistics([])).toEqual({ size: 0, mean: null, stddev: null });
    expect(sampleStatistics([7])).toEqual({ size: 1, mean: 7, stddev: null });
  });

  it('should give exactly 0 for a constant series and stay accurate for large values', () => {
    expect(sampleStatistics([42, 42, 42, 42]).stddev).toBe(0);
    const big = [1e12 + 1, 1e12 + 2, 1e12 + 3];
    expect(sampleStatistics(big).stddev).toBeCloseTo(1, 9);
  });
});

describe('bandOf', () => {
  it('should be mean ± z·sd, with the lower bound clamped at 0', () => {
    expect(bandOf(100, 10, 2)).toEqual({ lowerBound: 80, upperBound: 120 });
    expect(bandOf(10, 10, 3)).toEqual({ lowerBound: 0, upperBound: 40 });
  });
});

describe('evaluate', () => {
  const baseline = sampleStatistics(ALTERNATING);

  it('should flag a spike with its signed z-score, band and baseline size', () => {
    const result = evaluate(100_000, baseline, SETTINGS);
    expect(result).toMatchObject({
      outcome: 'anomaly',
      direction: 'spike',
      value: 100_000,
      baselineSize: 10,
    });
    if (result.outcome !== 'anomaly') {
      throw new Error('expected an anomaly');
    }
    expect(result.mean).toBeCloseTo(105, 10);
    expect(result.stddev).toBeCloseTo(ALTERNATING_SD, 10);
    expect(result.zScore).toBeCloseTo((100_000 - 105) / ALTERNATING_SD, 8);
    expect(result.lowerBound).toBeCloseTo(105 - 2 * ALTERNATING_SD, 10);
    expect(result.upperBound).toBeCloseTo(105 + 2 * ALTERNATING_SD, 10);
  });

  it('should flag a drop with a negative z-score', () => {
    const result = evaluate(50, baseline, SETTINGS);
    expect(result).toMatchObject({ outcome: 'anomaly', direction: 'drop' });
    expect(result.outcome === 'anomaly' && result.zScore).toBeLessThan(-2);
  });

  it('should treat a value exactly on a bound as normal (strictly outside only)', () => {
    const exact = { size: 10, mean: 100, stddev: 10 };
    expect(evaluate(120, exact, SETTINGS).outcome).toBe('normal');
    expect(evaluate(80, exact, SETTINGS).outcome).toBe('normal');
    expect(evaluate(120.000001, exact, SETTINGS).outcome).toBe('anomaly');
    expect(evaluate(79.999999, exact, SETTINGS).outcome).toBe('anomaly');
  });

  it('should never flag a drop below a lower bound clamped at 0', () => {
    const wide = { size: 10, mean: 10, stddev: 10 };
    expect(evaluate(0, wide, SETTINGS).outcome).toBe('normal');
  });

  it('should skip while learning, on zero variance and without a value', () => {
    expect(evaluate(1e9, sampleStatistics([1, 2, 3, 4]), SETTINGS)).toEqual({
      outcome: 'skipped',
      reason: 'learning',
    });
    expect(evaluate(1e9, { size: 5, mean: 3, stddev: 0 }, SETTINGS)).toEqual({
      outcome: 'skipped',
      reason: 'zero_variance',
    });
    expect(evaluate(null, baseline, SETTINGS)).toEqual({ outcome: 'skipped', reason: 'no_value' });
  });

  it('should need minimum_executions values, not more', () => {
    const five = sampleStatistics([100, 110, 100, 110, 100]);
    expect(evaluate(1e6, five, SETTINGS).outcome).toBe('anomaly');
    expect(evaluate(1e6, five, { ...SETTINGS, minimumExecutions: 6 }).outcome).toBe('skipped');
  });

  it('should report only the side a directed rule watches', () => {
    const spikeOnly = { ...SETTINGS, direction: 'spike' as const };
    const dropOnly = { ...SETTINGS, direction: 'drop' as const };
    expect(evaluate(100_000, baseline, dropOnly).outcome).toBe('normal');
    expect(evaluate(50, baseline, dropOnly)).toMatchObject({
      outcome: 'anomaly',
      direction: 'drop',
    });
    expect(evaluate(50, baseline, spikeOnly).outcome).toBe('normal');
    expect(evaluate(100_000, baseline, spikeOnly).outcome).toBe('anomaly');
  });

  it('should ignore a deviation smaller than min_change_percent of the mean', () => {
    const nearConstant = sampleStatistics([1000, 1001, 1000, 1001, 1000, 1001]);
    expect(evaluate(1100, nearConstant, SETTINGS).outcome).toBe('anomaly');
    expect(evaluate(1100, nearConstant, { ...SETTINGS, minChangePercent: 50 }).outcome).toBe(
      'normal',
    );
    expect(evaluate(1600, nearConstant, { ...SETTINGS, minChangePercent: 50 }).outcome).toBe(
      'anomaly',
    );
    expect(evaluate(400, nearConstant, { ...SETTINGS, minChangePercent: 50 }).outcome).toBe(
      'anomaly',
    );
  });
});

describe('flagChanges', () => {
  it('should set new anomalies true and leave existing true flags alone', () => {
    expect(flagChanges(null, ['total_rows'], [])).toEqual({ total_rows: true });
    expect(flagChanges({ total_rows: true }, ['total_rows'], ['inserts'])).toEqual({});
    expect(flagChanges({ total_rows: false }, ['total_rows'], [])).toEqual({ total_rows: true });
  });

  it('should turn off flags that are no longer anomalous, and add no key for the rest', () => {
    expect(
      flagChanges({ total_rows: true, inserts: true }, ['inserts'], ['total_rows', 'updates']),
    ).toEqual({ total_rows: false });
    expect(flagChanges(null, [], ['total_rows'])).toEqual({});
  });
});
