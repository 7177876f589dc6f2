import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import {
  LINEAGE_DIRECTIONS,
  type LineageDirection,
} from 'src/modules/lineage/lineage-traversal.util';

export const DEFAULT_MAX_NODES = 5000;
export const MAX_MAX_NODES = 50_000;

/** Plain decimal digits become a number; anything else stays as sent and fails IsInt. */
const digits = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;

export class LineageGraphQuery {
  @ApiProperty({ example: 1, description: 'The address the graph is centred on' })
  @Transform(digits)
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1, { message: '$property must be a positive integer' })
  @Max(INT4_MAX)
  source_address_id!: number;

  @ApiPropertyOptional({
    enum: LINEAGE_DIRECTIONS,
    enumName: 'LineageDirection',
    default: 'both',
    description: 'upstream: what feeds the address; downstream: what it feeds; both',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsIn(LINEAGE_DIRECTIONS, {
    message: `$property must be one of ${LINEAGE_DIRECTIONS.join(', ')}`,
  })
  direction?: LineageDirection;

  @ApiPropertyOptional({ minimum: 0, example: 3, description: 'Levels to follow (default: all)' })
  @IsOptional()
  @Transform(digits)
  @IsInt({ message: '$property must be a non-negative integer' })
  @Min(0)
  @Max(INT4_MAX)
  depth?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_MAX_NODES,
    default: DEFAULT_MAX_NODES,
    description: 'Most nodes returned, nearest the source first; `truncated` says if any were cut',
  })
  @IsOptional()
  @Transform(digits)
  @IsInt({ message: '$property must be a positive integer' })
  @Min(1)
  @Max(MAX_MAX_NODES)
  max_nodes?: number;
}
