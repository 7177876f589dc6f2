import { Module } from '@nestjs/common';
import { AddressTypeController } from 'src/modules/address/address-type.controller';
import { AddressTypeRepository } from 'src/modules/address/address-type.repository';
import { AddressTypeService } from 'src/modules/address/address-type.service';
import { AddressController } from 'src/modules/address/address.controller';
import { AddressRepository } from 'src/modules/address/address.repository';
import { AddressService } from 'src/modules/address/address.service';

@Module({
  controllers: [AddressController, AddressTypeController],
  providers: [AddressService, AddressRepository, AddressTypeService, AddressTypeRepository],
  exports: [AddressService],
})
export class AddressModule {}
