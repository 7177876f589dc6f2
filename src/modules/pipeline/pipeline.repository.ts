import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { applyNamePrefixPage } from 'src/common/util/query-page.util';
import { PipelineEntity } from 'src/modules/pipeline/entities/pipeline.entity';

export type PipelineValues = Partial<Omit<PipelineEntity, 'id' | 'created_at' | 'pipeline_type'>>;

export interface PipelineFilter {
  pipeline_type_id?: number;
  active?: boolean;
  name?: string;
  limit?: number;
  offset?: number;
}

export interface SuccessfulRun {
  /** False when a later-started run already succeeded: an older run never moves it back. */
  shouldAdvanceWatermark: boolean;
  endDate: Date;
  /** The execution's own next_watermark, when it was given at start. */
  nextWatermark: string | null;
  inserts: number | bigint | null;
  updates: number | bigint | null;
  softDeletes: number | bigint | null;
}

/**
 * Watermark ($7 true): the execution's next_watermark, else the pipeline's, else unchanged.
 * last_target_*: moved to end_date where the count is > 0, never backwards (GREATEST skips NULL).
 */
const RECORD_SUCCESSFUL_RUN = `
  UPDATE pipeline SET
    watermark = CASE WHEN $7 THEN COALESCE($2, next_watermark, watermark) ELSE watermark END,
    last_target_insert = CASE WHEN $4::bigint > 0
      THEN GREATEST(last_target_insert, $3::timestamptz) ELSE last_target_insert END,
    last_target_update = CASE WHEN $5::bigint > 0
      THEN GREATEST(last_target_update, $3::timestamptz) ELSE last_target_update END,
    last_target_soft_delete = CASE WHEN $6::bigint > 0
      THEN GREATEST(last_target_soft_delete, $3::timestamptz) ELSE last_target_soft_delete END,
    load_lineage = false,
    updated_at = now()
  WHERE id = $1`;

const INSERT_COLUMNS = [
  'name',
  'pipeline_type_id',
  'next_watermark',
  'pipeline_metadata',
  'freshness_number',
  'freshness_datepart',
  'timeliness_number',
  'timeliness_datepart',
  'config_hash',
] as const;

@Injectable()
export class PipelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** INSERT … ON CONFLICT (name) DO NOTHING: the new row, or null when the name exists. */
  async insertIfAbsent(values: PipelineValues): Promise<PipelineEntity | null> {
    const columns = INSERT_COLUMNS.filter((key) => values[key] !== undefined);
    const params = columns.map((key) =>
      key === 'pipeline_metadata' ? JSON.stringify(values[key]) : values[key],
    );
    const placeholders = columns
      .map((key, index) => (key === 'pipeline_metadata' ? `$${index + 1}::jsonb` : `$${index + 1}`))
      .join(', ');
    const rows: PipelineEntity[] = await this.dataSource.query(
      `INSERT INTO pipeline (${columns.join(', ')}) VALUES (${placeholders})
       ON CONFLICT (name) DO NOTHING RETURNING *`,
      params,
    );
    return rows[0] ?? null;
  }

  findById(id: number, manager?: EntityManager): Promise<PipelineEntity | null> {
    return this.repository(manager).findOneBy({ id });
  }

  findByName(name: string, manager?: EntityManager): Promise<PipelineEntity | null> {
    return this.repository(manager).findOneBy({ name });
  }

  /** Reads and row-locks the pipeline for the rest of the transaction. */
  lockByName(manager: EntityManager, name: string): Promise<PipelineEntity | null> {
    return this.repository(manager)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.name = :name', { name })
      .getOne();
  }

  lockById(manager: EntityManager, id: number): Promise<PipelineEntity | null> {
    return this.repository(manager)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
  }

  async exists(id: number, manager?: EntityManager): Promise<boolean> {
    return this.repository(manager).existsBy({ id });
  }

  async update(manager: EntityManager, id: number, values: PipelineValues): Promise<void> {
    await this.repository(manager).update(id, {
      ...(values as QueryDeepPartialEntity<PipelineEntity>),
      updated_at: () => 'now()',
    });
  }

  /** Stores a new config digest without touching updated_at (nothing visible changed). */
  async setConfigHash(manager: EntityManager, id: number, hash: string): Promise<void> {
    await this.repository(manager).update(id, { config_hash: hash });
  }

  async recordSuccessfulRun(
    manager: EntityManager,
    pipelineId: number,
    run: SuccessfulRun,
  ): Promise<void> {
    await manager.query(RECORD_SUCCESSFUL_RUN, [
      pipelineId,
      run.nextWatermark,
      run.endDate.toISOString(),
      run.inserts ?? 0,
      run.updates ?? 0,
      run.softDeletes ?? 0,
      run.shouldAdvanceWatermark,
    ]);
  }

  list(filter: PipelineFilter): Promise<PipelineEntity[]> {
    const query = this.repository().createQueryBuilder('p').orderBy('p.id', 'ASC');
    if (filter.pipeline_type_id !== undefined) {
      query.andWhere('p.pipeline_type_id = :typeId', { typeId: filter.pipeline_type_id });
    }
    if (filter.active !== undefined) {
      query.andWhere('p.active = :active', { active: filter.active });
    }
    return applyNamePrefixPage(query, 'p', filter).getMany();
  }

  private repository(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PipelineEntity);
  }
}
