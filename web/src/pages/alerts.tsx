import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { ALERT_KINDS, ALERT_SEVERITIES, getJson, type Alert, type AlertDetail } from '../api';
import { Async, Badge, Empty, JsonText, Time, useApi } from '../components/ui';
import { Link, setQuery } from '../router';

const LIMIT = 50;

const SEVERITY_TONE: Record<string, string> = { info: 'info', warning: 'warn', critical: 'bad' };
const DELIVERY_TONE: Record<string, string> = {
  recorded: 'quiet',
  pending: 'info',
  delivered: 'good',
  failed: 'bad',
};

export function DeliveryBadge({ status }: { status: Alert['delivery_status'] }) {
  if (!status) {
    return <span class="muted">—</span>;
  }
  return (
    <Badge tone={DELIVERY_TONE[status] ?? 'quiet'}>
      {status === 'recorded' ? 'recorded (no channel)' : status}
    </Badge>
  );
}

function Deliveries({ id }: { id: number }) {
  const detail = useApi(String(id), () => getJson<AlertDetail>(`/alerts/${id}`));
  return (
    <Async state={detail}>
      {(data) => (
        <div class="alert-detail">
          <p>{data.summary}</p>
          {data.deliveries.length === 0 ? (
            <Empty>No notification channel is configured: the alert is recorded only.</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Status</th>
                  <th scope="col">HTTP</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {data.deliveries.map((d) => (
                  <tr key={d.channel}>
                    <th scope="row">{d.channel}</th>
                    <td>{d.status}</td>
                    <td>{d.response_status ?? '—'}</td>
                    <td>
                      <Time value={d.sent_at} />
                    </td>
                    <td>{d.last_error ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <JsonText value={data.details} />
        </div>
      )}
    </Async>
  );
}

export function AlertsPage({ query }: { query: URLSearchParams }) {
  const kind = query.get('kind') ?? '';
  const severity = query.get('severity') ?? '';
  const pipeline = query.get('pipeline_id') ?? '';
  const before = query.get('before_id') ?? '';
  const params = { kind, severity, pipeline_id: pipeline, before_id: before, limit: LIMIT };
  const alerts = useApi(JSON.stringify(params), () => getJson<Alert[]>('/alerts', params));
  const [open, setOpen] = useState<number | null>(null);
  const [pipelineText, setPipelineText] = useState(pipeline);

  return (
    <section>
      <h1>Alerts</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ pipeline_id: pipelineText.trim(), before_id: null });
        }}
      >
        <label>
          Kind
          <select
            value={kind}
            onChange={(e) => setQuery({ kind: e.currentTarget.value, before_id: null })}
          >
            <option value="">All kinds</option>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select
            value={severity}
            onChange={(e) => setQuery({ severity: e.currentTarget.value, before_id: null })}
          >
            <option value="">All severities</option>
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Pipeline id
          <input
            inputMode="numeric"
            pattern="[0-9]*"
            size={8}
            value={pipelineText}
            onInput={(e) => setPipelineText(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Async state={alerts}>
        {(items) =>
          items.length === 0 ? (
            <Empty>
              {kind || severity || pipeline
                ? 'No alert matches these filters.'
                : 'No alerts. All quiet.'}
            </Empty>
          ) : (
            <>
              <div class="table-wrap">
                <table class="alerts">
                  <thead>
                    <tr>
                      <th scope="col">Raised</th>
                      <th scope="col">Severity</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Alert</th>
                      <th scope="col">Pipeline</th>
                      <th scope="col">Delivery</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((alert) => (
                      <Fragment key={alert.id}>
                        <tr data-alert-id={alert.id}>
                          <td>
                            <Time value={alert.created_at} />
                          </td>
                          <td>
                            <Badge tone={SEVERITY_TONE[alert.severity] ?? 'quiet'}>
                              {alert.severity}
                            </Badge>
                          </td>
                          <td>{alert.kind}</td>
                          <th scope="row">
                            <button
                              type="button"
                              class="link"
                              aria-expanded={open === alert.id}
                              onClick={() => setOpen(open === alert.id ? null : alert.id)}
                            >
                              {alert.title}
                            </button>
                          </th>
                          <td>
                            {alert.pipeline_id ? (
                              <Link to={`/pipelines/${alert.pipeline_id}`}>
                                #{alert.pipeline_id}
                              </Link>
                            ) : (
                              '—'
                            )}
                          </td>
                          <td class="delivery">
                            <DeliveryBadge status={alert.delivery_status} />
                          </td>
                        </tr>
                        {open === alert.id ? (
                          <tr>
                            <td colSpan={6}>
                              <Deliveries id={alert.id} />
                            </td>
                          </tr>
                        ) : null}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav class="pager" aria-label="Pages">
                {before ? (
                  <button type="button" onClick={() => setQuery({ before_id: null })}>
                    Newest
                  </button>
                ) : null}
                <button
                  type="button"
                  disabled={items.length < LIMIT}
                  onClick={() => setQuery({ before_id: items[items.length - 1].id })}
                >
                  Older
                </button>
              </nav>
            </>
          )
        }
      </Async>
    </section>
  );
}
