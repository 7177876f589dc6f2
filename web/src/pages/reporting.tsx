import { getJson, type DailyMetric, type Paged } from '../api';
import { Async, Empty, Pager, useApi } from '../components/ui';
import { duration, num, percent } from '../format';
import { Link, setQuery } from '../router';

const PAGE_SIZE = 50;

export function ReportingPage({ query }: { query: URLSearchParams }) {
  const page = Number(query.get('page') ?? '1') || 1;
  const name = query.get('pipeline_name') ?? '';
  const type = query.get('pipeline_type_name') ?? '';
  const days = query.get('days') ?? '30';
  const names = useApi('names', () => getJson<string[]>('/reporting/pipeline-names'));
  const types = useApi('types', () => getJson<string[]>('/reporting/pipeline-type-names'));
  const params = {
    page,
    page_size: PAGE_SIZE,
    pipeline_name: name,
    pipeline_type_name: type,
    days,
  };
  const report = useApi(JSON.stringify(params), () =>
    getJson<Paged<DailyMetric>>('/reporting/daily-pipeline-metrics', params),
  );
  return (
    <section>
      <h1>Daily pipeline metrics</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Pipeline
          <select
            value={name}
            onChange={(e) => setQuery({ pipeline_name: e.currentTarget.value, page: null })}
          >
            <option value="">All pipelines</option>
            {(names.data ?? (name ? [name] : [])).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select
            value={type}
            onChange={(e) => setQuery({ pipeline_type_name: e.currentTarget.value, page: null })}
          >
            <option value="">All types</option>
            {(types.data ?? (type ? [type] : [])).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Window
          <select
            value={days}
            onChange={(e) => setQuery({ days: e.currentTarget.value, page: null })}
          >
            {['1', '7', '30', '90', '365'].map((d) => (
              <option key={d} value={d}>
                last {d} {d === '1' ? 'day' : 'days'}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Async state={report}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No executions in this window.</Empty>
          ) : (
            <>
              <div class="table-wrap">
                <table class="reporting">
                  <thead>
                    <tr>
                      <th scope="col">Day (UTC)</th>
                      <th scope="col">Pipeline</th>
                      <th scope="col">Type</th>
                      <th scope="col">Runs</th>
                      <th scope="col">Failed</th>
                      <th scope="col">Error rate</th>
                      <th scope="col">Inserts</th>
                      <th scope="col">Updates</th>
                      <th scope="col">Soft deletes</th>
                      <th scope="col">Total rows</th>
                      <th scope="col">Avg duration</th>
                      <th scope="col">Throughput</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((row) => (
                      <tr key={`${row.date}:${row.pipeline_id}`}>
                        <td>{row.date}</td>
                        <th scope="row">
                          <Link to={`/pipelines/${row.pipeline_id}`}>{row.pipeline_name}</Link>
                        </th>
                        <td>{row.pipeline_type_name}</td>
                        <td class="num">{num(row.executions)}</td>
                        <td class="num">{num(row.failed)}</td>
                        <td class="num">{percent(row.error_rate)}</td>
                        <td class="num">{num(row.inserts)}</td>
                        <td class="num">{num(row.updates)}</td>
                        <td class="num">{num(row.soft_deletes)}</td>
                        <td class="num">{num(row.total_rows)}</td>
                        <td class="num">{duration(row.average_duration_seconds)}</td>
                        <td class="num">{num(row.throughput)}</td>
                      </tr>
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
