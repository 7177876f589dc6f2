/** Decimal places kept in `throughput` (rows per second). */
export const THROUGHPUT_DECIMALS = 4;

const MS_PER_SECOND = 1000;
const THROUGHPUT_SCALE = 10n ** BigInt(THROUGHPUT_DECIMALS);

export interface RecordedAt {
  /** UTC hour of day of the start, 0–23 (the anomaly baseline groups by it). */
  hourRecorded: number;
  /** UTC calendar day of the start, 'YYYY-MM-DD'. */
  dateRecorded: string;
}

export interface EndMetrics {
  durationSeconds: number;
  /** Rows per second as an exact decimal string (numeric column), or null without total_rows. */
  throughput: string | null;
}

/** hour_recorded and date_recorded of an execution, both in UTC. */
export function recordedAt(startDate: Date): RecordedAt {
  return {
    hourRecorded: startDate.getUTCHours(),
    dateRecorded: startDate.toISOString().slice(0, 10),
  };
}

/** Whole milliseconds to seconds, rounded half away from zero (1.5 s → 2, -1.5 s → -2). */
export function roundedSeconds(elapsedMs: number): number {
  const magnitude = Math.floor((Math.abs(elapsedMs) + MS_PER_SECOND / 2) / MS_PER_SECOND);
  return elapsedMs < 0 && magnitude > 0 ? -magnitude : magnitude;
}

/**
 * total_rows / duration_seconds rounded half away from zero to 4 decimals, computed exactly in
 * integer arithmetic (total_rows may be any bigint up to 2^63 - 1). 0 when the duration is 0,
 * null when total_rows is absent.
 */
export function throughput(
  totalRows: number | bigint | null | undefined,
  durationSeconds: number,
): string | null {
  if (totalRows === null || totalRows === undefined) {
    return null;
  }
  if (durationSeconds <= 0) {
    return '0';
  }
  const rows = BigInt(totalRows);
  const seconds = BigInt(durationSeconds);
  const negative = rows < 0n;
  const magnitude = negative ? -rows : rows;
  // round(x) = floor(x + 1/2) for x >= 0, with x = rows * scale / seconds
  const scaled = (2n * magnitude * THROUGHPUT_SCALE + seconds) / (2n * seconds);
  return formatScaled(negative ? -scaled : scaled);
}

/** An integer count of 1/10^4 units as a plain decimal string without trailing zeros. */
function formatScaled(scaled: bigint): string {
  const sign = scaled < 0n ? '-' : '';
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(THROUGHPUT_DECIMALS + 1, '0');
  const whole = digits.slice(0, -THROUGHPUT_DECIMALS);
  const fraction = digits.slice(-THROUGHPUT_DECIMALS).replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/**
 * duration_seconds and throughput of an execution that ran from startDate to endDate: the
 * reference definition. The end statement computes the same in SQL (execution-ingest.repository);
 * test/e2e/ingest-path.e2e-spec.ts holds the two together.
 */
export function endMetrics(
  startDate: Date,
  endDate: Date,
  totalRows: number | bigint | null | undefined,
): EndMetrics {
  const durationSeconds = roundedSeconds(endDate.getTime() - startDate.getTime());
  return { durationSeconds, throughput: throughput(totalRows, durationSeconds) };
}

/** The numeric metrics of an execution that anomaly detection can watch (column names). */
export const EXECUTION_METRICS = [
  'duration_seconds',
  'inserts',
  'updates',
  'soft_deletes',
  'total_rows',
  'throughput',
] as const;
export type ExecutionMetric = (typeof EXECUTION_METRICS)[number];
