import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptionalNotNull,
  IsPositiveInt,
  IsStrictBoolean,
} from 'src/common/validation/field.decorators';
import { RULE_DIRECTIONS, type RuleDirection } from 'src/modules/anomaly/anomaly-detection.util';
import {
  IsIntBetween,
  IsMetricField,
  IsNumberBetween,
  IsRuleDirection,
  RULE_LIMITS,
} from 'src/modules/anomaly/dto/anomaly-rule-field.decorators';
import { EXECUTION_METRICS, type ExecutionMetric } from 'src/modules/execution/execution.service';

const { zThreshold, lookbackDays, minimumExecutions, minChangePercent } = RULE_LIMITS;

/** Finds the rule by id; only the keys present change (none may be null). */
export class UpdateAnomalyRuleDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsPositiveInt()
  id!: number;

  @ApiPropertyOptional({ example: 1, minimum: 1, description: 'Moves the rule to this pipeline' })
  @IsOptionalNotNull()
  @IsPositiveInt()
  pipeline_id?: number;

  @ApiPropertyOptional({
    enum: EXECUTION_METRICS,
    enumName: 'AnomalyMetricField',
    example: 'updates',
  })
  @IsOptionalNotNull()
  @IsMetricField()
  metric_field?: ExecutionMetric;

  @ApiPropertyOptional({ minimum: zThreshold.min, maximum: zThreshold.max, example: 2.5 })
  @IsOptionalNotNull()
  @IsNumberBetween(zThreshold.min, zThreshold.max)
  z_threshold?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: lookbackDays.min,
    maximum: lookbackDays.max,
    example: 30,
  })
  @IsOptionalNotNull()
  @IsIntBetween(lookbackDays.min, lookbackDays.max)
  lookback_days?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: minimumExecutions.min,
    maximum: minimumExecutions.max,
    example: 20,
  })
  @IsOptionalNotNull()
  @IsIntBetween(minimumExecutions.min, minimumExecutions.max)
  minimum_executions?: number;

  @ApiPropertyOptional({ example: true })
  @IsOptionalNotNull()
  @IsStrictBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: RULE_DIRECTIONS, enumName: 'AnomalyRuleDirection', example: 'both' })
  @IsOptionalNotNull()
  @IsRuleDirection()
  direction?: RuleDirection;

  @ApiPropertyOptional({
    minimum: minChangePercent.min,
    maximum: minChangePercent.max,
    example: 0,
  })
  @IsOptionalNotNull()
  @IsNumberBetween(minChangePercent.min, minChangePercent.max)
  min_change_percent?: number;
}
