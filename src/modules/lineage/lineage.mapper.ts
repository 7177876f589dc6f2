import type { AddressNodeRow } from 'src/modules/address/address.service';
import type { LineageGraphResponse } from 'src/modules/lineage/dto/lineage-graph.response';
import type { Traversal } from 'src/modules/lineage/lineage-traversal.util';
import type { PipelineSummary } from 'src/modules/pipeline/pipeline.service';

/** Joins the traversal with the addresses' and pipelines' details (rows missing are skipped). */
export function toLineageGraphResponse(
  traversal: Traversal,
  addresses: AddressNodeRow[],
  pipelines: PipelineSummary[],
): LineageGraphResponse {
  const addressById = new Map(addresses.map((row) => [row.id, row]));
  const pipelineById = new Map(pipelines.map((row) => [row.id, row]));
  const nodes = traversal.nodes.flatMap((node) => {
    const address = addressById.get(node.id);
    return address
      ? [
          {
            id: node.id,
            name: address.name,
            address_type_name: address.address_type_name,
            address_type_group_name: address.address_type_group_name,
            address_metadata: address.address_metadata,
            upstream_distance: node.upstream_distance,
            downstream_distance: node.downstream_distance,
          },
        ]
      : [];
  });
  const edges = traversal.edges.flatMap((edge) => {
    const pipeline = pipelineById.get(edge.pipeline_id);
    return pipeline
      ? [
          {
            source_address_id: edge.source_address_id,
            target_address_id: edge.target_address_id,
            pipeline_id: edge.pipeline_id,
            pipeline_name: pipeline.name,
            pipeline_type_name: pipeline.pipeline_type_name,
            pipeline_active: pipeline.active,
          },
        ]
      : [];
  });
  return { nodes, edges, truncated: traversal.truncated };
}
