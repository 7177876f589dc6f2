import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MIN_RETENTION_DAYS } from 'src/config/env.schema';

export const DEFAULT_CLEANUP_BATCH_SIZE = 10_000;
export const MAX_CLEANUP_BATCH_SIZE = 100_000;
export const MAX_RETENTION_DAYS = 36_500;

export class LogCleanupDto {
  @ApiProperty({
    type: 'integer',
    minimum: MIN_RETENTION_DAYS,
    maximum: MAX_RETENTION_DAYS,
    example: 90,
    description: 'Executions that started more than this many days ago are deleted',
  })
  @IsInt({ message: '$property must be an integer (days)' })
  @Min(MIN_RETENTION_DAYS, { message: `$property must be at least ${MIN_RETENTION_DAYS}` })
  @Max(MAX_RETENTION_DAYS, { message: `$property must not exceed ${MAX_RETENTION_DAYS}` })
  retention_days!: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_CLEANUP_BATCH_SIZE,
    default: DEFAULT_CLEANUP_BATCH_SIZE,
    example: 10000,
    description: 'Executions deleted per batch; each batch is its own short transaction',
  })
  @IsOptional()
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(MAX_CLEANUP_BATCH_SIZE, { message: `$property must not exceed ${MAX_CLEANUP_BATCH_SIZE}` })
  batch_size?: number;
}
