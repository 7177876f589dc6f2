/** Display formatting: times in the browser's zone (UTC in the title), numbers grouped. */

const localFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : localFormat.format(date);
}

export function utcTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, '')
        .replace('Z', '')} UTC`;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export function num(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? numberFormat.format(n) : String(value);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${numberFormat.format(value * 100)} %`;
}

/** 75 → "1 min 15 s", 7260 → "2 h 1 min". */
export function duration(seconds: number | string | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds === '') {
    return '—';
  }
  const total = Number(seconds);
  if (!Number.isFinite(total)) {
    return String(seconds);
  }
  if (total < 60) {
    return `${numberFormat.format(total)} s`;
  }
  const s = Math.round(total);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) {
    return `${h} h ${m} min`;
  }
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

export function label(value: string): string {
  return value.replace(/_/g, ' ');
}
