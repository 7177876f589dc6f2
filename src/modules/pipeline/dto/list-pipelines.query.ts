import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { NamePrefixPageQuery } from 'src/common/dto/name-prefix-page.query';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';

export class ListPipelinesQuery extends NamePrefixPageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: INT4_MAX, example: 1 })
  @IsOptional()
  @IsQueryInt({ min: 1, max: INT4_MAX })
  pipeline_type_id?: number;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}
