import {
  freshnessState,
  PIPELINE_STATES,
  stateRank,
} from 'src/modules/dashboard/dashboard-state.util';

describe('stateRank', () => {
  it('should order problems first, as the overview sorts', () => {
    const sorted = [...PIPELINE_STATES].reverse().sort((x, y) => stateRank(x) - stateRank(y));
    expect(sorted).toEqual([
      'failed',
      'late',
      'stale',
      'anomalous',
      'running',
      'succeeded',
      'never_run',
    ]);
  });
});

describe('freshnessState', () => {
  const now = new Date('2024-03-01T12:00:00Z');

  it('should be muted before anything else, then no_threshold', () => {
    expect(freshnessState({ isMuted: true, hasThreshold: true, dueAt: new Date(0), now })).toBe(
      'muted',
    );
    expect(freshnessState({ isMuted: false, hasThreshold: false, dueAt: null, now })).toBe(
      'no_threshold',
    );
  });

  it('should be stale only once the due time is strictly past', () => {
    const check = (dueAt: Date | null) =>
      freshnessState({ isMuted: false, hasThreshold: true, dueAt, now });
    expect(check(new Date('2024-03-01T11:59:59.999Z'))).toBe('stale');
    expect(check(new Date('2024-03-01T12:00:00Z'))).toBe('fresh');
    expect(check(null)).toBe('fresh');
  });
});
