import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import { LineageAddressDto } from 'src/modules/lineage/dto/lineage-address.dto';

export const MAX_LINEAGE_ADDRESSES = 1000;
/**
 * Most edges one write may make (distinct sources × distinct targets). 1,000 × 1,000 = 1M edges
 * took 23 s on PostgreSQL and 38 s in PGlite, holding the single embedded session all along.
 */
export const MAX_LINEAGE_EDGES = 100_000;

const EXAMPLE_SOURCE = {
  name: 'source_db.source_schema.source_table',
  address_type_name: 'postgres',
  address_type_group_name: 'database',
};
const EXAMPLE_TARGET = {
  name: 'target_db.target_schema.target_table',
  address_type_name: 'postgres',
  address_type_group_name: 'database',
};

function AddressList(): PropertyDecorator {
  return applyDecorators(
    IsArray({ message: '$property must be an array of addresses' }),
    ArrayMinSize(1, { message: '$property must list at least one address' }),
    ArrayMaxSize(MAX_LINEAGE_ADDRESSES, {
      message: `$property must list at most ${MAX_LINEAGE_ADDRESSES} addresses`,
    }),
    IsObject({ each: true, message: 'each item of $property must be an object' }),
    ValidateNested({ each: true }),
    Type(() => LineageAddressDto),
  );
}

/** POST /address_lineage: the pipeline's edges become sources × targets. */
export class CreateLineageDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  pipeline_id!: number;

  @ApiProperty({
    type: [LineageAddressDto],
    minItems: 1,
    maxItems: MAX_LINEAGE_ADDRESSES,
    example: [EXAMPLE_SOURCE],
  })
  @AddressList()
  source_addresses!: LineageAddressDto[];

  @ApiProperty({
    type: [LineageAddressDto],
    minItems: 1,
    maxItems: MAX_LINEAGE_ADDRESSES,
    example: [EXAMPLE_TARGET],
  })
  @AddressList()
  target_addresses!: LineageAddressDto[];
}
