import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { ALERT_SEVERITIES } from 'src/modules/notification/entities/alert.entity';
import type { AlertSeverity } from 'src/modules/notification/notification.service';

/** The body of POST /alerts/test (optional: `{}` or no body at all sends an `info` alert). */
export class RaiseTestAlertDto {
  @ApiPropertyOptional({
    enum: ALERT_SEVERITIES,
    enumName: 'AlertSeverity',
    default: 'info',
    example: 'warning',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsIn(ALERT_SEVERITIES, { message: `$property must be one of ${ALERT_SEVERITIES.join(', ')}` })
  severity?: AlertSeverity;

  @ApiPropertyOptional({
    example: 1,
    description: 'A pipeline to mention (and link to, with WATCHER_PUBLIC_URL); 404 if unknown',
  })
  @IsOptional()
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(INT4_MAX, { message: '$property is beyond the supported id range' })
  pipeline_id?: number;
}
