import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsIsoTimestamp } from 'src/common/validation/composite.decorators';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { ALERT_KINDS, ALERT_SEVERITIES } from 'src/modules/notification/entities/alert.entity';
import type { AlertKind, AlertSeverity } from 'src/modules/notification/notification.service';

export const DEFAULT_ALERT_LIMIT = 100;
export const MAX_ALERT_LIMIT = 1000;

const toLowerTrimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** Newest first; keyset paging: pass the last id of a page as `before_id` for the next one. */
export class ListAlertsQuery {
  @ApiPropertyOptional({ enum: ALERT_KINDS, enumName: 'AlertKind', example: 'anomaly' })
  @IsOptional()
  @Transform(toLowerTrimmed)
  @IsIn(ALERT_KINDS, { message: `$property must be one of ${ALERT_KINDS.join(', ')}` })
  kind?: AlertKind;

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'critical' })
  @IsOptional()
  @Transform(toLowerTrimmed)
  @IsIn(ALERT_SEVERITIES, { message: `$property must be one of ${ALERT_SEVERITIES.join(', ')}` })
  severity?: AlertSeverity;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(INT4_MAX, { message: '$property is beyond the supported id range' })
  pipeline_id?: number;

  @ApiPropertyOptional({
    type: String,
    example: '2024-01-01T00:00:00Z',
    description: 'Only alerts created at or after this ISO-8601 time (no offset means UTC)',
  })
  @IsOptional()
  @IsIsoTimestamp()
  since?: Date;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_ALERT_LIMIT,
    default: DEFAULT_ALERT_LIMIT,
    example: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1)
  @Max(MAX_ALERT_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ minimum: 1, example: 250, description: 'Only alerts with id < this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(Number.MAX_SAFE_INTEGER, { message: '$property is beyond the supported id range' })
  before_id?: number;
}
