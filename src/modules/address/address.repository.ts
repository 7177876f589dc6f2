import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { stringifyJsonLossless } from 'src/common/http/lossless-json.util';
import { escapeLike } from 'src/common/util/escape-like.util';
import { applyNamePrefixPage } from 'src/common/util/query-page.util';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { AddressEntity } from 'src/modules/address/entities/address.entity';

/** The columns POST /address syncs (everything but the name); undefined = not sent. */
export interface AddressFields {
  address_type_id: number;
  database_name?: string;
  schema_name?: string;
  table_name?: string;
  primary_key?: string;
  address_metadata?: Record<string, unknown>;
  /** Parts of a three-part database name: they only ever fill empty columns. */
  derived: AddressNameFill;
}

export interface AddressNameFill {
  database_name?: string;
  schema_name?: string;
  table_name?: string;
}

export type AddressValues = Partial<
  Pick<
    AddressEntity,
    | 'name'
    | 'address_type_id'
    | 'database_name'
    | 'schema_name'
    | 'table_name'
    | 'primary_key'
    | 'address_metadata'
  >
>;

/** One address of a batch get-or-create, its type given by name. */
export interface NewAddressRow {
  name: string;
  typeName: string;
  database_name: string | null;
  schema_name: string | null;
  table_name: string | null;
  primary_key: string | null;
  address_metadata: Record<string, unknown> | null;
}

export interface AddressFilter {
  address_type_id?: number;
  name?: string;
  limit?: number;
  offset?: number;
}

/** An address as a node of the lineage graph. */
export interface AddressNodeRow {
  id: number;
  name: string;
  address_type_name: string;
  address_type_group_name: string;
  address_metadata: Record<string, unknown> | null;
}

export interface AddressName {
  id: number;
  name: string;
}

const SYNCED_COLUMNS = [
  'address_type_id',
  'database_name',
  'schema_name',
  'table_name',
  'primary_key',
  'address_metadata',
] as const;

const DERIVED_COLUMNS = ['database_name', 'schema_name', 'table_name'] as const;

const INSERT_IF_ABSENT = `
  INSERT INTO address (name, address_type_id, database_name, schema_name, table_name,
    primary_key, address_metadata)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
  ON CONFLICT (name) DO NOTHING RETURNING id`;

const SELECT_ID_BY_NAME = 'SELECT id FROM address WHERE name = $1';

/**
 * Set-based get-or-create of many addresses in one statement (distinct names expected; their
 * types must exist). Inserted in name order, so two transactions inserting overlapping sets wait
 * on each other in one order (no deadlock). Existing addresses are left as they are.
 */
export const INSERT_MISSING_ADDRESSES = `
  INSERT INTO address (name, address_type_id, database_name, schema_name, table_name,
    primary_key, address_metadata)
  SELECT i.name, t.id, i.database_name, i.schema_name, i.table_name, i.primary_key,
    i.address_metadata::jsonb
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
    AS i(name, type_name, database_name, schema_name, table_name, primary_key, address_metadata)
  JOIN address_type t ON t.name = i.type_name
  ORDER BY i.name
  ON CONFLICT (name) DO NOTHING`;

const SELECT_IDS_BY_NAMES = `
  SELECT id, name FROM address WHERE name = ANY($1::varchar[])`;

const SELECT_NODES = `
  SELECT a.id, a.name, t.name AS address_type_name, t.group_name AS address_type_group_name,
    a.address_metadata
  FROM address a
  JOIN address_type t ON t.id = a.address_type_id
  WHERE a.id = ANY($1::int[])`;

/** Case-insensitive substring match, ordered by name (for pickers). */
const SEARCH_NAMES = `
  SELECT id, name FROM address
  WHERE $1::text IS NULL OR name ILIKE '%' || $1 || '%' ESCAPE '\\'
  ORDER BY name, id
  LIMIT $2`;

@Injectable()
export class AddressRepository {
  /** `txHost.tx`: the ambient transaction's EntityManager, or the DataSource's outside one. */
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** INSERT … ON CONFLICT (name) DO NOTHING: the new id, or null when the name exists. */
  async insertIfAbsent(name: string, fields: AddressFields): Promise<number | null> {
    const rows: Array<{ id: number }> = await this.txHost.tx.query(INSERT_IF_ABSENT, [
      name,
      fields.address_type_id,
      fields.database_name ?? fields.derived.database_name ?? null,
      fields.schema_name ?? fields.derived.schema_name ?? null,
      fields.table_name ?? fields.derived.table_name ?? null,
      fields.primary_key ?? null,
      toJsonParam(fields.address_metadata),
    ]);
    return rows[0]?.id ?? null;
  }

