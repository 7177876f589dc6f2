import { getJson, type ExecutionTree } from '../api';
import { Async, Badge, Empty, Time, useApi } from '../components/ui';
import { duration, label, num } from '../format';
import { Link } from '../router';

function status(node: ExecutionTree): { tone: string; text: string } {
  if (node.end_date === null) {
    return { tone: 'info', text: 'running' };
  }
  return node.completed_successfully
    ? { tone: 'good', text: 'succeeded' }
    : { tone: 'bad', text: 'failed' };
}

function flags(node: ExecutionTree): string[] {
  return Object.entries(node.anomaly_flags ?? {})
    .filter(([, on]) => on)
    .map(([metric]) => label(metric));
}

function TreeNode({ node, currentId }: { node: ExecutionTree; currentId: number }) {
  const s = status(node);
  const flagged = flags(node);
  return (
    <li>
      <div class="tree-row">
        {node.id === currentId ? (
          <strong>#{node.id}</strong>
        ) : (
          <Link to={`/executions/${node.id}`}>#{node.id}</Link>
        )}{' '}
        <Badge tone={s.tone}>{s.text}</Badge> <Time value={node.start_date} />
        <span class="muted"> · {duration(node.duration_seconds)}</span>
        <span class="muted"> · {num(node.total_rows)} rows</span>
        {flagged.length ? <Badge tone="warn">{flagged.join(', ')}</Badge> : null}
      </div>
      {node.child_executions.length ? (
        <ul>
          {node.child_executions.map((child) => (
            <TreeNode key={child.id} node={child} currentId={currentId} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

interface Bar {
  node: ExecutionTree;
  depth: number;
}

function flatten(node: ExecutionTree, depth: number, out: Bar[]): Bar[] {
  out.push({ node, depth });
  for (const child of node.child_executions) {
    flatten(child, depth + 1, out);
  }
  return out;
}

/** A Gantt chart of the run and its descendants, each bar from its start to its end (or now). */
function Timeline({ root }: { root: ExecutionTree }) {
  const bars = flatten(root, 0, []);
  const now = Date.now();
  const start = Math.min(...bars.map((b) => Date.parse(b.node.start_date)));
  const end = Math.max(
    ...bars.map((b) => (b.node.end_date ? Date.parse(b.node.end_date) : now)),
    start + 1000,
  );
  const span = end - start;
  const rowHeight = 26;
  const labelWidth = 150;
  const width = 900;
  const chartWidth = width - labelWidth - 10;
  const height = bars.length * rowHeight + 24;
  const x = (t: number) => labelWidth + ((t - start) / span) * chartWidth;
  return (
    <svg
      class="gantt"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Timeline of run ${root.id} and its ${bars.length - 1} descendants`}
    >
      {bars.map(({ node, depth }, i) => {
        const s = status(node);
        const from = x(Date.parse(node.start_date));
        const to = x(node.end_date ? Date.parse(node.end_date) : now);
        const y = i * rowHeight + 4;
        return (
          <g key={node.id} class={`gantt-bar gantt-${s.tone}`}>
            <title>{`#${node.id} ${s.text}, ${duration(node.duration_seconds)}, from ${node.start_date} to ${node.end_date ?? 'now'}`}</title>
            <text x={4 + depth * 12} y={y + 15} class="gantt-label">
              #{node.id}
            </text>
            <rect x={from} y={y} width={Math.max(2, to - from)} height={rowHeight - 8} rx="3" />
          </g>
        );
      })}
      <text x={labelWidth} y={height - 4} class="gantt-axis">
        {new Date(start).toLocaleTimeString()}
      </text>
      <text x={width - 10} y={height - 4} class="gantt-axis" text-anchor="end">
        {new Date(end).toLocaleTimeString()} ({duration(span / 1000)})
      </text>
    </svg>
  );
}

export function ExecutionPage({ id }: { id: number }) {
  const tree = useApi(String(id), () => getJson<ExecutionTree>(`/pipeline_execution/${id}`));
  return (
    <Async state={tree}>
      {(root) => (
        <article>
          <p class="crumbs">
            <Link to="/">Pipelines</Link> ›{' '}
            <Link to={`/pipelines/${root.pipeline_id}`}>Pipeline {root.pipeline_id}</Link> ›
          </p>
          <h1>Run #{root.id}</h1>
          {root.parent_id ? (
            <p>
              Part of <Link to={`/executions/${root.parent_id}`}>run #{root.parent_id}</Link>.
            </p>
          ) : null}
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            {root.child_executions.length === 0 ? <Empty>This run has no child runs.</Empty> : null}
            <Timeline root={root} />
          </section>
          <section aria-labelledby="tree-heading">
            <h2 id="tree-heading">Run tree</h2>
            <ul class="tree">
              <TreeNode node={root} currentId={root.id} />
            </ul>
          </section>
          <section aria-labelledby="values-heading">
            <h2 id="values-heading">Values</h2>
            <dl class="settings">
              <dt>Inserts / updates / soft deletes</dt>
              <dd>
                {num(root.inserts)} / {num(root.updates)} / {num(root.soft_deletes)}
              </dd>
              <dt>Throughput</dt>
              <dd>{num(root.throughput)} rows/s</dd>
              <dt>Watermark</dt>
              <dd>
                <code>{root.watermark ?? '—'}</code> → <code>{root.next_watermark ?? '—'}</code>
              </dd>
              <dt>Ended</dt>
              <dd>
                <Time value={root.end_date} />
              </dd>
            </dl>
          </section>
        </article>
      )}
    </Async>
  );
}
