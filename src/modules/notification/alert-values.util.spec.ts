import {
  alertLogLine,
  storedDedupKey,
  toAlertValues,
} from 'src/modules/notification/alert-values.util';
import { InvalidAlertError } from 'src/modules/notification/notification.errors';
import type { RaiseAlert } from 'src/modules/notification/notification.service';

const alert: RaiseAlert = {
  kind: 'timeliness',
  severity: 'warning',
  dedupKey: 'timeliness:17',
  pipelineId: 4,
  title: 'Late run of nightly load',
  summary: 'Still running 3 hours after its start (threshold 2 hours).',
  details: { execution_id: 17, threshold_hours: 2 },
};

describe('alert values', () => {
  it('should keep a well-formed alert as it is', () => {
    expect(toAlertValues(alert)).toEqual({ ...alert });
  });

  it('should shorten a long dedup key deterministically, keeping distinct keys distinct', () => {
    const long = `anomaly:${'x'.repeat(400)}`;
    const stored = storedDedupKey(long);
    expect(stored.length).toBeLessThanOrEqual(255);
    expect(stored).toBe(storedDedupKey(long));
    expect(stored).not.toBe(storedDedupKey(`${long}y`));
    expect(stored.startsWith('anomaly:xxx')).toBe(true);
    expect(storedDedupKey('short')).toBe('short');
  });

  it('should cut a long title and strip NUL, which PostgreSQL cannot store', () => {
    const values = toAlertValues({
      ...alert,
      title: `a\u0000${'t'.repeat(300)}`,
      summary: 's\u0000',
    });
    expect(Array.from(values.title)).toHaveLength(255);
    expect(values.title.startsWith('at')).toBe(true);
    expect(values.summary).toBe('s');
  });

  it('should refuse what only a bug in the raising module produces', () => {
    expect(() => toAlertValues({ ...alert, dedupKey: '  ' })).toThrow(InvalidAlertError);
    expect(() => toAlertValues({ ...alert, kind: 'other' as never })).toThrow(/unknown kind/);
    expect(() => toAlertValues({ ...alert, severity: 'fatal' as never })).toThrow(
      /unknown severity/,
    );
    expect(() => toAlertValues({ ...alert, details: [] as never })).toThrow(/JSON object/);
  });

  it('should log one line per alert, whatever the title holds', () => {
    const line = alertLogLine(9, toAlertValues({ ...alert, title: 'two\nlines\r\n' }));
    expect(line).toBe('Alert 9 warning timeliness (pipeline 4): two lines');
    expect(alertLogLine(9, toAlertValues({ ...alert, pipelineId: null }))).toBe(
      'Alert 9 warning timeliness: Late run of nightly load',
    );
  });
});