  async findIdByName(name: string): Promise<number | null> {
    const rows: Array<{ id: number }> = await this.txHost.tx.query(SELECT_ID_BY_NAME, [name]);
    return rows[0]?.id ?? null;
  }

  /**
   * Writes the fields sent only when one differs, and the derived name parts only into empty
   * columns (an identical re-send writes nothing and leaves updated_at alone).
   */
  async updateIfChanged(id: number, fields: AddressFields): Promise<boolean> {
    const params: unknown[] = [id];
    const assignments: string[] = [];
    const differs: string[] = [];
    for (const key of SYNCED_COLUMNS.filter((column) => fields[column] !== undefined)) {
      const isJson = key === 'address_metadata';
      params.push(isJson ? toJsonParam(fields.address_metadata) : fields[key]);
      const placeholder = `$${params.length}${isJson ? '::jsonb' : ''}`;
      assignments.push(`${key} = ${placeholder}`);
      differs.push(`${key} IS DISTINCT FROM ${placeholder}`);
    }
    for (const key of DERIVED_COLUMNS) {
      if (fields[key] === undefined && fields.derived[key] !== undefined) {
        params.push(fields.derived[key]);
        assignments.push(`${key} = COALESCE(${key}, $${params.length})`);
        differs.push(`${key} IS NULL`);
      }
    }
    const result: [unknown[], number] = await this.txHost.tx.query(
      `UPDATE address SET ${assignments.join(', ')}, updated_at = now()
       WHERE id = $1 AND (${differs.join(' OR ')})`,
      params,
    );
    return result[1] > 0;
  }

  /** Creates the addresses that do not exist yet; returns nothing (read the ids after). */
  async insertMissing(rows: NewAddressRow[]): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    await this.txHost.tx.query(INSERT_MISSING_ADDRESSES, [
      rows.map((row) => row.name),
      rows.map((row) => row.typeName),
      rows.map((row) => row.database_name),
      rows.map((row) => row.schema_name),
      rows.map((row) => row.table_name),
      rows.map((row) => row.primary_key),
      rows.map((row) => toJsonParam(row.address_metadata)),
    ]);
  }

  async findIdsByNames(names: string[]): Promise<AddressName[]> {
    if (names.length === 0) {
      return [];
    }
    return this.txHost.tx.query(SELECT_IDS_BY_NAMES, [names]);
  }

  async findNodes(ids: number[]): Promise<AddressNodeRow[]> {
    if (ids.length === 0) {
      return [];
    }
    return this.txHost.tx.query(SELECT_NODES, [ids]);
  }

  searchNames(substring: string | undefined, limit: number): Promise<AddressName[]> {
    const pattern = substring === undefined || substring === '' ? null : escapeLike(substring);
    return this.txHost.tx.query(SEARCH_NAMES, [pattern, limit]);
  }

  findById(id: number): Promise<AddressEntity | null> {
    return this.repository().findOneBy({ id });
  }

  findByName(name: string): Promise<AddressEntity | null> {
    return this.repository().findOneBy({ name });
  }

  /** Reads and row-locks the address for the rest of the transaction. */
  lockById(id: number): Promise<AddressEntity | null> {
    return this.repository()
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
  }

  lockByName(name: string): Promise<AddressEntity | null> {
    return this.repository()
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.name = :name', { name })
      .getOne();
  }

  async update(id: number, values: AddressValues): Promise<void> {
    await this.repository().update(id, {
      ...(values as QueryDeepPartialEntity<AddressEntity>),
      updated_at: () => 'now()',
    });
  }

  list(filter: AddressFilter): Promise<AddressEntity[]> {
    const query = this.repository().createQueryBuilder('a').orderBy('a.id', 'ASC');
    if (filter.address_type_id !== undefined) {
      query.andWhere('a.address_type_id = :typeId', { typeId: filter.address_type_id });
    }
    return applyNamePrefixPage(query, 'a', filter).getMany();
  }

  private repository() {
    return this.txHost.tx.getRepository(AddressEntity);
  }
}

function toJsonParam(value: Record<string, unknown> | null | undefined): string | null {
  return value === null || value === undefined ? null : stringifyJsonLossless(value);
}
