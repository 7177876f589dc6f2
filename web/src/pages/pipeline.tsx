import { useState } from 'preact/hooks';
import {
  getJson,
  postJson,
  type MetricPoint,
  type Paged,
  type PipelineDetail,
  type Rule,
  type Run,
  type Threshold,
} from '../api';
import { MetricChart } from '../components/metric-chart';
import { Async, Badge, Empty, ErrorBox, JsonText, Pager, Time, useApi } from '../components/ui';
import { duration, label, num } from '../format';
import { Link, setQuery } from '../router';

const RUNS_PAGE_SIZE = 25;

function thresholdText(threshold: Threshold | null): string {
  return threshold ? `${threshold.number} ${threshold.datepart}` : 'not set';
}

function sourceText(source: string | null): string {
  if (source === 'pipeline') {
    return 'set on the pipeline';
  }
  if (source === 'pipeline_type') {
    return 'inherited from the pipeline type';
  }
  return 'default';
}

function RuleState({ rule }: { rule: Rule }) {
  if (rule.state === 'learning') {
    return (
      <Badge tone="info">
        learning {rule.baseline_size} / {rule.minimum_executions}
      </Badge>
    );
  }
  return <Badge tone={rule.state === 'ready' ? 'good' : 'quiet'}>{rule.state}</Badge>;
}

