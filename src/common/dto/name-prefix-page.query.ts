import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from 'src/common/dto/page.query';
import { NAME_MAX_LENGTH, NAME_WITHOUT_CONTROLS } from 'src/common/validation/field.decorators';

/** Paging plus a case-insensitive name prefix, for lists of named resources. */
export class NamePrefixPageQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Name prefix (case-insensitive)', example: 'daily' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString({ message: '$property must be a single string' })
  @MaxLength(NAME_MAX_LENGTH)
  @Matches(NAME_WITHOUT_CONTROLS, {
    message: '$property must not contain NUL or other control characters',
  })
  name?: string;
}
