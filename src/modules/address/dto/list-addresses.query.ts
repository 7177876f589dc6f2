import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from 'src/common/dto/page.query';
import { INT4_MAX } from 'src/common/validation/field.decorators';

export class ListAddressesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  address_type_id?: number;

  @ApiPropertyOptional({
    example: 'source_db.',
    description: 'Name prefix (case-sensitive, like address names)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(150)
  name?: string;
}
