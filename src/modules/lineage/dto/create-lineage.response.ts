import { ApiProperty } from '@nestjs/swagger';

export class CreateLineageResponse {
  @ApiProperty({ example: 1 }) pipeline_id!: number;

  @ApiProperty({
    example: 1,
    description:
      'Edges the pipeline now has (distinct sources × distinct targets); 0 when not loading',
  })
  lineage_relationships_created!: number;

  @ApiProperty({ example: 'Lineage relationships created for pipeline 1' }) message!: string;
}