function Settings({ detail }: { detail: PipelineDetail }) {
  const { pipeline, thresholds, freshness } = detail;
  return (
    <dl class="settings">
      <dt>Type</dt>
      <dd>{pipeline.pipeline_type_name}</dd>
      <dt>Active</dt>
      <dd>{pipeline.active ? 'yes' : 'no'}</dd>
      <dt>Loads lineage</dt>
      <dd>{pipeline.load_lineage ? 'yes' : 'no'}</dd>
      <dt>Freshness threshold</dt>
      <dd>
        {thresholdText(thresholds.freshness)}
        {thresholds.freshness ? (
          <span class="muted"> · {sourceText(thresholds.freshness.source)}</span>
        ) : null}
      </dd>
      <dt>Timeliness threshold</dt>
      <dd>
        {thresholdText(thresholds.timeliness)}
        {thresholds.timeliness ? (
          <span class="muted"> · {sourceText(thresholds.timeliness.source)}</span>
        ) : null}
      </dd>
      <dt>Muted</dt>
      <dd>
        {thresholds.muted.value ? 'yes' : 'no'}{' '}
        <span class="muted">· {sourceText(thresholds.muted.source)}</span>
      </dd>
      <dt>Freshness</dt>
      <dd>
        {label(freshness.state)}
        {freshness.last_dml_at ? (
          <span class="muted">
            {' '}
            · last change <Time value={freshness.last_dml_at} />
          </span>
        ) : null}
        {freshness.due_at ? (
          <span class="muted">
            {' '}
            · due <Time value={freshness.due_at} />
          </span>
        ) : null}
      </dd>
      <dt>Watermark</dt>
      <dd>
        <code>{pipeline.watermark ?? '—'}</code>
        {pipeline.next_watermark ? (
          <span class="muted">
            {' '}
            · next <code>{pipeline.next_watermark}</code>
          </span>
        ) : null}
      </dd>
      <dt>Last target change</dt>
      <dd>
        insert <Time value={pipeline.last_target_insert} /> · update{' '}
        <Time value={pipeline.last_target_update} /> · soft delete{' '}
        <Time value={pipeline.last_target_soft_delete} />
      </dd>
      <dt>Runs</dt>
      <dd>
        {num(detail.run_counts.total)} ({num(detail.run_counts.succeeded)} succeeded,{' '}
        {num(detail.run_counts.failed)} failed, {num(detail.run_counts.running)} running)
      </dd>
      {pipeline.pipeline_metadata ? (
        <>
          <dt>Metadata</dt>
          <dd>
            <JsonText value={pipeline.pipeline_metadata} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function flaggedMetrics(run: Run): string[] {
  return Object.entries(run.anomaly_flags ?? {})
    .filter(([, flagged]) => flagged)
    .map(([metric]) => metric);
}

function RunStatus({ run }: { run: Run }) {
  if (run.end_date === null) {
    return <Badge tone="info">running</Badge>;
  }
  return run.completed_successfully ? (
    <Badge tone="good">succeeded</Badge>
  ) : (
    <Badge tone="bad">failed</Badge>
  );
}

function Runs({
  pipelineId,
  query,
  onUnflagged,
}: {
  pipelineId: number;
  query: URLSearchParams;
  onUnflagged: () => void;
}) {
  const page = Number(query.get('runs_page') ?? '1') || 1;
  const status = query.get('status') ?? '';
  const params = { page, page_size: RUNS_PAGE_SIZE, status };
  const runs = useApi(`${pipelineId}:${JSON.stringify(params)}`, () =>
    getJson<Paged<Run>>(`/dashboard/pipelines/${pipelineId}/runs`, params),
  );
  const [unflagError, setUnflagError] = useState<Error | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const unflag = async (run: Run) => {
    setBusy(run.id);
    setUnflagError(null);
    try {
      await postJson('/unflag_anomaly', {
        pipeline_id: pipelineId,
        pipeline_execution_id: run.id,
        metric_field: flaggedMetrics(run),
      });
      runs.reload();
      onUnflagged();
    } catch (error) {
      setUnflagError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => setQuery({ status: e.currentTarget.value, runs_page: null })}
          >
            <option value="">All</option>
            <option value="succeeded">Succeeded</option>
            <option value="failed">Failed</option>
            <option value="running">Running</option>
          </select>
        </label>
      </form>
      {unflagError ? <ErrorBox error={unflagError} /> : null}
      <Async state={runs}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No runs{status ? ` with status ${status}` : ''}.</Empty>
          ) : (
            <>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Run</th>
                      <th scope="col">Started</th>
                      <th scope="col">Status</th>
                      <th scope="col">Duration</th>
                      <th scope="col">Inserts</th>
                      <th scope="col">Updates</th>
                      <th scope="col">Soft deletes</th>
                      <th scope="col">Total rows</th>
                      <th scope="col">Throughput</th>
                      <th scope="col">Anomalies</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((run) => {
                      const flags = flaggedMetrics(run);
                      return (
                        <tr key={run.id} data-run-id={run.id}>
                          <th scope="row">
                            <Link to={`/executions/${run.id}`}>#{run.id}</Link>
                          </th>
                          <td>
                            <Time value={run.start_date} />
                          </td>
                          <td>
                            <RunStatus run={run} />
                          </td>
                          <td class="num">{duration(run.duration_seconds)}</td>
                          <td class="num">{num(run.inserts)}</td>
                          <td class="num">{num(run.updates)}</td>
                          <td class="num">{num(run.soft_deletes)}</td>
                          <td class="num">{num(run.total_rows)}</td>
                          <td class="num">{num(run.throughput)}</td>
                          <td>
                            {flags.length ? (
                              <>
                                <Badge tone="warn">{flags.map(label).join(', ')}</Badge>{' '}
                                <button
                                  type="button"
                                  disabled={busy === run.id}
                                  onClick={() => void unflag(run)}
                                >
                                  Unflag
                                </button>
                              </>
                            ) : (
                              <span class="muted">none</span>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pager
                page={data.page}
                pageSize={data.page_size}
                total={data.total}
                onPage={(p) => setQuery({ runs_page: p })}
              />
            </>
          )
        }
      </Async>
    </section>
  );
}

function Charts({
  pipelineId,
  days,
  refresh,
}: {
  pipelineId: number;
  days: number;
  refresh: number;
}) {
  const metrics = useApi(`${pipelineId}:${days}:${refresh}`, () =>
    getJson<{ points: MetricPoint[] }>(`/dashboard/pipelines/${pipelineId}/metrics`, { days }),
  );
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">Metrics</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Window
          <select value={String(days)} onChange={(e) => setQuery({ days: e.currentTarget.value })}>
            {[7, 30, 90, 365].map((d) => (
              <option key={d} value={String(d)}>
                last {d} days
              </option>
            ))}
          </select>
        </label>
      </form>
      <Async state={metrics}>
        {(data) => (
          <div class="charts">
            <MetricChart metric="total_rows" title="Total rows" points={data.points} />
            <MetricChart metric="duration_seconds" title="Duration (s)" points={data.points} />
            <MetricChart metric="throughput" title="Throughput (rows/s)" points={data.points} />
          </div>
        )}
      </Async>
    </section>
  );
}

export function PipelinePage({ id, query }: { id: number; query: URLSearchParams }) {
  const days = Number(query.get('days') ?? '30') || 30;
  const [refresh, setRefresh] = useState(0);
  const detail = useApi(`${id}:${refresh}`, () =>
    getJson<PipelineDetail>(`/dashboard/pipelines/${id}`),
  );
  return (
    <Async state={detail}>
      {(data) => (
        <article>
          <p class="crumbs">
            <Link to="/">Pipelines</Link> ›
          </p>
          <h1>{data.pipeline.name}</h1>
          {data.pipeline.description ? <p>{data.pipeline.description}</p> : null}
          <div class="columns">
            <section aria-labelledby="settings-heading">
              <h2 id="settings-heading">Settings</h2>
              <Settings detail={data} />
            </section>
            <section aria-labelledby="rules-heading">
              <h2 id="rules-heading">Anomaly rules</h2>
              {data.rules.length === 0 ? (
                <Empty>No anomaly detection rules.</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Metric</th>
                      <th scope="col">State</th>
                      <th scope="col">z</th>
                      <th scope="col">Lookback</th>
                      <th scope="col">Direction</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.rules.map((rule) => (
                      <tr key={rule.id}>
                        <th scope="row">{label(rule.metric_field)}</th>
                        <td>
                          <RuleState rule={rule} />
                        </td>
                        <td class="num">{num(rule.z_threshold)}</td>
                        <td>{rule.lookback_days} days</td>
                        <td>{rule.direction}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h2>Watermark history</h2>
              {data.watermark_history.length === 0 ? (
                <Empty>No successful run has set a watermark yet.</Empty>
              ) : (
                <div class="table-wrap short">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Run</th>
                        <th scope="col">Ended</th>
                        <th scope="col">Watermark</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.watermark_history.map((w) => (
                        <tr key={w.execution_id}>
                          <th scope="row">
                            <Link to={`/executions/${w.execution_id}`}>#{w.execution_id}</Link>
                          </th>
                          <td>
                            <Time value={w.end_date} />
                          </td>
                          <td>
                            <code>{w.watermark ?? '—'}</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </div>
          <Charts pipelineId={id} days={days} refresh={refresh} />
          <Runs pipelineId={id} query={query} onUnflagged={() => setRefresh((n) => n + 1)} />
        </article>
      )}
    </Async>
  );
}
