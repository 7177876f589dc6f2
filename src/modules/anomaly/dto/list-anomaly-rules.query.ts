import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from 'src/common/dto/page.query';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';
import { IsMetricField } from 'src/modules/anomaly/dto/anomaly-rule-field.decorators';
import { EXECUTION_METRICS, type ExecutionMetric } from 'src/modules/execution/execution.service';

export class ListAnomalyRulesQuery extends PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: INT4_MAX, example: 1 })
  @IsOptional()
  @IsQueryInt({ min: 1, max: INT4_MAX })
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
