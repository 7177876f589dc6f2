import { ApiError, getJson, type SystemStatus } from '../api';
import { Async, Badge, Empty, useApi, useAutoRefresh } from '../components/ui';
import { duration, num } from '../format';

const TONE: Record<string, string> = { ok: 'good', up: 'good', degraded: 'warn', down: 'bad' };

interface Readiness {
  status: string;
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

/** /dashboard/system, or (an older server) readiness and version from /health/ready and /version. */
async function loadSystem(): Promise<SystemStatus | { fallback: Readiness; version: string }> {
  try {
    return await getJson<SystemStatus>('/dashboard/system');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) {
      throw error;
    }
  }
  const [ready, version] = await Promise.all([
    fetch('/health/ready', { headers: { Accept: 'application/json' } }).then(
      (r) => r.json() as Promise<Readiness>,
    ),
    getJson<{ version: string; commit?: string }>('/version'),
  ]);
  return { fallback: ready, version: version.version };
}

export function SystemPage() {
  const system = useApi('system', loadSystem);
  useAutoRefresh(system.reload, 15_000);
  return (
    <section>
      <h1>System</h1>
      <p>
        <button type="button" onClick={system.reload}>
          Refresh
        </button>
      </p>
      <Async state={system}>
        {(data) =>
          'fallback' in data ? (
            <dl class="settings">
              <dt>Readiness</dt>
              <dd>
                <Badge tone={TONE[data.fallback.status] ?? 'warn'}>{data.fallback.status}</Badge>
              </dd>
              <dt>Version</dt>
              <dd>{data.version}</dd>
            </dl>
          ) : (
            <>
              <dl class="settings system">
                <dt>Status</dt>
                <dd>
                  <Badge tone={TONE[data.status]}>{data.status}</Badge>
                </dd>
                <dt>Database</dt>
                <dd>
                  <Badge tone={TONE[data.database]}>{data.database}</Badge>
                </dd>
                <dt>Queue</dt>
                <dd>
                  <Badge tone={TONE[data.queue]}>{data.queue}</Badge>
                </dd>
                <dt>Version</dt>
                <dd>{data.version}</dd>
                <dt>Mode / role</dt>
                <dd>
                  {data.mode} / {data.role}
                </dd>
                <dt>Up for</dt>
                <dd>{duration(data.uptime_seconds)}</dd>
                <dt>Outbox</dt>
                <dd>
                  {num(data.outbox.pending)} pending, {num(data.outbox.parked)} parked,{' '}
                  {num(data.outbox.dead)} dead
                </dd>
              </dl>
              <h2>Queues</h2>
              {data.queues.length === 0 ? (
                <Empty>No queues.</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Queue</th>
                      <th scope="col">Waiting</th>
                      <th scope="col">Active</th>
                      <th scope="col">Delayed</th>
                      <th scope="col">Failed</th>
                      <th scope="col">In outbox</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.queues.map((q) => (
                      <tr key={q.name}>
                        <th scope="row">{q.name}</th>
                        <td class="num">{num(q.waiting)}</td>
                        <td class="num">{num(q.active)}</td>
                        <td class="num">{num(q.delayed)}</td>
                        <td class="num">{num(q.failed ?? null)}</td>
                        <td class="num">{num(q.outbox)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )
        }
      </Async>
    </section>
  );
}
