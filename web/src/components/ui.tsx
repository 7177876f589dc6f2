import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { localTime, utcTime } from '../format';

/** A timestamp in the browser's zone; hovering shows it in UTC. */
export function Time({ value }: { value: string | null | undefined }) {
  if (!value) {
    return <span class="muted">—</span>;
  }
  return (
    <time dateTime={value} title={utcTime(value)}>
      {localTime(value)}
    </time>
  );
}

export interface ApiState<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/** Loads `load()` whenever `key` changes; an older answer never overwrites a newer one. */
export function useApi<T>(key: string | null, load: () => Promise<T>): ApiState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === null) {
      setData(null);
      setLoading(false);
      return;
    }
    let current = true;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (value) => {
        if (current) {
          setData(value);
          setLoading(false);
        }
      },
      (reason: unknown) => {
        if (current) {
          setError(reason instanceof Error ? reason : new Error(String(reason)));
          setLoading(false);
        }
      },
    );
    return () => {
      current = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export function Loading({ what = 'Loading…' }: { what?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      {what}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function ErrorBox({ error }: { error: Error }) {
  return (
    <p class="error" role="alert">
      {error.message}
    </p>
  );
}

/** Loading, error or the content; the previous content stays while a refresh loads. */
export function Async<T>({
  state,
  children,
}: {
  state: ApiState<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (state.error) {
    return <ErrorBox error={state.error} />;
  }
  if (state.data === null) {
    return <Loading />;
  }
  return <div aria-busy={state.loading ? 'true' : 'false'}>{children(state.data)}</div>;
}

export function Badge({ tone, children }: { tone: string; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages} ({total} in all)
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

/** Durations of recent runs as a small line (SVG attributes only: nothing inline-styled). */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) {
    return <span class="muted">{values.length === 1 ? '1 run' : '—'}</span>;
  }
  const width = 100;
  const height = 24;
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const points = values
    .map((v, i) => {
      const x = (i / (values.length - 1)) * (width - 2) + 1;
      const y = height - 2 - ((v - min) / span) * (height - 4);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}

/** A JSON value shown as text (pretty-printed), never parsed as markup. */
export function JsonText({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** Calls `refresh` every `ms` while the tab is visible (a dashboard left open stays current). */
export function useAutoRefresh(refresh: () => void, ms: number): void {
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') {
        refresh();
      }
    }, ms);
    return () => window.clearInterval(timer);
  }, [refresh, ms]);
}
