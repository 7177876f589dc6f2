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
import { AddressTypeResponse } from 'src/modules/address/dto/address-type.response';
import { CreateAddressTypeDto } from 'src/modules/address/dto/create-address-type.dto';
import { ListAddressTypesQuery } from 'src/modules/address/dto/list-address-types.query';
import { UpdateAddressTypeDto } from 'src/modules/address/dto/update-address-type.dto';
import { AddressTypeService } from 'src/modules/address/address-type.service';

@ApiTags('Address Types')
@Controller('address_type')
export class AddressTypeController {
  constructor(private readonly addressTypeService: AddressTypeService) {}

  @Post()
  @UseInterceptors(UpsertStatusInterceptor)
  @ApiOperation({
    summary: 'Create an address type or get the existing one',
    description:
      'Get-or-create by name (trimmed, lower-cased). For an existing type, a different ' +
      '`group_name` is applied.',
  })
  @ApiCreatedResponse({ type: IdResponse, description: 'New address type was created' })
  @ApiOkResponse({ type: IdResponse, description: 'Existing address type was found' })
  @ApiErrors()
  sync(@Body() dto: CreateAddressTypeDto): Promise<UpsertResult<IdResponse>> {
    return this.addressTypeService.sync(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List address types (ordered by id)' })
  @ApiOkResponse({ type: [AddressTypeResponse] })
  @ApiErrors()
  list(@Query() query: ListAddressTypesQuery): Promise<AddressTypeResponse[]> {
    return this.addressTypeService.list(query);
  }

  @Get(':address_type_id')
  @ApiOperation({ summary: 'Get an address type by id' })
  @ApiParam({ name: 'address_type_id', type: Number })
  @ApiOkResponse({ type: AddressTypeResponse })
  @ApiErrors(404)
  getById(
    @Param('address_type_id', new IdParamPipe('address_type_id')) id: number,
  ): Promise<AddressTypeResponse> {
    return this.addressTypeService.getById(id);
  }

  @Patch()
  @ApiOperation({
    summary: 'Update an address type',
    description:
      'Finds it by `id` (a `name` alongside renames it) or by `name`; only keys sent change.',
  })
  @ApiOkResponse({ type: AddressTypeResponse })
  @ApiErrors(404, 409)
  update(@Body() dto: UpdateAddressTypeDto): Promise<AddressTypeResponse> {
    return this.addressTypeService.update(dto);
  }
}
