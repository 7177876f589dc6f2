import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray } from 'class-validator';
import { IsPositiveInt } from 'src/common/validation/field.decorators';
import { IsBigintId, IsMetricField } from 'src/modules/anomaly/dto/anomaly-rule-field.decorators';
import { EXECUTION_METRICS, type ExecutionMetric } from 'src/modules/execution/execution.service';

export class UnflagAnomalyDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsPositiveInt()
  pipeline_id!: number;

  @ApiProperty({ example: 1, minimum: 1, description: 'Must belong to pipeline_id' })
  @IsBigintId()
  pipeline_execution_id!: number;

  @ApiProperty({
    enum: EXECUTION_METRICS,
    enumName: 'AnomalyMetricField',
    isArray: true,
    example: ['total_rows', 'duration_seconds'],
    description: 'Metrics to unflag (case-insensitive); at least one must be flagged',
  })
  @IsArray({ message: '$property must be an array of metric names' })
  @ArrayNotEmpty({ message: '$property must name at least one metric' })
  @ArrayMaxSize(EXECUTION_METRICS.length * 4)
  @IsMetricField({ each: true })
  metric_field!: ExecutionMetric[];
}
