import { ApiProperty } from '@nestjs/swagger';
import { LineageEdgeResponse } from 'src/modules/lineage/dto/lineage-edge.response';
import { LineageNodeResponse } from 'src/modules/lineage/dto/lineage-node.response';

export class LineageGraphResponse {
  @ApiProperty({
    type: [LineageNodeResponse],
    description: 'Each reachable address once, nearest the source first (the source has 0, 0)',
    example: [
      {
        id: 1,
        name: 'source_db.source_schema.source_table',
        address_type_name: 'postgres',
        address_type_group_name: 'database',
        address_metadata: null,
        upstream_distance: 0,
        downstream_distance: 0,
      },
      {
        id: 2,
        name: 'target_db.target_schema.target_table',
        address_type_name: 'postgres',
        address_type_group_name: 'database',
        address_metadata: null,
        upstream_distance: null,
        downstream_distance: 1,
      },
    ],
  })
  nodes!: LineageNodeResponse[];

  @ApiProperty({
    type: [LineageEdgeResponse],
    description: 'The edges followed between returned nodes, once per owning pipeline',
    example: [
      {
        source_address_id: 1,
        target_address_id: 2,
        pipeline_id: 1,
        pipeline_name: 'my data pipeline',
        pipeline_type_name: 'extraction',
        pipeline_active: true,
      },
    ],
  })
  edges!: LineageEdgeResponse[];

  @ApiProperty({
    example: false,
    description: 'True when max_nodes (or the time budget) cut the graph',
  })
  truncated!: boolean;
}
