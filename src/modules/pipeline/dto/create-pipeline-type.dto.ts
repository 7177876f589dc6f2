import { ApiProperty } from '@nestjs/swagger';
import { IsEntityName } from 'src/common/validation/field.decorators';
import { MuteFieldsDto } from 'src/modules/pipeline/dto/threshold-fields.dto';

export class CreatePipelineTypeDto extends MuteFieldsDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'extraction',
    description: 'Trimmed and lower-cased',
  })
  @IsEntityName()
  name!: string;
}
