import { ApiProperty } from '@nestjs/swagger';

export class FreshnessLogResponse {
  @ApiProperty({ type: 'integer', example: 12 })
  id!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  pipeline_id!: number;

  @ApiProperty({ example: 'daily sales' })
  pipeline_name!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2024-01-01T10:00:00.000Z',
    description: 'The latest of last_target_insert, last_target_update, last_target_soft_delete',
  })
  last_dml_timestamp!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2024-01-02T10:00:00.000Z',
    description: 'last_dml_timestamp + the threshold',
  })
  stale_since!: string;

  @ApiProperty({ format: 'date-time', example: '2024-01-02T11:00:00.000Z' })
  evaluation_timestamp!: string;

  @ApiProperty({ type: 'integer', example: 24 })
  freshness_number!: number;

  @ApiProperty({ example: 'hour' })
  freshness_datepart!: string;

  @ApiProperty({
    enum: ['pipeline', 'pipeline_type'],
    enumName: 'ThresholdSource',
    example: 'pipeline',
    description: "Whose threshold applied: the pipeline's own, or its type's",
  })
  threshold_source!: string;
}
