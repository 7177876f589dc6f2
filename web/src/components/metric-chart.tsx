import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricPoint } from '../api';
import { localTime, num } from '../format';

export type ChartMetric = 'total_rows' | 'duration_seconds' | 'throughput';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * One metric over time. Each flagged run is drawn as its anomaly band (the expected range,
 * lower to upper bound) with the run's point marked in the alarm colour; the figure's
 * data-flagged-drawn attribute counts the marks the last draw painted.
 */
export function MetricChart({
  metric,
  title,
  points,
}: {
  metric: ChartMetric;
  title: string;
  points: MetricPoint[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(0);
  const flagged = points.filter((p) => p.anomaly_flags?.[metric]);

  useEffect(() => {
    const element = box.current;
    if (!element || points.length === 0) {
      return;
    }
    const xs = points.map((p) => Date.parse(p.start_date) / 1000);
    const ys = points.map((p) => (p[metric] === null ? null : Number(p[metric])));
    const bands = points.map((p) =>
      p.anomaly_flags?.[metric] ? (p.anomalies?.[metric] ?? null) : null,
    );
    const line = cssVar('--chart-line', '#2563eb');
    const alarm = cssVar('--chart-alarm', '#dc2626');
    const band = cssVar('--chart-band', 'rgba(220,38,38,0.18)');
    const axis = cssVar('--fg-muted', '#666');
    const grid = cssVar('--grid', 'rgba(128,128,128,0.2)');

    const drawFlags = (u: uPlot) => {
      const ctx = u.ctx;
      let count = 0;
      ctx.save();
      for (let i = 0; i < points.length; i++) {
        if (!points[i].anomaly_flags?.[metric]) {
          continue;
        }
        const x = u.valToPos(xs[i], 'x', true);
        const b = bands[i];
        if (b) {
          const top = u.valToPos(b.upper_bound, 'y', true);
          const bottom = u.valToPos(b.lower_bound, 'y', true);
          ctx.fillStyle = band;
          ctx.fillRect(x - 6 * devicePixelRatio, top, 12 * devicePixelRatio, bottom - top);
          ctx.strokeStyle = alarm;
          ctx.lineWidth = devicePixelRatio;
          ctx.strokeRect(x - 6 * devicePixelRatio, top, 12 * devicePixelRatio, bottom - top);
        }
        const y = ys[i];
        if (y !== null) {
          ctx.beginPath();
          ctx.fillStyle = alarm;
          ctx.arc(x, u.valToPos(y, 'y', true), 5 * devicePixelRatio, 0, 2 * Math.PI);
          ctx.fill();
          count++;
        }
      }
      ctx.restore();
      setDrawn(count);
    };

    const boundValues = bands.flatMap((b) => (b ? [b.lower_bound, b.upper_bound] : []));
    const plot = new uPlot(
      {
        width: Math.max(300, element.clientWidth),
        height: 220,
        legend: { show: true },
        cursor: { drag: { x: true, y: false } },
        scales: {
          x: { time: true },
          y: {
            range: (_u, min, max) => {
              const lo = Math.min(min, ...boundValues);
              const hi = Math.max(max, ...boundValues);
              const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
              return [lo - pad, hi + pad];
            },
          },
        },
        axes: [
          { stroke: axis, grid: { stroke: grid } },
          {
            stroke: axis,
            grid: { stroke: grid },
            size: 70,
            values: (_u, splits) => splits.map((v) => num(v)),
          },
        ],
        series: [
          { value: (_u, v) => (v === null ? '—' : localTime(new Date(v * 1000).toISOString())) },
          {
            label: title,
            stroke: line,
            width: 1.5,
            points: { show: true, size: 4 },
            value: (_u, v) => (v === null ? '—' : num(v)),
          },
        ],
        hooks: { draw: [drawFlags] },
      },
      [xs, ys],
      element,
    );
    const observer = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(300, element.clientWidth), height: 220 });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [points, metric, title]);

  return (
    <figure
      class="chart"
      data-metric={metric}
      data-points={points.length}
      data-flagged={flagged.length}
      data-flagged-drawn={drawn}
    >
      <figcaption>{title}</figcaption>
      {points.length === 0 ? (
        <p class="empty">No successful runs in this window.</p>
      ) : (
        <div ref={box} class="chart-canvas" />
      )}
      {flagged.length > 0 ? (
        <ul class="flagged" aria-label={`Flagged ${title}`}>
          {flagged.map((p) => {
            const b = p.anomalies?.[metric];
            return (
              <li key={p.execution_id}>
                Run {p.execution_id}: {num(p[metric])}
                {b
                  ? ` (expected ${num(b.lower_bound)} – ${num(b.upper_bound)}, z = ${num(b.z_score)})`
                  : ''}
              </li>
            );
          })}
        </ul>
      ) : null}
    </figure>
  );
}
