import { ApiProperty } from '@nestjs/swagger';
import { RULE_DIRECTIONS, type RuleDirection } from 'src/modules/anomaly/anomaly-detection.util';
import { EXECUTION_METRICS } from 'src/modules/execution/execution.service';

export class AnomalyRuleResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 1 }) pipeline_id!: number;
  @ApiProperty({ enum: EXECUTION_METRICS, enumName: 'AnomalyMetricField', example: 'total_rows' })
  metric_field!: string;
  @ApiProperty({ example: 2 }) z_threshold!: number;
  @ApiProperty({ example: 30 }) lookback_days!: number;
  @ApiProperty({ example: 30 }) minimum_executions!: number;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ enum: RULE_DIRECTIONS, enumName: 'AnomalyRuleDirection', example: 'both' })
  direction!: RuleDirection;
  @ApiProperty({ example: 0 }) min_change_percent!: number;
  @ApiProperty({ example: '2024-01-01T10:00:00.000Z' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true, example: '2024-01-01T10:05:00.000Z' })
  updated_at!: string | null;
}
