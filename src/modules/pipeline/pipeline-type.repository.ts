import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { applyNamePrefixPage } from 'src/common/util/query-page.util';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { PipelineTypeEntity } from 'src/modules/pipeline/entities/pipeline-type.entity';
import { THRESHOLD_SETTING_KEYS } from 'src/modules/pipeline/entities/threshold-settings.columns';

export type PipelineTypeValues = Partial<
  Pick<
    PipelineTypeEntity,
    | 'name'
    | 'freshness_number'
    | 'freshness_datepart'
    | 'mute_freshness_check'
    | 'timeliness_number'
    | 'timeliness_datepart'
    | 'mute_timeliness_check'
  >
>;

export interface PipelineTypeFilter {
  name?: string;
  limit?: number;
  offset?: number;
}

const UPDATABLE_COLUMNS = THRESHOLD_SETTING_KEYS;

const SELECT_ID_BY_NAME = 'SELECT id FROM pipeline_type WHERE name = $1';

@Injectable()
export class PipelineTypeRepository {
  /** `txHost.tx`: the ambient transaction's EntityManager, or the DataSource's outside one. */
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /**
   * Race-safe get-or-create: INSERT … ON CONFLICT DO NOTHING, then read the winner's id.
   * `created` is true only for the request whose insert took effect.
   */
  async insertIfAbsent(
    name: string,
    values: PipelineTypeValues,
  ): Promise<{ id: number; created: boolean }> {
    const columns = ['name', ...UPDATABLE_COLUMNS.filter((key) => values[key] !== undefined)];
    const params = [
      name,
      ...columns.slice(1).map((key) => values[key as keyof PipelineTypeValues]),
    ];
    const placeholders = params.map((_value, index) => `$${index + 1}`).join(', ');
    const inserted: Array<{ id: number }> = await this.txHost.tx.query(
      `INSERT INTO pipeline_type (${columns.join(', ')}) VALUES (${placeholders})
       ON CONFLICT (name) DO NOTHING RETURNING id`,
      params,
    );
    if (inserted.length > 0) {
      return { id: inserted[0].id, created: true };
    }
    const existing: Array<{ id: number }> = await this.txHost.tx.query(SELECT_ID_BY_NAME, [name]);
    return { id: existing[0].id, created: false };
  }

  /** Writes the given values only when one of them differs (so a re-sync writes nothing). */
  async updateIfChanged(id: number, values: PipelineTypeValues): Promise<boolean> {
    const keys = UPDATABLE_COLUMNS.filter((key) => values[key] !== undefined);
    if (keys.length === 0) {
      return false;
    }
    const assignments = keys.map((key, index) => `${key} = $${index + 2}`).join(', ');
    const differs = keys.map((key, index) => `${key} IS DISTINCT FROM $${index + 2}`).join(' OR ');
    const result: [unknown[], number] = await this.txHost.tx.query(
      `UPDATE pipeline_type SET ${assignments}, updated_at = now() WHERE id = $1 AND (${differs})`,
      [id, ...keys.map((key) => values[key])],
    );
    return result[1] > 0;
  }

  findById(id: number): Promise<PipelineTypeEntity | null> {
    return this.repository().findOneBy({ id });
  }

  findByName(name: string): Promise<PipelineTypeEntity | null> {
    return this.repository().findOneBy({ name });
  }

  async update(id: number, values: PipelineTypeValues): Promise<void> {
    await this.repository().update(id, { ...values, updated_at: () => 'now()' });
  }

  list(filter: PipelineTypeFilter): Promise<PipelineTypeEntity[]> {
    const query = this.repository().createQueryBuilder('t').orderBy('t.id', 'ASC');
    return applyNamePrefixPage(query, 't', filter).getMany();
  }

  private repository() {
    return this.txHost.tx.getRepository(PipelineTypeEntity);
  }
}
