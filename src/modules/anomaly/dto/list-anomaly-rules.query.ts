import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from 'src/common/dto/page.query';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { IsMetricField } from 'src/modules/anomaly/dto/anomaly-rule-field.decorators';
import { EXECUTION_METRICS, type ExecutionMetric } from 'src/modules/execution/execution.service';

export class ListAnomalyRulesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(INT4_MAX, { message: `$property must not exceed ${INT4_MAX}` })
  pipeline_id?: number;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ enum: EXECUTION_METRICS, enumName: 'AnomalyMetricField' })
  @IsOptional()
  @IsMetricField()
  metric_field?: ExecutionMetric;
}
