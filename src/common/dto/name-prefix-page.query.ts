import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from 'src/common/dto/page.query';

/** Paging plus a case-insensitive name prefix, for lists of named resources. */
export class NamePrefixPageQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Name prefix (case-insensitive)', example: 'daily' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(150)
  name?: string;
}
