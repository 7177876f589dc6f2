/** The JSON API of the same origin. Every value it returns is rendered as text, never as HTML. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `path?query`, leaving out empty values. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers:
      body === undefined
        ? { Accept: 'application/json' }
        : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed ?? {}) as { code?: string; message?: string };
    throw new ApiError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? `${method} ${path} answered ${response.status}`,
    );
  }
  return parsed as T;
}

export const getJson = <T>(path: string, query?: Query): Promise<T> =>
  request<T>('GET', withQuery(path, query));

export const postJson = <T>(path: string, body: unknown): Promise<T> =>
  request<T>('POST', path, body);

// ---- shapes (see the dashboard contract; only the fields the pages read) ----

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export type PipelineState =
  'failed' | 'late' | 'stale' | 'anomalous' | 'running' | 'succeeded' | 'never_run';
export const PIPELINE_STATES: PipelineState[] = [
  'failed',
  'late',
  'stale',
  'anomalous',
  'running',
  'succeeded',
  'never_run',
];

export interface Freshness {
  state: 'fresh' | 'stale' | 'muted' | 'no_threshold';
  last_dml_at: string | null;
  due_at: string | null;
}

export interface OverviewItem {
  id: number;
  name: string;
  pipeline_type_id: number;
  pipeline_type_name: string;
  active: boolean;
  last_run: {
    id: number;
    status: 'succeeded' | 'failed' | 'running';
    late: boolean;
    start_date: string;
    end_date: string | null;
    duration_seconds: number | null;
  } | null;
  state: PipelineState;
  last_success_at: string | null;
  freshness: Freshness;
  open_anomalies: number;
  recent_durations: number[];
}

export interface Overview extends Paged<OverviewItem> {
  counts: Record<PipelineState, number>;
  pipeline_types: string[];
}

export interface Threshold {
  number: number;
  datepart: string;
  source: 'pipeline' | 'pipeline_type';
}

export interface Rule {
  id: number;
  metric_field: string;
  active: boolean;
  z_threshold: number;
  lookback_days: number;
  minimum_executions: number;
  direction: string;
  min_change_percent: number | null;
  state: 'learning' | 'ready' | 'inactive';
  baseline_size: number;
}

export interface PipelineDetail {
  pipeline: {
    id: number;
    name: string;
    description?: string | null;
    active: boolean;
    load_lineage: boolean;
    pipeline_type_id: number;
    pipeline_type_name: string;
    watermark: string | null;
    next_watermark: string | null;
    pipeline_metadata: Record<string, unknown> | null;
    last_target_insert: string | null;
    last_target_update: string | null;
    last_target_soft_delete: string | null;
    created_at: string;
    updated_at: string;
  };
  thresholds: {
    freshness: Threshold | null;
    timeliness: Threshold | null;
    muted: { value: boolean; source: 'pipeline' | 'pipeline_type' | null };
  };
  freshness: Freshness;
  watermark_history: { execution_id: number; end_date: string; watermark: string | null }[];
  rules: Rule[];
  run_counts: { total: number; succeeded: number; failed: number; running: number };
}

export interface Run {
  id: number;
  parent_id: number | null;
  start_date: string;
  end_date: string | null;
  completed_successfully: boolean | null;
  duration_seconds: number | null;
  inserts: number | null;
  updates: number | null;
  soft_deletes: number | null;
  total_rows: number | null;
  throughput: number | null;
  anomaly_flags: Record<string, boolean> | null;
  next_watermark: string | null;
}

export interface AnomalyBand {
  value: number;
  mean: number;
  stddev: number;
  z_score: number;
  lower_bound: number;
  upper_bound: number;
}

export interface MetricPoint {
  execution_id: number;
  start_date: string;
  total_rows: number | null;
  duration_seconds: number | null;
  throughput: number | null;
  anomaly_flags: Record<string, boolean> | null;
  anomalies: Record<string, AnomalyBand> | null;
}

export interface ExecutionTree {
  id: number;
  parent_id: number | null;
  pipeline_id: number;
  start_date: string;
  end_date: string | null;
  duration_seconds: number | null;
  completed_successfully: boolean | null;
  inserts: number | null;
  updates: number | null;
  soft_deletes: number | null;
  total_rows: number | null;
  watermark: string | null;
  next_watermark: string | null;
  anomaly_flags: Record<string, boolean> | null;
  throughput: number | null;
  child_executions: ExecutionTree[];
}

export interface LineageNode {
  id: number;
  name: string;
  address_type_name: string;
  address_type_group_name: string;
  upstream_distance: number | null;
  downstream_distance: number | null;
}

export interface LineageEdge {
  source_address_id: number;
  target_address_id: number;
  pipeline_id: number;
  pipeline_name: string;
  pipeline_type_name: string;
  pipeline_active: boolean;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
  truncated: boolean;
}

export const ALERT_KINDS = ['anomaly', 'freshness', 'timeliness', 'queue', 'test'] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

export interface Alert {
  id: number;
  kind: string;
  severity: string;
  dedup_key: string;
  pipeline_id: number | null;
  title: string;
  summary: string;
  details: Record<string, unknown>;
  created_at: string;
  delivery_status?: 'recorded' | 'pending' | 'delivered' | 'failed';
}

export interface AlertDetail extends Alert {
  deliveries: {
    channel: string;
    status: string;
    attempts?: number;
    last_error: string | null;
    response_status: number | null;
    sent_at: string | null;
    updated_at: string | null;
  }[];
}

export interface DailyMetric {
  date: string;
  pipeline_id: number;
  pipeline_name: string;
  pipeline_type_name: string;
  executions: number;
  failed: number;
  error_rate: number;
  inserts: number;
  updates: number;
  soft_deletes: number;
  total_rows: number;
  average_duration_seconds: number | null;
  throughput: number | null;
}

export interface SystemStatus {
  status: 'ok' | 'degraded' | 'down';
  database: 'up' | 'down';
  queue: 'up' | 'degraded';
  version: string;
  mode: 'embedded' | 'production';
  role: string;
  uptime_seconds: number;
  queues: {
    name: string;
    waiting: number;
    active: number;
    delayed: number;
    failed?: number;
    outbox: number;
  }[];
  outbox: { pending: number; parked: number; dead: number };
}
