import { ApiProperty } from '@nestjs/swagger';

export class RunResponse {
  @ApiProperty({ type: 'integer', example: 1042 }) id!: number;
  @ApiProperty({ type: 'integer', nullable: true, example: null }) parent_id!: number | null;
  @ApiProperty({ example: '2024-01-01T10:00:00.000Z' }) start_date!: string;

  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:05:00.000Z' })
  end_date!: string | null;

  @ApiProperty({ type: Boolean, nullable: true, description: 'null: running', example: true })
  completed_successfully!: boolean | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 300 })
  duration_seconds!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 100 }) inserts!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 5 }) updates!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 0 }) soft_deletes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 105 }) total_rows!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.35 }) throughput!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    nullable: true,
    example: { total_rows: true },
  })
  anomaly_flags!: Record<string, boolean> | null;

  @ApiProperty({ type: String, nullable: true, example: '2024-01-02' })
  next_watermark!: string | null;
}

export class RunPageResponse {
  @ApiProperty({ type: [RunResponse] }) items!: RunResponse[];
  @ApiProperty({ type: 'integer', example: 120 }) total!: number;
  @ApiProperty({ type: 'integer', example: 1 }) page!: number;
  @ApiProperty({ type: 'integer', example: 50 }) page_size!: number;
}
