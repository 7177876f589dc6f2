import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { applyNamePrefixPage } from 'src/common/util/query-page.util';
import { preparedStatement } from 'src/database/prepared-statement';
import { StatementRunner } from 'src/database/statement-runner';
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

/** What POST /pipeline answers about an existing pipeline. */
export interface SyncedPipeline {
  id: number;
  active: boolean;
  load_lineage: boolean;
  watermark: string | null;
}

/**
 * POST /pipeline's one statement for the common case (the pipeline exists, has this type and was
 * last synced with this body's digest): stores next_watermark ($3, always sent here) and answers.
 * updated_at moves only when the value changes. No row: take the general path.
 */
const SYNC_UNCHANGED_WITH_WATERMARK = preparedStatement(
  'sync_unchanged_pipeline_with_watermark',
  `
  UPDATE pipeline p SET next_watermark = $3::varchar,
    updated_at = CASE WHEN p.next_watermark IS DISTINCT FROM $3::varchar
      THEN now() ELSE p.updated_at END
  FROM pipeline_type t
  WHERE p.name = $1 AND t.name = $2 AND t.id = p.pipeline_type_id AND p.config_hash = $4
  RETURNING p.id, p.active, p.load_lineage, p.watermark`,
);

/** The same without a next_watermark: nothing to write, only the answer. */
const SYNC_UNCHANGED = preparedStatement(
  'sync_unchanged_pipeline',
  `
  SELECT p.id, p.active, p.load_lineage, p.watermark
  FROM pipeline p JOIN pipeline_type t ON t.id = p.pipeline_type_id
  WHERE p.name = $1 AND t.name = $2 AND p.config_hash = $3`,
);

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
  constructor(
    private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>,
    private readonly statements: StatementRunner,
  ) {}

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

  /**
   * One statement for a re-sync that changes no setting (see SYNC_UNCHANGED*): the answer, or
   * null when the pipeline is new, has another type or a different digest (or none).
   */
  async syncUnchanged(
    name: string,
    pipelineTypeName: string,
    configHash: string,
    nextWatermark: string | undefined,
  ): Promise<SyncedPipeline | null> {
    if (nextWatermark === undefined) {
      const rows = await this.statements.rows<SyncedPipeline>(SYNC_UNCHANGED, [
        name,
        pipelineTypeName,
        configHash,
      ]);
      return rows[0] ?? null;
    }
    const rows = await this.statements.rows<SyncedPipeline>(SYNC_UNCHANGED_WITH_WATERMARK, [
      name,
      pipelineTypeName,
      nextWatermark,
      configHash,
    ]);
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
