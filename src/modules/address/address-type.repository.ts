import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { applyNamePrefixPage } from 'src/common/util/query-page.util';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { AddressTypeEntity } from 'src/modules/address/entities/address-type.entity';

export type AddressTypeValues = Partial<Pick<AddressTypeEntity, 'name' | 'group_name'>>;

export interface AddressTypeFilter {
  name?: string;
  group_name?: string;
  limit?: number;
  offset?: number;
}

export interface AddressTypeKey {
  name: string;
  groupName: string;
}

const INSERT_IF_ABSENT = `
  INSERT INTO address_type (name, group_name) VALUES ($1, $2)
  ON CONFLICT (name) DO NOTHING RETURNING id`;

const SELECT_ID_BY_NAME = 'SELECT id FROM address_type WHERE name = $1';

/** Writes the group only when it differs, so an identical re-send leaves updated_at alone. */
const UPDATE_GROUP_IF_CHANGED = `
  UPDATE address_type SET group_name = $2, updated_at = now()
  WHERE id = $1 AND group_name IS DISTINCT FROM $2`;

/**
 * Set-based get-or-create of many types in one statement. Rows are inserted in name order, so
 * two transactions inserting overlapping sets wait on each other in one order (no deadlock).
 */
export const INSERT_MISSING_ADDRESS_TYPES = `
  INSERT INTO address_type (name, group_name)
  SELECT i.name, i.group_name
  FROM unnest($1::text[], $2::text[]) AS i(name, group_name)
  ORDER BY i.name
  ON CONFLICT (name) DO NOTHING`;

@Injectable()
export class AddressTypeRepository {
  /** `txHost.tx`: the ambient transaction's EntityManager, or the DataSource's outside one. */
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** Race-safe get-or-create by name; `created` only for the request whose insert took effect. */
  async insertIfAbsent(name: string, groupName: string): Promise<{ id: number; created: boolean }> {
    const inserted: Array<{ id: number }> = await this.txHost.tx.query(INSERT_IF_ABSENT, [
      name,
      groupName,
    ]);
    if (inserted.length > 0) {
      return { id: inserted[0].id, created: true };
    }
    const existing: Array<{ id: number }> = await this.txHost.tx.query(SELECT_ID_BY_NAME, [name]);
    return { id: existing[0].id, created: false };
  }

  async updateGroupIfChanged(id: number, groupName: string): Promise<boolean> {
    const result: [unknown[], number] = await this.txHost.tx.query(UPDATE_GROUP_IF_CHANGED, [
      id,
      groupName,
    ]);
    return result[1] > 0;
  }

  /** Creates the types that do not exist yet (distinct names expected); existing ones are kept. */
  async insertMissing(keys: AddressTypeKey[]): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    await this.txHost.tx.query(INSERT_MISSING_ADDRESS_TYPES, [
      keys.map((key) => key.name),
      keys.map((key) => key.groupName),
    ]);
  }

  findById(id: number): Promise<AddressTypeEntity | null> {
    return this.repository().findOneBy({ id });
  }

  findByName(name: string): Promise<AddressTypeEntity | null> {
    return this.repository().findOneBy({ name });
  }

  exists(id: number): Promise<boolean> {
    return this.repository().existsBy({ id });
  }

  async update(id: number, values: AddressTypeValues): Promise<void> {
    await this.repository().update(id, { ...values, updated_at: () => 'now()' });
  }

  list(filter: AddressTypeFilter): Promise<AddressTypeEntity[]> {
    const query = this.repository().createQueryBuilder('t').orderBy('t.id', 'ASC');
    if (filter.group_name !== undefined) {
      query.andWhere('t.group_name = :groupName', { groupName: filter.group_name });
    }
    return applyNamePrefixPage(query, 't', filter).getMany();
  }

  private repository() {
    return this.txHost.tx.getRepository(AddressTypeEntity);
  }
}
