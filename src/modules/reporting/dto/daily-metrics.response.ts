import { ApiProperty } from '@nestjs/swagger';

export class DailyMetricsItemResponse {
  @ApiProperty({ description: 'UTC day the executions started', example: '2024-01-01' })
  date!: string;

  @ApiProperty({ type: 'integer', example: 1 }) pipeline_id!: number;
  @ApiProperty({ example: 'daily sales' }) pipeline_name!: string;
  @ApiProperty({ example: 'etl' }) pipeline_type_name!: string;

  @ApiProperty({ type: 'integer', description: 'Executions started that day', example: 24 })
  executions!: number;

  @ApiProperty({ type: 'integer', description: 'Of those, ended unsuccessfully', example: 1 })
  failed!: number;

  @ApiProperty({ description: 'failed / executions (0–1, 4 decimals)', example: 0.0417 })
  error_rate!: number;

  @ApiProperty({ type: 'integer', example: 2400 }) inserts!: number;
  @ApiProperty({ type: 'integer', example: 120 }) updates!: number;
  @ApiProperty({ type: 'integer', example: 0 }) soft_deletes!: number;
  @ApiProperty({ type: 'integer', example: 2520 }) total_rows!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean duration_seconds of the ended executions (2 decimals); null: none ended',
    example: 301.5,
  })
  average_duration_seconds!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Rows per second over the day: sum(total_rows) / sum(duration_seconds) of the ' +
      'successful executions with both set (2 decimals); null when there is none',
    example: 0.35,
  })
  throughput!: number | null;
}

export class DailyMetricsPageResponse {
  @ApiProperty({ type: [DailyMetricsItemResponse] }) items!: DailyMetricsItemResponse[];
  @ApiProperty({ type: 'integer', example: 300 }) total!: number;
  @ApiProperty({ type: 'integer', example: 1 }) page!: number;
  @ApiProperty({ type: 'integer', example: 50 }) page_size!: number;
}

export class RefreshResponse {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
}
