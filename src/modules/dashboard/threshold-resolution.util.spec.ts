import { effectiveMute, effectiveThreshold } from 'src/modules/dashboard/threshold-resolution.util';

const unset = { number: null, datepart: null };

describe('effectiveThreshold', () => {
  it("should take the pipeline's pair when both are set", () => {
    expect(
      effectiveThreshold({ number: 2, datepart: 'hour' }, { number: 1, datepart: 'day' }),
    ).toEqual({ number: 2, datepart: 'hour', source: 'pipeline' });
  });

  it("should fall back to the type's pair", () => {
    expect(effectiveThreshold(unset, { number: 1, datepart: 'month' })).toEqual({
      number: 1,
      datepart: 'month',
      source: 'pipeline_type',
    });
  });

  it('should treat a half-set pair as unset', () => {
    expect(
      effectiveThreshold({ number: 5, datepart: null }, { number: 1, datepart: 'day' }),
    ).toEqual({ number: 1, datepart: 'day', source: 'pipeline_type' });
    expect(
      effectiveThreshold({ number: null, datepart: 'day' }, { number: 3, datepart: null }),
    ).toBe(null);
  });

  it('should be null when neither sets one', () => {
    expect(effectiveThreshold(unset, unset)).toBeNull();
  });
});

describe('effectiveMute', () => {
  it('should say where a mute comes from, the pipeline first', () => {
    expect(effectiveMute(true, true)).toEqual({ value: true, source: 'pipeline' });
    expect(effectiveMute(false, true)).toEqual({ value: true, source: 'pipeline_type' });
    expect(effectiveMute(false, false)).toEqual({ value: false, source: null });
  });
});
