import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { applyNamePrefixPage } from 'src/common/util/query-page.util';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
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

export interface PipelineLineageState {
  id: number;
  load_lineage: boolean;
}

/** What a lineage-graph edge says about its pipeline. */
export interface PipelineSummary {
  id: number;
  name: string;
  pipeline_type_name: string;
  active: boolean;
}

/**
 * NO KEY UPDATE: serialises lineage writes of one pipeline (and orders them against the end of an
 * execution that turns load_lineage off) without blocking inserts that reference the pipeline.
 */
const LOCK_FOR_LINEAGE = `
  SELECT id, load_lineage FROM pipeline WHERE id = $1 FOR NO KEY UPDATE`;

const SELECT_SUMMARIES = `
  SELECT p.id, p.name, t.name AS pipeline_type_name, p.active
  FROM pipeline p
  JOIN pipeline_type t ON t.id = p.pipeline_type_id
  WHERE p.id = ANY($1::int[])`;

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
  /** `txHost.tx`: the ambient transaction's EntityManager, or the DataSource's outside one. */
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** INSERT … ON CONFLICT (name) DO NOTHING: the new row, or null when the name exists. */
  async insertIfAbsent(values: PipelineValues): Promise<PipelineEntity | null> {
    const columns = INSERT_COLUMNS.filter((key) => values[key] !== undefined);
    const params = columns.map((key) =>
      key === 'pipeline_metadata' ? JSON.stringify(values[key]) : values[key],
    );
    const placeholders = columns
      .map((key, index) => (key === 'pipeline_metadata' ? `$${index + 1}::jsonb` : `$${index + 1}`))
      .join(', ');
    const rows: PipelineEntity[] = await this.txHost.tx.query(
      `INSERT INTO pipeline (${columns.join(', ')}) VALUES (${placeholders})
       ON CONFLICT (name) DO NOTHING RETURNING *`,
      params,
    );
    return rows[0] ?? null;
  }

  findById(id: number): Promise<PipelineEntity | null> {
    return this.repository().findOneBy({ id });
  }

  findByName(name: string): Promise<PipelineEntity | null> {
    return this.repository().findOneBy({ name });
  }

  /** Reads and row-locks the pipeline for the rest of the transaction. */
  lockByName(name: string): Promise<PipelineEntity | null> {
    return this.repository()
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.name = :name', { name })
      .getOne();
  }

  lockById(id: number): Promise<PipelineEntity | null> {
    return this.repository()
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
  }

  async lockForLineage(id: number): Promise<PipelineLineageState | null> {
    const rows: PipelineLineageState[] = await this.txHost.tx.query(LOCK_FOR_LINEAGE, [id]);
    return rows[0] ?? null;
  }

  async findSummaries(ids: number[]): Promise<PipelineSummary[]> {
    if (ids.length === 0) {
      return [];
    }
    return this.txHost.tx.query(SELECT_SUMMARIES, [ids]);
  }

  async exists(id: number): Promise<boolean> {
    return this.repository().existsBy({ id });
  }

  async update(id: number, values: PipelineValues): Promise<void> {
    await this.repository().update(id, {
      ...(values as QueryDeepPartialEntity<PipelineEntity>),
      updated_at: () => 'now()',
    });
  }

  /** Stores a new config digest without touching updated_at (nothing visible changed). */
  async setConfigHash(id: number, hash: string): Promise<void> {
    await this.repository().update(id, { config_hash: hash });
  }

  async recordSuccessfulRun(pipelineId: number, run: SuccessfulRun): Promise<void> {
    await this.txHost.tx.query(RECORD_SUCCESSFUL_RUN, [
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

  private repository() {
    return this.txHost.tx.getRepository(PipelineEntity);
  }
}
