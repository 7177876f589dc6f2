import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsPositiveInt, IsStrictBoolean } from 'src/common/validation/field.decorators';
import {
  IsIntBetween,
  IsMetricField,
  IsNumberBetween,
  IsRuleDirection,
  RULE_LIMITS,
} from 'src/modules/anomaly/dto/anomaly-rule-field.decorators';
import { RULE_DIRECTIONS, type RuleDirection } from 'src/modules/anomaly/anomaly-detection.util';
import { EXECUTION_METRICS, type ExecutionMetric } from 'src/modules/execution/execution.service';

const { zThreshold, lookbackDays, minimumExecutions, minChangePercent } = RULE_LIMITS;

/**
 * Get-or-create by (pipeline_id, metric_field). On create, omitted (or null) settings take their
 * defaults; on an existing rule, settings sent that differ are updated, omitted ones kept.
 */
export class CreateAnomalyRuleDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsPositiveInt()
  pipeline_id!: number;

  @ApiProperty({
    enum: EXECUTION_METRICS,
    enumName: 'AnomalyMetricField',
    example: 'total_rows',
    description: 'Case-insensitive; stored and returned lower-case',
  })
  @IsMetricField()
  metric_field!: ExecutionMetric;

  @ApiPropertyOptional({
    type: Number,
    minimum: zThreshold.min,
    maximum: zThreshold.max,
    default: zThreshold.default,
    example: 2,
    description: 'Band half-width in standard deviations',
  })
  @IsOptional()
  @IsNumberBetween(zThreshold.min, zThreshold.max)
  z_threshold?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: lookbackDays.min,
    maximum: lookbackDays.max,
    default: lookbackDays.default,
    example: 30,
    description: 'Days before the execution start that the baseline looks back',
  })
  @IsOptional()
  @IsIntBetween(lookbackDays.min, lookbackDays.max)
  lookback_days?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: minimumExecutions.min,
    maximum: minimumExecutions.max,
    default: minimumExecutions.default,
    example: 30,
    description: 'Fewer baseline values than this: the rule is learning and flags nothing',
  })
  @IsOptional()
  @IsIntBetween(minimumExecutions.min, minimumExecutions.max)
  minimum_executions?: number | null;

  @ApiPropertyOptional({ type: Boolean, default: true, example: true })
  @IsOptional()
  @IsStrictBoolean()
  active?: boolean | null;

  @ApiPropertyOptional({
    enum: RULE_DIRECTIONS,
    enumName: 'AnomalyRuleDirection',
    default: 'both',
    example: 'both',
    description: 'both: values above or below the band; spike: only above; drop: only below',
  })
  @IsOptional()
  @IsRuleDirection()
  direction?: RuleDirection | null;

  @ApiPropertyOptional({
    type: Number,
    minimum: minChangePercent.min,
    maximum: minChangePercent.max,
    default: minChangePercent.default,
    example: 0,
    description:
      'A value outside the band is an anomaly only if it also differs from the mean by at ' +
      'least this percentage of the mean',
  })
  @IsOptional()
  @IsNumberBetween(minChangePercent.min, minChangePercent.max)
  min_change_percent?: number | null;
}
