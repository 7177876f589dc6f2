import type { Core, NodeSingular } from 'cytoscape';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LineageGraph } from '../api';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * Cytoscape adds a <style> element (`position: relative` for its container) unless an element
 * with its id exists; the CSP forbids inline styles, so styles.css has that rule and this marker
 * tells Cytoscape not to inject it.
 */
function preventInlineStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (!document.getElementById(id)) {
    const marker = document.createElement('meta');
    marker.id = id;
    document.head.append(marker);
  }
}

/**
 * The graph laid out in layers (dagre, left to right: upstream → downstream); labels are canvas
 * text. Clicking (or Enter on the list below) a node calls onSelect to re-centre on it.
 */
export function LineageGraphView({
  graph,
  centreId,
  onSelect,
}: {
  graph: LineageGraph;
  centreId: number;
  onSelect: (id: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState<{
    nodes: number;
    edges: number;
    positions: string;
  } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;

  useEffect(() => {
    let cy: Core | null = null;
    let cancelled = false;
    setRendered(null);
    void Promise.all([import('cytoscape'), import('cytoscape-dagre')])
      .then(([{ default: cytoscape }, { default: dagre }]) => {
        if (cancelled || !box.current) {
          return;
        }
        cytoscape.use(dagre);
        preventInlineStylesheet();
        const fg = cssVar('--fg', '#111');
        const bg = cssVar('--bg', '#fff');
        const accent = cssVar('--accent', '#2563eb');
        const muted = cssVar('--fg-muted', '#666');
        cy = cytoscape({
          container: box.current,
          elements: [
            ...graph.nodes.map((node) => ({
              group: 'nodes' as const,
              data: {
                id: `a${node.id}`,
                address: node.id,
                label: node.name,
                centre: node.id === centreId ? 1 : 0,
              },
            })),
            ...graph.edges.map((edge, i) => ({
              group: 'edges' as const,
              data: {
                id: `e${i}`,
                source: `a${edge.source_address_id}`,
                target: `a${edge.target_address_id}`,
                label: edge.pipeline_name,
                active: edge.pipeline_active ? 1 : 0,
              },
            })),
          ],
          style: [
            {
              selector: 'node',
              style: {
                shape: 'round-rectangle',
                'background-color': bg,
                'border-width': 2,
                'border-color': muted,
                label: 'data(label)',
                color: fg,
                'font-size': 12,
                'text-valign': 'center',
                'text-halign': 'center',
                'text-wrap': 'ellipsis',
                'text-max-width': '200px',
                width: 220,
                height: 36,
              },
            },
            { selector: 'node[centre = 1]', style: { 'border-color': accent, 'border-width': 4 } },
            {
              selector: 'edge',
              style: {
                'curve-style': 'bezier',
                'target-arrow-shape': 'triangle',
                width: 1.5,
                'line-color': muted,
                'target-arrow-color': muted,
                label: 'data(label)',
                'font-size': 10,
                color: fg,
                'text-background-color': bg,
                'text-background-opacity': 1,
                'text-background-padding': '2px',
                'text-rotation': 'autorotate',
              },
            },
            { selector: 'edge[active = 0]', style: { 'line-style': 'dashed' } },
          ],
          layout: { name: 'dagre', rankDir: 'LR', nodeSep: 30, rankSep: 120, edgeSep: 20 } as never,
          minZoom: 0.1,
          maxZoom: 3,
        });
        cy.on('tap', 'node', (event) => {
          selectRef.current(Number((event.target as NodeSingular).data('address')));
        });
        const core = cy;
        // Where each node is drawn (CSS pixels in the container), kept current on pan and zoom:
        // what a click on the canvas hits.
        const measure = () =>
          setRendered({
            nodes: core.nodes().length,
            edges: core.edges().length,
            positions: JSON.stringify(
              Object.fromEntries(
                core.nodes().map((n) => {
                  const { x, y } = n.renderedPosition();
                  return [String(n.data('label')), [Math.round(x), Math.round(y)]];
                }),
              ),
            ),
          });
        core.on('viewport', measure);
        measure();
      })
      .catch((error: unknown) =>
        setFailure(error instanceof Error ? error.message : String(error)),
      );
    return () => {
      cancelled = true;
      cy?.destroy();
    };
  }, [graph, centreId]);

  return (
    <div class="lineage">
      {failure ? (
        <p class="error" role="alert">
          The graph could not be drawn: {failure}
        </p>
      ) : null}
      <div
        ref={box}
        class="lineage-canvas"
        role="img"
        aria-label={`Lineage graph: ${graph.nodes.length} addresses, ${graph.edges.length} pipeline edges`}
        data-rendered-nodes={rendered?.nodes ?? ''}
        data-rendered-edges={rendered?.edges ?? ''}
        data-node-positions={rendered?.positions ?? ''}
      />
    </div>
  );
}
