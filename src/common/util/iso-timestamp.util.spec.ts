import { parseIsoTimestamp } from 'src/common/util/iso-timestamp.util';

const iso = (text: string): string | undefined => parseIsoTimestamp(text)?.toISOString();

describe('parseIsoTimestamp', () => {
  it('should read Z, offsets in every spelling, and no offset as UTC', () => {
    expect(iso('2024-01-01T10:00:00Z')).toBe('2024-01-01T10:00:00.000Z');
    expect(iso('2024-01-01T10:00:00')).toBe('2024-01-01T10:00:00.000Z');
    expect(iso('2024-01-01T12:00:00+02:00')).toBe('2024-01-01T10:00:00.000Z');
    expect(iso('2024-01-01T12:00:00+0200')).toBe('2024-01-01T10:00:00.000Z');
    expect(iso('2024-01-01T07:30:00-02:30')).toBe('2024-01-01T10:00:00.000Z');
    expect(iso('2024-01-01T12:00:00+02')).toBe('2024-01-01T10:00:00.000Z');
    expect(iso('2024-01-01t10:00:00z')).toBe('2024-01-01T10:00:00.000Z');
  });

  it('should accept a space separator, minutes-only times and bare dates', () => {
    expect(iso('2024-01-01 10:00:00+00:00')).toBe('2024-01-01T10:00:00.000Z');
    expect(iso('2024-01-01T10:00')).toBe('2024-01-01T10:00:00.000Z');
    expect(iso('2024-01-01')).toBe('2024-01-01T00:00:00.000Z');
  });

  it('should keep milliseconds and truncate finer fractions', () => {
    expect(iso('2024-01-01T10:00:00.5Z')).toBe('2024-01-01T10:00:00.500Z');
    expect(iso('2024-01-01T10:00:00.123456789Z')).toBe('2024-01-01T10:00:00.123Z');
    expect(iso('2024-01-01T10:00:00,25Z')).toBe('2024-01-01T10:00:00.250Z');
  });

  it('should cross the date line when the offset says so', () => {
    expect(iso('2024-01-01T01:00:00+05:00')).toBe('2023-12-31T20:00:00.000Z');
  });

  it('should handle leap days and years before 100 without the Date.UTC century quirk', () => {
    expect(iso('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('0050-06-01T00:00:00Z')).toBe('0050-06-01T00:00:00.000Z');
  });

  it.each([
    '',
    'now',
    '1704103200',
    '2024-1-1',
    '2024-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:60:00Z',
    '2024-01-01T10:00:60Z',
    '2024-01-01T10:00:00+19:00',
    '2024-01-01T10:00:00 Z',
    '0000-01-01T00:00:00Z',
    '2024-01-01T10:00:00.Z',
    'Mon, 01 Jan 2024 10:00:00 GMT',
  ])('should reject %p', (text) => {
    expect(parseIsoTimestamp(text)).toBeNull();
  });
});
