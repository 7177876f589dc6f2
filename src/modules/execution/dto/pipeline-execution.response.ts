import { ApiProperty } from '@nestjs/swagger';

const INT64 = { type: 'integer', format: 'int64' } as const;

/** One execution, as listed; GET /pipeline_execution/{id} adds child_executions. */
export class PipelineExecutionResponse {
  @ApiProperty({ ...INT64, example: 1 }) id!: number | bigint;
  @ApiProperty({ ...INT64, nullable: true, example: null }) parent_id!: number | bigint | null;
  @ApiProperty({ example: 1 }) pipeline_id!: number;
  @ApiProperty({ format: 'date-time', example: '2024-01-01T10:00:00.000Z' }) start_date!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2024-01-01T10:05:00.000Z',
  })
  end_date!: string | null;
  @ApiProperty({ ...INT64, nullable: true, example: 300 })
  duration_seconds!: number | bigint | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    example: true,
    description: 'null while running',
  })
  completed_successfully!: boolean | null;
  @ApiProperty({ ...INT64, nullable: true, example: 800 }) inserts!: number | bigint | null;
  @ApiProperty({ ...INT64, nullable: true, example: 200 }) updates!: number | bigint | null;
  @ApiProperty({ ...INT64, nullable: true, example: 0 }) soft_deletes!: number | bigint | null;
  @ApiProperty({ ...INT64, nullable: true, example: 1000 }) total_rows!: number | bigint | null;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T00:00:00Z' })
  watermark!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T23:59:59Z' })
  next_watermark!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { partition: '2025-01-05' },
  })
  execution_metadata!: Record<string, unknown> | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    nullable: true,
    example: { total_rows: true, duration_seconds: false },
  })
  anomaly_flags!: Record<string, boolean> | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3.3333,
    description: 'Rows per second (total_rows / duration_seconds), 4 decimals',
  })
  throughput!: number | null;
}
