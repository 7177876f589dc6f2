import { ApiProperty } from '@nestjs/swagger';
import type { AnomalyDirection } from 'src/modules/anomaly/anomaly-detection.util';
import { EXECUTION_METRICS } from 'src/modules/execution/execution.service';

/** One anomaly: a metric value outside its rule's band, with the baseline it was judged by. */
export class AnomalyResultResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 11 }) pipeline_execution_id!: number;
  @ApiProperty({ example: 1 }) anomaly_detection_rule_id!: number;
  @ApiProperty({ enum: EXECUTION_METRICS, enumName: 'AnomalyMetricField', example: 'total_rows' })
  metric_field!: string;
  @ApiProperty({ example: 100000 }) value!: number;
  @ApiProperty({ example: 105, description: 'Baseline mean' }) mean!: number;
  @ApiProperty({ example: 5.2705, description: 'Baseline sample standard deviation' })
  stddev!: number;
  @ApiProperty({ example: 18953.5, description: 'Signed: (value - mean) / stddev' })
  z_score!: number;
  @ApiProperty({ example: 94.459, description: 'max(0, mean - z_threshold * stddev)' })
  lower_bound!: number;
  @ApiProperty({ example: 115.541, description: 'mean + z_threshold * stddev' })
  upper_bound!: number;
  @ApiProperty({ example: 10, description: 'Number of baseline values' }) baseline_size!: number;
  @ApiProperty({
    enum: ['spike', 'drop'],
    enumName: 'AnomalyDirection',
    example: 'spike',
    description: 'spike: above the band; drop: below it',
  })
  direction!: AnomalyDirection;
  @ApiProperty({ example: 2, description: "The rule's z_threshold at detection" })
  z_threshold!: number;
  @ApiProperty({ example: '2024-01-11T10:05:00.120Z' }) created_at!: string;
}
