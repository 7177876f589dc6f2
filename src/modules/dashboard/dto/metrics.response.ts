import { ApiProperty } from '@nestjs/swagger';

export class AnomalyBandResponse {
  @ApiProperty({ example: 12 }) value!: number;
  @ApiProperty({ example: 10000 }) mean!: number;
  @ApiProperty({ example: 200 }) stddev!: number;
  @ApiProperty({ example: -49.9 }) z_score!: number;
  @ApiProperty({ example: 9400 }) lower_bound!: number;
  @ApiProperty({ example: 10600 }) upper_bound!: number;
}

export class MetricPointResponse {
  @ApiProperty({ type: 'integer', example: 1042 }) execution_id!: number;
  @ApiProperty({ example: '2024-01-01T10:00:00.000Z' }) start_date!: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 10000 }) total_rows!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 300 })
  duration_seconds!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 33.33 }) throughput!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    description: 'Only the flags set (true)',
    example: { total_rows: true },
  })
  anomaly_flags!: Record<string, boolean>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/AnomalyBandResponse' },
    description: 'The detection result (band) of each flagged metric',
    example: {
      total_rows: {
        value: 12,
        mean: 10000,
        stddev: 200,
        z_score: -49.94,
        lower_bound: 9400,
        upper_bound: 10600,
      },
    },
  })
  anomalies!: Record<string, AnomalyBandResponse>;
}

export class MetricsResponse {
  @ApiProperty({
    type: [MetricPointResponse],
    description: 'Successful ended runs that started in the window, oldest first (max 5,000)',
  })
  points!: MetricPointResponse[];
}
