import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { IdResponse } from 'src/common/dto/id.response';
import type { UpsertResult } from 'src/common/http/upsert-result';
import type { AddressTypeResponse } from 'src/modules/address/dto/address-type.response';
import type { CreateAddressTypeDto } from 'src/modules/address/dto/create-address-type.dto';
import type { ListAddressTypesQuery } from 'src/modules/address/dto/list-address-types.query';
import type { UpdateAddressTypeDto } from 'src/modules/address/dto/update-address-type.dto';
import type { AddressTypeEntity } from 'src/modules/address/entities/address-type.entity';
import {
  AddressTypeNameTakenError,
  AddressTypeNotFoundError,
  MissingAddressLookupKeyError,
} from 'src/modules/address/address.errors';
import { toAddressTypeResponse } from 'src/modules/address/address.mapper';
import {
  type AddressTypeKey,
  AddressTypeRepository,
  type AddressTypeValues,
} from 'src/modules/address/address-type.repository';

@Injectable()
export class AddressTypeService {
  constructor(private readonly repository: AddressTypeRepository) {}

  /** POST /address_type: get-or-create by name; a different group sent is applied. */
  @Transactional()
  async sync(dto: CreateAddressTypeDto): Promise<UpsertResult<IdResponse>> {
    const { id, created } = await this.repository.insertIfAbsent(dto.name, dto.group_name);
    if (!created) {
      await this.repository.updateGroupIfChanged(id, dto.group_name);
    }
    return { created, body: { id } };
  }

  /** Race-safe get-or-create by name; an existing type keeps its group (POST /address). */
  async getOrCreateId(name: string, groupName: string): Promise<number> {
    const { id } = await this.repository.insertIfAbsent(name, groupName);
    return id;
  }

  /** Set-based get-or-create of several types (first group per name wins for new ones). */
  async ensureAll(keys: AddressTypeKey[]): Promise<void> {
    const byName = new Map<string, AddressTypeKey>();
    for (const key of keys) {
      if (!byName.has(key.name)) {
        byName.set(key.name, key);
      }
    }
    await this.repository.insertMissing([...byName.values()]);
  }

  async list(query: ListAddressTypesQuery): Promise<AddressTypeResponse[]> {
    const rows = await this.repository.list(query);
    return rows.map(toAddressTypeResponse);
  }

  async getById(id: number): Promise<AddressTypeResponse> {
    const row = await this.repository.findById(id);
    if (!row) {
      throw new AddressTypeNotFoundError(id);
    }
    return toAddressTypeResponse(row);
  }

  /** Throws AddressTypeNotFoundError (404) unless the type exists. */
  async assertExists(id: number): Promise<void> {
    if (!(await this.repository.exists(id))) {
      throw new AddressTypeNotFoundError(id);
    }
  }

  @Transactional()
  async update(dto: UpdateAddressTypeDto): Promise<AddressTypeResponse> {
    const row = await this.findForUpdate(dto);
    const values: AddressTypeValues = {};
    if (dto.id !== undefined && dto.name !== undefined && dto.name !== row.name) {
      if (await this.repository.findByName(dto.name)) {
        throw new AddressTypeNameTakenError(dto.name);
      }
      values.name = dto.name;
    }
    if (dto.group_name !== undefined && dto.group_name !== row.group_name) {
      values.group_name = dto.group_name;
    }
    if (Object.keys(values).length > 0) {
      await this.repository.update(row.id, values);
    }
    const updated = (await this.repository.findById(row.id)) as AddressTypeEntity;
    return toAddressTypeResponse(updated);
  }

  private async findForUpdate(dto: UpdateAddressTypeDto): Promise<AddressTypeEntity> {
    if (dto.id === undefined && dto.name === undefined) {
      throw new MissingAddressLookupKeyError();
    }
    const row =
      dto.id !== undefined
        ? await this.repository.findById(dto.id)
        : await this.repository.findByName(dto.name as string);
    if (!row) {
      throw new AddressTypeNotFoundError(dto.id ?? (dto.name as string));
    }
    return row;
  }
}
