import { useEffect, useState } from 'preact/hooks';
import {
  getJson,
  PIPELINE_STATES,
  type Overview,
  type OverviewItem,
  type PipelineState,
} from '../api';
import {
  Async,
  Badge,
  Empty,
  Pager,
  Sparkline,
  Time,
  useApi,
  useAutoRefresh,
} from '../components/ui';
import { duration, label, num } from '../format';
import { Link, setQuery } from '../router';

const PAGE_SIZE = 50;

const STATE_TONE: Record<PipelineState, string> = {
  failed: 'bad',
  late: 'warn',
  stale: 'warn',
  anomalous: 'warn',
  running: 'info',
  succeeded: 'good',
  never_run: 'quiet',
};

export function StateBadge({ state }: { state: PipelineState }) {
  return <Badge tone={STATE_TONE[state]}>{label(state)}</Badge>;
}

const FRESHNESS_TONE = {
  fresh: 'good',
  stale: 'warn',
  muted: 'quiet',
  no_threshold: 'quiet',
} as const;

function Row({ item }: { item: OverviewItem }) {
  return (
    <tr data-pipeline-id={item.id}>
      <th scope="row">
        <Link to={`/pipelines/${item.id}`}>{item.name}</Link>
        {item.active ? null : <span class="muted"> (inactive)</span>}
      </th>
      <td>{item.pipeline_type_name}</td>
      <td class="state">
        <StateBadge state={item.state} />
      </td>
      <td>
        {item.last_run ? (
          <Link to={`/executions/${item.last_run.id}`}>
            <Time value={item.last_run.start_date} />
          </Link>
        ) : (
          <span class="muted">never</span>
        )}
        {item.last_run?.duration_seconds !== undefined &&
        item.last_run?.duration_seconds !== null ? (
          <span class="muted"> · {duration(item.last_run.duration_seconds)}</span>
        ) : null}
      </td>
      <td>
        <Time value={item.last_success_at} />
      </td>
      <td>
        <Badge tone={FRESHNESS_TONE[item.freshness.state]}>{label(item.freshness.state)}</Badge>
      </td>
      <td class="num">
        {item.open_anomalies ? <Badge tone="warn">{num(item.open_anomalies)}</Badge> : '0'}
      </td>
      <td>
        <Sparkline
          values={item.recent_durations}
          label={`Durations of the last ${item.recent_durations.length} successful runs`}
        />
      </td>
    </tr>
  );
}

export function OverviewPage({ query }: { query: URLSearchParams }) {
  const page = Number(query.get('page') ?? '1') || 1;
  const state = query.get('state') ?? '';
  const type = query.get('type') ?? '';
  const search = query.get('search') ?? '';
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setSearchText(search), [search]);
  useEffect(() => {
    if (searchText === search) {
      return;
    }
    const timer = window.setTimeout(() => setQuery({ search: searchText, page: null }), 300);
    return () => window.clearTimeout(timer);
  }, [searchText]);

  const params = { page, page_size: PAGE_SIZE, state, pipeline_type_name: type, search };
  const overview = useApi(JSON.stringify(params), () =>
    getJson<Overview>('/dashboard/overview', params),
  );
  useAutoRefresh(overview.reload, 30_000);

  return (
    <section>
      <h1>Pipelines</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} role="search">
        <label>
          Search by name
          <input
            type="search"
            value={searchText}
            onInput={(e) => setSearchText(e.currentTarget.value)}
          />
        </label>
        <label>
          Type
          <select
            value={type}
            onChange={(e) => setQuery({ type: e.currentTarget.value, page: null })}
          >
            <option value="">All types</option>
            {(overview.data?.pipeline_types ?? (type ? [type] : [])).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select
            value={state}
            onChange={(e) => setQuery({ state: e.currentTarget.value, page: null })}
          >
            <option value="">All states</option>
            {PIPELINE_STATES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {overview.data ? (
        <ul class="counts" aria-label="Pipelines by state">
          {PIPELINE_STATES.map((s) => (
            <li key={s}>
              <button
                type="button"
                class={`count count-${STATE_TONE[s]}`}
                aria-pressed={state === s}
                onClick={() => setQuery({ state: state === s ? null : s, page: null })}
              >
                <span class="count-number">{num(overview.data?.counts[s] ?? 0)}</span> {label(s)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <Async state={overview}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>
              {state || type || search ? 'No pipeline matches these filters.' : 'No pipelines yet.'}
            </Empty>
          ) : (
            <>
              <div class="table-wrap">
                <table class="overview">
                  <thead>
                    <tr>
                      <th scope="col">Pipeline</th>
                      <th scope="col">Type</th>
                      <th scope="col">State</th>
                      <th scope="col">Last run</th>
                      <th scope="col">Last success</th>
                      <th scope="col">Freshness</th>
                      <th scope="col">Open anomalies</th>
                      <th scope="col">Recent durations</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((item) => (
                      <Row key={item.id} item={item} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={data.page}
                pageSize={data.page_size}
                total={data.total}
                onPage={(p) => setQuery({ page: p })}
              />
            </>
          )
        }
      </Async>
    </section>
  );
}
