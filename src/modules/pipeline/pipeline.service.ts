import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from 'src/common/errors/app-error';
import type { UpsertResult } from 'src/common/http/upsert-result';
import type { CreatePipelineDto } from 'src/modules/pipeline/dto/create-pipeline.dto';
import type { ListPipelinesQuery } from 'src/modules/pipeline/dto/list-pipelines.query';
import type { PipelineResponse } from 'src/modules/pipeline/dto/pipeline.response';
import type { SyncPipelineResponse } from 'src/modules/pipeline/dto/sync-pipeline.response';
import type { UpdatePipelineDto } from 'src/modules/pipeline/dto/update-pipeline.dto';
import type { PipelineEntity } from 'src/modules/pipeline/entities/pipeline.entity';
import { THRESHOLD_SETTING_KEYS } from 'src/modules/pipeline/entities/threshold-settings.columns';
import {
  changedConfig,
  configDigest,
  pickSentConfig,
} from 'src/modules/pipeline/pipeline-config.util';
import {
  MissingLookupKeyError,
  PipelineNameTakenError,
  PipelineNotFoundError,
} from 'src/modules/pipeline/pipeline.errors';
import { toPipelineResponse } from 'src/modules/pipeline/pipeline.mapper';
import {
  type PipelineLineageState,
  PipelineRepository,
  type PipelineSummary,
  type PipelineValues,
} from 'src/modules/pipeline/pipeline.repository';
import { PipelineTypeService } from 'src/modules/pipeline/pipeline-type.service';
import { assertThresholdPairs } from 'src/modules/pipeline/thresholds.util';

export type {
  PipelineLineageState,
  PipelineSummary,
} from 'src/modules/pipeline/pipeline.repository';

const PATCHABLE_KEYS = [
  'pipeline_type_id',
  'watermark',
  'next_watermark',
  'pipeline_metadata',
  ...THRESHOLD_SETTING_KEYS,
  'load_lineage',
  'active',
] as const;

@Injectable()
export class PipelineService {
  constructor(
    private readonly repository: PipelineRepository,
    private readonly pipelineTypeService: PipelineTypeService,
  ) {}

  /**
   * POST /pipeline: get-or-create by name (race-safe). On an existing pipeline, sent settings
   * that differ are written (a re-sync of an identical body writes nothing); next_watermark,
   * when sent, is always stored. The common case — an existing pipeline re-synced with the body
   * it was last synced with — is one statement; anything else takes the general path, where the
   * type get-or-create is in the same transaction as the pipeline write (a failed sync leaves no
   * new type behind). Both join a caller's transaction.
   */
  async sync(dto: CreatePipelineDto): Promise<UpsertResult<SyncPipelineResponse>> {
    assertThresholdPairs(dto);
    const hash = configDigest(dto, dto.pipeline_type_name);
    const nextWatermark = dto.next_watermark ?? undefined;
    const synced = await this.repository.syncUnchanged(
      dto.name,
      dto.pipeline_type_name,
      hash,
      nextWatermark,
    );
    if (synced) {
      return { created: false, body: syncAnswer(synced, nextWatermark) };
    }
    return this.syncInTransaction(dto, hash, nextWatermark);
  }

  @Transactional()
  private async syncInTransaction(
    dto: CreatePipelineDto,
    hash: string,
    nextWatermark: string | undefined,
  ): Promise<UpsertResult<SyncPipelineResponse>> {
    const typeId = await this.pipelineTypeService.getOrCreateIdByName(dto.pipeline_type_name);
    const config = pickSentConfig(dto, typeId);
    const inserted = await this.repository.insertIfAbsent({
      name: dto.name,
      ...config,
      next_watermark: nextWatermark,
      config_hash: hash,
    });
    if (inserted) {
      const { id, active, load_lineage } = inserted;
      return { created: true, body: { id, active, load_lineage, watermark: null } };
    }
    const existing = await this.applySync(dto.name, config, hash, nextWatermark);
    return { created: false, body: syncAnswer(existing, nextWatermark) };
  }

  async list(query: ListPipelinesQuery): Promise<PipelineResponse[]> {
    const rows = await this.repository.list(query);
    return rows.map(toPipelineResponse);
  }

  async getById(id: number): Promise<PipelineResponse> {
    const row = await this.repository.findById(id);
    if (!row) {
      throw new PipelineNotFoundError(id);
    }
    return toPipelineResponse(row);
  }

