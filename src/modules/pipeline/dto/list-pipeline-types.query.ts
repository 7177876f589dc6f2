import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { PageQuery } from 'src/common/dto/page.query';

export class ListPipelineTypesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Name prefix (case-insensitive)', example: 'extr' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @MaxLength(150)
  name?: string;
}
