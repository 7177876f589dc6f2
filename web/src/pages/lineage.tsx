import { useEffect, useState } from 'preact/hooks';
import { getJson, type LineageGraph, type LineageNode } from '../api';
import { LineageGraphView } from '../components/lineage-graph';
import { Async, Empty, Loading, useApi } from '../components/ui';
import { navigate, setQuery } from '../router';

const DIRECTIONS = ['both', 'upstream', 'downstream'] as const;

function distance(node: LineageNode): string {
  const parts: string[] = [];
  if (node.upstream_distance !== null && node.upstream_distance > 0) {
    parts.push(`${node.upstream_distance} up`);
  }
  if (node.downstream_distance !== null && node.downstream_distance > 0) {
    parts.push(`${node.downstream_distance} down`);
  }
  return parts.join(', ') || 'centre';
}

function AddressSearch({ onPick }: { onPick: (id: number) => void }) {
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setTerm(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  const found = useApi(term ? term : null, () =>
    getJson<{ id: number; name: string }[]>('/lineage-graph/addresses', { name: term, limit: 20 }),
  );
  return (
    <div class="address-search">
      <label>
        Find an address
        <input
          type="search"
          value={text}
          placeholder="db.schema.table"
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      {term ? (
        found.loading && !found.data ? (
          <Loading what="Searching…" />
        ) : found.data && found.data.length === 0 ? (
          <Empty>No address matches.</Empty>
        ) : (
          <ul class="address-results">
            {(found.data ?? []).map((a) => (
              <li key={a.id}>
                <button type="button" class="link" onClick={() => onPick(a.id)}>
                  {a.name}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

export function LineagePage({ query }: { query: URLSearchParams }) {
  const address = Number(query.get('address') ?? '') || null;
  const direction = query.get('direction') ?? 'both';
  const depth = query.get('depth') ?? '';
  const params = { source_address_id: address, direction, depth, max_nodes: 500 };
  const graph = useApi(address ? JSON.stringify(params) : null, () =>
    getJson<LineageGraph>('/lineage-graph', params),
  );
  const pick = (id: number) => setQuery({ address: id });
  const centre = graph.data?.nodes.find((n) => n.id === address);

  return (
    <section>
      <h1>Lineage</h1>
      <div class="filters">
        <AddressSearch onPick={pick} />
        <label>
          Direction
          <select
            value={direction}
            onChange={(e) => setQuery({ direction: e.currentTarget.value })}
          >
            {DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Depth
          <select value={depth} onChange={(e) => setQuery({ depth: e.currentTarget.value })}>
            <option value="">unlimited</option>
            {[1, 2, 3, 5, 10].map((d) => (
              <option key={d} value={String(d)}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      {address === null ? (
        <Empty>Search for an address to see what feeds it and what it feeds.</Empty>
      ) : (
        <Async state={graph}>
          {(data) => (
            <>
              <h2>{centre ? centre.name : `Address ${address}`}</h2>
              {data.truncated ? (
                <p class="notice" role="status">
                  The graph was truncated at {data.nodes.length} addresses; lower the depth or pick
                  a narrower direction to see all of it.
                </p>
              ) : null}
              {data.nodes.length <= 1 && data.edges.length === 0 ? (
                <Empty>This address has no lineage in this direction.</Empty>
              ) : null}
              <LineageGraphView
                graph={data}
                centreId={address}
                onSelect={(id) =>
                  navigate(
                    `/lineage?${new URLSearchParams({ ...Object.fromEntries(query), address: String(id) }).toString()}`,
                  )
                }
              />
              <h2>Addresses</h2>
              <ul class="lineage-nodes">
                {data.nodes.map((node) => (
                  <li key={node.id}>
                    <button
                      type="button"
                      class="link"
                      onClick={() => pick(node.id)}
                      aria-current={node.id === address ? 'true' : undefined}
                    >
                      {node.name}
                    </button>{' '}
                    <span class="muted">
                      {node.address_type_name} · {distance(node)}
                    </span>
                  </li>
                ))}
              </ul>
              <h2>Pipelines</h2>
              <ul class="lineage-edges">
                {data.edges.map((edge, i) => (
                  <li key={i}>
                    {data.nodes.find((n) => n.id === edge.source_address_id)?.name ??
                      edge.source_address_id}{' '}
                    →{' '}
                    {data.nodes.find((n) => n.id === edge.target_address_id)?.name ??
                      edge.target_address_id}{' '}
                    <span class="muted">via {edge.pipeline_name}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Async>
      )}
    </section>
  );
}
