import { Body, Controller, Get, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { IdResponse } from 'src/common/dto/id.response';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { IdParamPipe } from 'src/common/http/id-param.pipe';
import type { UpsertResult } from 'src/common/http/upsert-result';
import { UpsertStatusInterceptor } from 'src/common/http/upsert-status.interceptor';
import { AddressResponse } from 'src/modules/address/dto/address.response';
import { CreateAddressDto } from 'src/modules/address/dto/create-address.dto';
import { ListAddressesQuery } from 'src/modules/address/dto/list-addresses.query';
import { UpdateAddressDto } from 'src/modules/address/dto/update-address.dto';
import { AddressService } from 'src/modules/address/address.service';

@ApiTags('Address Management')
@Controller('address')
export class AddressController {
  constructor(private readonly addressService: AddressService) {}

  @Post()
  @UseInterceptors(UpsertStatusInterceptor)
  @ApiOperation({
    summary: 'Create an address or get the existing one (and sync its fields)',
    description:
      'Get-or-create by name (trimmed, case kept); the address type is get-or-created by ' +
      '`address_type_name` (an existing type keeps its group). On an existing address, fields ' +
      'sent that differ are updated, omitted ones kept. With the group `database`, a name ' +
      '`db.schema.table` fills database_name, schema_name and table_name when not sent.',
  })
  @ApiCreatedResponse({ type: IdResponse, description: 'New address was created' })
  @ApiOkResponse({ type: IdResponse, description: 'Existing address was found' })
  @ApiErrors()
  sync(@Body() dto: CreateAddressDto): Promise<UpsertResult<IdResponse>> {
    return this.addressService.sync(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List addresses (ordered by id)' })
  @ApiOkResponse({ type: [AddressResponse] })
  @ApiErrors()
  list(@Query() query: ListAddressesQuery): Promise<AddressResponse[]> {
    return this.addressService.list(query);
  }

  @Get(':address_id')
  @ApiOperation({ summary: 'Get an address by id' })
  @ApiParam({ name: 'address_id', type: Number })
  @ApiOkResponse({ type: AddressResponse })
  @ApiErrors(404)
  getById(
    @Param('address_id', new IdParamPipe('address_id')) id: number,
  ): Promise<AddressResponse> {
    return this.addressService.getById(id);
  }

  @Patch()
  @ApiOperation({
    summary: 'Update an address',
    description:
      'Finds it by `id` (a `name` alongside renames it) or by `name`; only keys sent change ' +
      '(null clears an optional field). An unknown `address_type_id` is a 404.',
  })
  @ApiOkResponse({ type: AddressResponse })
  @ApiErrors(404, 409)
  update(@Body() dto: UpdateAddressDto): Promise<AddressResponse> {
    return this.addressService.update(dto);
  }
}
