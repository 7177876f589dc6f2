import {
  endMetrics,
  recordedAt,
  roundedSeconds,
  throughput,
} from 'src/modules/execution/execution-metrics.util';

const at = (iso: string): Date => new Date(iso);

describe('recordedAt', () => {
  it('should take the hour and the day in UTC', () => {
    expect(recordedAt(at('2024-01-01T10:59:59.999Z'))).toEqual({
      hourRecorded: 10,
      dateRecorded: '2024-01-01',
    });
    expect(recordedAt(at('2024-03-31T23:30:00-02:00'))).toEqual({
      hourRecorded: 1,
      dateRecorded: '2024-04-01',
    });
    expect(recordedAt(at('2024-12-31T00:00:00Z'))).toEqual({
      hourRecorded: 0,
      dateRecorded: '2024-12-31',
    });
  });
});

describe('roundedSeconds', () => {
  it.each([
    [0, 0],
    [400, 0],
    [499, 0],
    [500, 1],
    [1500, 2],
    [2500, 3],
    [2499, 2],
    [300_000, 300],
    [-1500, -2],
    [-400, 0],
    [86_400_000 * 365 * 100 + 500, 3_153_600_001],
  ])('should round %p ms half away from zero to %p s', (ms, seconds) => {
    expect(roundedSeconds(ms)).toBe(seconds);
  });
});

describe('throughput', () => {
  it('should be null without total_rows', () => {
    expect(throughput(null, 10)).toBeNull();
    expect(throughput(undefined, 10)).toBeNull();
  });

  it('should be 0 when the duration is 0', () => {
    expect(throughput(1000, 0)).toBe('0');
    expect(throughput(0n, 0)).toBe('0');
  });

  it.each([
    [10, 7, '1.4286'],
    [1000, 300, '3.3333'],
    [500, 120, '4.1667'],
    [2, 3, '0.6667'],
    [1, 3, '0.3333'],
    [100, 4, '25'],
    [0, 5, '0'],
    [1, 20_000, '0.0001'],
    [1, 20_001, '0'],
    [1, 30_000, '0'],
    [3, 20_000, '0.0002'],
    [5, 8, '0.625'],
  ])('should give %p rows over %p s as %p', (rows, seconds, expected) => {
    expect(throughput(rows, seconds)).toBe(expected);
  });

  it('should round exact halves away from zero', () => {
    // 1 / 20000 = 0.00005 → 0.0001; 3 / 40000 = 0.000075 → 0.0001
    expect(throughput(1, 20_000)).toBe('0.0001');
    expect(throughput(3, 40_000)).toBe('0.0001');
    expect(throughput(-1, 20_000)).toBe('-0.0001');
  });

  it('should stay exact for bigint totals up to 2^63 - 1', () => {
    const max = 9223372036854775807n;
    expect(throughput(max, 1)).toBe('9223372036854775807');
    expect(throughput(max, 7)).toBe('1317624576693539401');
    expect(throughput(max, 3)).toBe('3074457345618258602.3333');
    expect(throughput(max, 1_000_000)).toBe('9223372036854.7758');
    expect(throughput(9007199254740993n, 2)).toBe('4503599627370496.5');
  });

  it('should accept a number total beyond what a double division keeps exactly', () => {
    expect(throughput(Number.MAX_SAFE_INTEGER, 10)).toBe('900719925474099.1');
  });
});

describe('endMetrics', () => {
  it('should compute duration and throughput from the two timestamps', () => {
    const start = at('2024-01-01T10:00:00Z');
    expect(endMetrics(start, at('2024-01-01T10:05:00Z'), 1000)).toEqual({
      durationSeconds: 300,
      throughput: '3.3333',
    });
    expect(endMetrics(start, at('2024-01-01T10:00:07Z'), 10)).toEqual({
      durationSeconds: 7,
      throughput: '1.4286',
    });
    expect(endMetrics(start, at('2024-01-01T10:00:01.500Z'), null)).toEqual({
      durationSeconds: 2,
      throughput: null,
    });
    expect(endMetrics(start, at('2024-01-01T10:00:02.500Z'), 5n)).toEqual({
      durationSeconds: 3,
      throughput: '1.6667',
    });
    expect(endMetrics(start, at('2024-01-01T10:00:00.400Z'), 99)).toEqual({
      durationSeconds: 0,
      throughput: '0',
    });
  });
});
