import { ValidationFailedError } from 'src/common/errors/app-error';
import { assertThresholdPairs, thresholdPairErrors } from 'src/modules/pipeline/thresholds.util';

describe('thresholdPairErrors', () => {
  it('should accept complete pairs and absent pairs', () => {
    expect(thresholdPairErrors({})).toEqual([]);
    expect(
      thresholdPairErrors({
        freshness_number: 1,
        freshness_datepart: 'day',
        timeliness_number: null,
        timeliness_datepart: null,
      }),
    ).toEqual([]);
  });

  it('should name the missing datepart when only the number is set', () => {
    expect(thresholdPairErrors({ freshness_number: 24 })).toEqual([
      {
        field: 'freshness_datepart',
        messages: ['freshness_datepart is required with freshness_number'],
      },
    ]);
  });

  it('should name the missing number when only the datepart is set', () => {
    expect(thresholdPairErrors({ timeliness_datepart: 'hour', timeliness_number: null })).toEqual([
      {
        field: 'timeliness_number',
        messages: ['timeliness_number is required with timeliness_datepart'],
      },
    ]);
  });

  it('should throw a validation error from assertThresholdPairs', () => {
    expect(() => assertThresholdPairs({ freshness_datepart: 'day' })).toThrow(
      ValidationFailedError,
    );
  });
});
