import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { IdResponse } from 'src/common/dto/id.response';
import type { UpsertResult } from 'src/common/http/upsert-result';
import type { AddressResponse } from 'src/modules/address/dto/address.response';
import type { CreateAddressDto } from 'src/modules/address/dto/create-address.dto';
import type { ListAddressesQuery } from 'src/modules/address/dto/list-addresses.query';
import type { UpdateAddressDto } from 'src/modules/address/dto/update-address.dto';
import type { AddressEntity } from 'src/modules/address/entities/address.entity';
import { type AddressNameParts, fillNameParts } from 'src/modules/address/address-name.util';
import {
  AddressNameTakenError,
  AddressNotFoundError,
  AddressRenamedConcurrentlyError,
  MissingAddressLookupKeyError,
} from 'src/modules/address/address.errors';
import { toAddressResponse } from 'src/modules/address/address.mapper';
import {
  type AddressFields,
  type AddressName,
  type AddressNameFill,
  type AddressNodeRow,
  AddressRepository,
  type AddressValues,
  type NewAddressRow,
} from 'src/modules/address/address.repository';
import { AddressTypeService } from 'src/modules/address/address-type.service';

export type { AddressName, AddressNodeRow } from 'src/modules/address/address.repository';

/** An address as clients send it (POST /address, items of POST /address_lineage). */
export interface AddressInput {
  name: string;
  address_type_name: string;
  address_type_group_name: string;
  database_name?: string | null;
  schema_name?: string | null;
  table_name?: string | null;
  primary_key?: string | null;
  address_metadata?: Record<string, unknown> | null;
}

const SENT_KEYS = [
  'database_name',
  'schema_name',
  'table_name',
  'primary_key',
  'address_metadata',
] as const;

const PATCHABLE_KEYS = [
  'address_type_id',
  'database_name',
  'schema_name',
  'table_name',
  'primary_key',
  'address_metadata',
] as const;

@Injectable()
export class AddressService {
  constructor(
    private readonly repository: AddressRepository,
    private readonly addressTypeService: AddressTypeService,
  ) {}

  /**
   * POST /address: get-or-create by name (race-safe), the type get-or-created in the same
   * transaction. On an existing address, the fields sent that differ are written (an identical
   * re-send writes nothing); omitted fields keep their values.
   */
  @Transactional()
  async sync(dto: CreateAddressDto): Promise<UpsertResult<IdResponse>> {
    const typeId = await this.addressTypeService.getOrCreateId(
      dto.address_type_name,
      dto.address_type_group_name,
    );
    const fields = sentFields(dto, typeId);
    const id = await this.repository.insertIfAbsent(dto.name, fields);
    if (id !== null) {
      return { created: true, body: { id } };
    }
    const existingId = await this.repository.findIdByName(dto.name);
    if (existingId === null) {
      throw new AddressRenamedConcurrentlyError([dto.name]);
    }
    await this.repository.updateIfChanged(existingId, fields);
    return { created: false, body: { id: existingId } };
  }

  /**
   * Get-or-create of many addresses and their types with one statement per kind of row (used by
   * POST /address_lineage, inside its transaction). Existing addresses are not changed. Returns
   * the id of every name; for a name sent twice, the first occurrence is the one created.
   */
  @Transactional()
  async ensureAll(inputs: AddressInput[]): Promise<Map<string, number>> {
    const distinct = new Map<string, AddressInput>();
    for (const input of inputs) {
      if (!distinct.has(input.name)) {
        distinct.set(input.name, input);
      }
    }
    const rows = [...distinct.values()];
    await this.addressTypeService.ensureAll(
      rows.map((row) => ({ name: row.address_type_name, groupName: row.address_type_group_name })),
    );
    await this.repository.insertMissing(rows.map(toNewAddressRow));
    const found = await this.repository.findIdsByNames([...distinct.keys()]);
    const ids = new Map(found.map((row) => [row.name, row.id]));
    const missing = [...distinct.keys()].filter((name) => !ids.has(name));
    if (missing.length > 0) {
      throw new AddressRenamedConcurrentlyError(missing);
    }
    return ids;
  }

  async list(query: ListAddressesQuery): Promise<AddressResponse[]> {
    const rows = await this.repository.list(query);
    return rows.map(toAddressResponse);
  }

  async getById(id: number): Promise<AddressResponse> {
    const row = await this.repository.findById(id);
    if (!row) {
      throw new AddressNotFoundError(id);
    }
    return toAddressResponse(row);
  }

  /** The given addresses as lineage-graph nodes, with their type (missing ids are skipped). */
  findNodes(ids: number[]): Promise<AddressNodeRow[]> {
    return this.repository.findNodes(ids);
  }

  /** `{id, name}` ordered by name, optionally by a case-insensitive substring (pickers). */
  searchNames(substring: string | undefined, limit: number): Promise<AddressName[]> {
    return this.repository.searchNames(substring, limit);
  }

  @Transactional()
  async update(dto: UpdateAddressDto): Promise<AddressResponse> {
    const row = await this.lockForUpdate(dto);
    const values = pickPatch(dto);
    if (dto.id !== undefined && dto.name !== undefined && dto.name !== row.name) {
      if (await this.repository.findByName(dto.name)) {
        throw new AddressNameTakenError(dto.name);
      }
      values.name = dto.name;
    }
    if (values.address_type_id !== undefined) {
      await this.addressTypeService.assertExists(values.address_type_id);
    }
    if (Object.keys(values).length > 0) {
      await this.repository.update(row.id, values);
    }
    const updated = (await this.repository.findById(row.id)) as AddressEntity;
    return toAddressResponse(updated);
  }

  private async lockForUpdate(dto: UpdateAddressDto): Promise<AddressEntity> {
    if (dto.id === undefined && dto.name === undefined) {
      throw new MissingAddressLookupKeyError();
    }
    const row =
      dto.id !== undefined
        ? await this.repository.lockById(dto.id)
        : await this.repository.lockByName(dto.name as string);
    if (!row) {
      throw new AddressNotFoundError(dto.id ?? (dto.name as string));
    }
    return row;
  }
}

/** The fields a POST sent (null counts as not sent), and the parts of a three-part name. */
function sentFields(input: AddressInput, typeId: number): AddressFields {
  const fields: AddressFields = {
    address_type_id: typeId,
    derived: definedParts(fillNameParts(input.name, input.address_type_group_name, {})),
  };
  for (const key of SENT_KEYS) {
    const value = input[key];
    if (value !== undefined && value !== null) {
      (fields as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return fields;
}

function definedParts(parts: AddressNameParts): AddressNameFill {
  const fill: AddressNameFill = {};
  for (const key of ['database_name', 'schema_name', 'table_name'] as const) {
    const part = parts[key];
    if (typeof part === 'string') {
      fill[key] = part;
    }
  }
  return fill;
}

function toNewAddressRow(input: AddressInput): NewAddressRow {
  const parts = fillNameParts(input.name, input.address_type_group_name, input);
  return {
    name: input.name,
    typeName: input.address_type_name,
    database_name: parts.database_name ?? null,
    schema_name: parts.schema_name ?? null,
    table_name: parts.table_name ?? null,
    primary_key: input.primary_key ?? null,
    address_metadata: input.address_metadata ?? null,
  };
}

function pickPatch(dto: UpdateAddressDto): AddressValues {
  const values: Record<string, unknown> = {};
  for (const key of PATCHABLE_KEYS) {
    if (dto[key] !== undefined) {
      values[key] = dto[key];
    }
  }
  return values;
}
