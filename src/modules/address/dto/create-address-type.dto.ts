import { ApiProperty } from '@nestjs/swagger';
import { IsAddressTypeName } from 'src/common/validation/address-field.decorators';

export class CreateAddressTypeDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'postgres',
    description: 'Trimmed and lower-cased',
  })
  @IsAddressTypeName()
  name!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 150,
    example: 'database',
    description: 'Trimmed and lower-cased; an existing type takes the group sent',
  })
  @IsAddressTypeName()
  group_name!: string;
}
