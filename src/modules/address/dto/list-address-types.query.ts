import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { NamePrefixPageQuery } from 'src/common/dto/name-prefix-page.query';

export class ListAddressTypesQuery extends NamePrefixPageQuery {
  @ApiPropertyOptional({ example: 'database', description: 'Exact group (case-insensitive)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(150)
  group_name?: string;
}
