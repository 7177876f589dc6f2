/**
 * ISO-8601 date or date-time: `YYYY-MM-DD`, optionally followed by `T` (or a space) and
 * `hh:mm[:ss[.fraction]]`, optionally followed by `Z` or an offset (`±hh`, `±hhmm`, `±hh:mm`).
 */
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const MS_PER_MINUTE = 60_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO-8601 timestamp strictly; a value without an offset means UTC (never the server's
 * local time zone), a bare date means midnight UTC. Fractions beyond milliseconds are truncated.
 * Returns null for anything else (including impossible dates such as 2024-02-30).
 */
export function parseIsoTimestamp(text: string): Date | null {
  const match = ISO_TIMESTAMP.exec(text.trim());
  if (!match) {
    return null;
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, oh = '0', om = '0'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const [offsetHours, offsetMinutes] = [Number(oh), Number(om)];
  const isValid =
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 18 &&
    offsetMinutes <= 59;
  if (!isValid) {
    return null;
  }
  const millisecond = Number(fraction.padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  const offset = (offsetHours * 60 + offsetMinutes) * (sign === '-' ? -1 : 1);
  return new Date(date.getTime() - offset * MS_PER_MINUTE);
}
/** ISO-8601 UTC (`…Z`) for a timestamp column, or null. */
export function toIsoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
