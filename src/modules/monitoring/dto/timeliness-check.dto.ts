import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_LOOKBACK_MINUTES = 60;
export const MIN_LOOKBACK_MINUTES = 5;
export const MAX_LOOKBACK_MINUTES = 525_600;

export class TimelinessCheckDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_LOOKBACK_MINUTES,
    maximum: MAX_LOOKBACK_MINUTES,
    default: DEFAULT_LOOKBACK_MINUTES,
    example: 60,
    description:
      'Executions that started this many minutes back (or are still running) are checked',
  })
  @IsOptional()
  @IsInt({ message: '$property must be an integer (minutes)' })
  @Min(MIN_LOOKBACK_MINUTES, { message: `$property must be at least ${MIN_LOOKBACK_MINUTES}` })
  @Max(MAX_LOOKBACK_MINUTES, { message: `$property must not exceed ${MAX_LOOKBACK_MINUTES}` })
  lookback_minutes?: number;
}
