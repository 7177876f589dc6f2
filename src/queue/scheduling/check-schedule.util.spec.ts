import {
  compileSchedule,
  cronExpressionProblem,
  InvalidScheduleError,
} from 'src/queue/scheduling/check-schedule.util';

const at = (iso: string): Date => new Date(iso);
const slot = (cron: string, now: string): string =>
  compileSchedule({ cron }).slotStartOf(at(now)).toISOString();

describe('compileSchedule', () => {
  it('should align everyMs slots to the epoch and tick a quarter slot (1 s to 30 s)', () => {
    const hourly = compileSchedule({ everyMs: 3_600_000 });
    expect(hourly.slotStartOf(at('2024-05-05T10:59:59.999Z')).toISOString()).toBe(
      '2024-05-05T10:00:00.000Z',
    );
    expect(hourly.tickMs).toBe(30_000);
    expect(compileSchedule({ everyMs: 2000 }).tickMs).toBe(1000);
  });

  it('should give the latest cron time at or before now', () => {
    expect(slot('0 * * * *', '2024-05-05T10:59:59.999Z')).toBe('2024-05-05T10:00:00.000Z');
    expect(slot('0 * * * *', '2024-05-05T11:00:00.000Z')).toBe('2024-05-05T11:00:00.000Z');
    expect(slot('*/15 * * * *', '2024-05-05T11:44:10.000Z')).toBe('2024-05-05T11:30:00.000Z');
    expect(slot('*/5 * * * *', '2024-05-05T00:04:59.000Z')).toBe('2024-05-05T00:00:00.000Z');
  });

  it('should reach back across days, months and leap years', () => {
    expect(slot('0 3 * * *', '2024-05-05T02:59:59.000Z')).toBe('2024-05-04T03:00:00.000Z');
    expect(slot('0 3 * * *', '2024-05-05T03:00:00.500Z')).toBe('2024-05-05T03:00:00.000Z');
    expect(slot('0 0 1 * *', '2024-03-15T00:00:00.000Z')).toBe('2024-03-01T00:00:00.000Z');
    expect(slot('0 12 29 2 *', '2025-01-01T00:00:00.000Z')).toBe('2024-02-29T12:00:00.000Z');
  });

  it('should honour a seconds field', () => {
    expect(slot('*/10 * * * * *', '2024-05-05T10:00:25.300Z')).toBe('2024-05-05T10:00:20.000Z');
    expect(compileSchedule({ cron: '*/10 * * * * *' }).tickMs).toBe(2500);
  });

  it('should tick at most every 30 s and by the tightest gap of an irregular cron', () => {
    expect(compileSchedule({ cron: '0 3 * * *' }).tickMs).toBe(30_000);
    expect(compileSchedule({ cron: '0,4 * * * * *' }).tickMs).toBe(1000);
  });

  it('should reject a bad expression, one that never fires, and a tiny everyMs', () => {
    expect(() => compileSchedule({ cron: '0 * * *' })).toThrow(InvalidScheduleError);
    expect(() => compileSchedule({ cron: '0 0 30 2 *' })).toThrow(/never fires/);
    expect(() => compileSchedule({ everyMs: 10 })).toThrow(InvalidScheduleError);
    expect(cronExpressionProblem('61 * * * *')).toMatch(/out of range/);
    expect(cronExpressionProblem('0 3 * * *')).toBeNull();
  });
});
