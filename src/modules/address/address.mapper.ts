import { toIsoOrNull } from 'src/common/util/iso-timestamp.util';
import type { AddressTypeResponse } from 'src/modules/address/dto/address-type.response';
import type { AddressResponse } from 'src/modules/address/dto/address.response';
import type { AddressTypeEntity } from 'src/modules/address/entities/address-type.entity';
import type { AddressEntity } from 'src/modules/address/entities/address.entity';

export function toAddressTypeResponse(entity: AddressTypeEntity): AddressTypeResponse {
  return {
    id: entity.id,
    name: entity.name,
    group_name: entity.group_name,
    created_at: toIsoOrNull(entity.created_at) as string,
    updated_at: toIsoOrNull(entity.updated_at),
  };
}

export function toAddressResponse(entity: AddressEntity): AddressResponse {
  return {
    id: entity.id,
    name: entity.name,
    address_type_id: entity.address_type_id,
    database_name: entity.database_name,
    schema_name: entity.schema_name,
    table_name: entity.table_name,
    primary_key: entity.primary_key,
    address_metadata: entity.address_metadata,
    created_at: toIsoOrNull(entity.created_at) as string,
    updated_at: toIsoOrNull(entity.updated_at),
  };
}