  /** Throws PipelineNotFoundError (404) unless the pipeline exists. */
  async assertExists(id: number): Promise<void> {
    if (!(await this.repository.exists(id))) {
      throw new PipelineNotFoundError(id);
    }
  }

  /**
   * Row-locks the pipeline for the caller's lineage write and returns its load_lineage flag
   * (concurrent lineage writes of one pipeline serialise). Throws PipelineNotFoundError (404).
   */
  async lockForLineage(pipelineId: number): Promise<PipelineLineageState> {
    const state = await this.repository.lockForLineage(pipelineId);
    if (!state) {
      throw new PipelineNotFoundError(pipelineId);
    }
    return state;
  }

  /** Name, type name and active flag of the given pipelines (unknown ids are skipped). */
  findSummaries(ids: number[]): Promise<PipelineSummary[]> {
    return this.repository.findSummaries(ids);
  }

  @Transactional()
  async update(sent: UpdatePipelineDto): Promise<PipelineResponse> {
    const dto = withIdAlias(sent);
    const row = await this.lockForUpdate(dto);
    const values = pickPatch(dto);
    if (dto.id !== undefined && dto.name !== undefined && dto.name !== row.name) {
      if (await this.repository.findByName(dto.name)) {
        throw new PipelineNameTakenError(dto.name);
      }
      values.name = dto.name;
    }
    if (values.pipeline_type_id !== undefined) {
      await this.pipelineTypeService.assertExists(values.pipeline_type_id);
    }
    assertThresholdPairs({ ...row, ...values });
    if (Object.keys(values).length > 0) {
      // A PATCH overrides what POST /pipeline last sent: the next sync compares afresh.
      await this.repository.update(row.id, { ...values, config_hash: null });
    }
    const updated = (await this.repository.findById(row.id)) as PipelineEntity;
    return toPipelineResponse(updated);
  }

  private async applySync(
    name: string,
    config: ReturnType<typeof pickSentConfig>,
    hash: string,
    nextWatermark: string | undefined,
  ): Promise<PipelineEntity> {
    const row = await this.repository.lockByName(name);
    if (!row) {
      throw new PipelineNotFoundError(name);
    }
    const values: PipelineValues = {};
    if (row.config_hash !== hash || row.pipeline_type_id !== config.pipeline_type_id) {
      Object.assign(values, changedConfig(row, config));
      values.config_hash = hash;
    }
    if (nextWatermark !== undefined && nextWatermark !== row.next_watermark) {
      values.next_watermark = nextWatermark;
    }
    const isVisibleChange = Object.keys(values).some((key) => key !== 'config_hash');
    if (isVisibleChange) {
      await this.repository.update(row.id, values);
    } else if (values.config_hash !== undefined) {
      await this.repository.setConfigHash(row.id, hash);
    }
    return { ...row, ...values };
  }

  private async lockForUpdate(dto: UpdatePipelineDto): Promise<PipelineEntity> {
    if (dto.id === undefined && dto.name === undefined) {
      throw new MissingLookupKeyError();
    }
    const row =
      dto.id !== undefined
        ? await this.repository.lockById(dto.id)
        : await this.repository.lockByName(dto.name as string);
    if (!row) {
      throw new PipelineNotFoundError(dto.id ?? (dto.name as string));
    }
    return row;
  }
}

/** `watermark` is the current one when next_watermark was sent, else null (DESIGN §5.1). */
function syncAnswer(
  row: Pick<PipelineEntity, 'id' | 'active' | 'load_lineage' | 'watermark'>,
  nextWatermark: string | undefined,
): SyncPipelineResponse {
  return {
    id: row.id,
    active: row.active,
    load_lineage: row.load_lineage,
    watermark: nextWatermark !== undefined ? row.watermark : null,
  };
}

/** `pipeline_id` is accepted as an alias of `id` (the Python SDK sends it). */
function withIdAlias(dto: UpdatePipelineDto): UpdatePipelineDto {
  if (dto.pipeline_id === undefined) {
    return dto;
  }
  if (dto.id !== undefined && dto.id !== dto.pipeline_id) {
    throw new ValidationFailedError([
      { field: 'pipeline_id', messages: ['pipeline_id is an alias of id; they differ'] },
    ]);
  }
  return { ...dto, id: dto.pipeline_id };
}

function pickPatch(dto: UpdatePipelineDto): PipelineValues {
  const values: Record<string, unknown> = {};
  for (const key of PATCHABLE_KEYS) {
    if (dto[key] !== undefined) {
      values[key] = dto[key];
    }
  }
  return values;
}
