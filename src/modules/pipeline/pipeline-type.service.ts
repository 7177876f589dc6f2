import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { IdResponse } from 'src/common/dto/id.response';
import type { UpsertResult } from 'src/common/http/upsert-result';
import type { CreatePipelineTypeDto } from 'src/modules/pipeline/dto/create-pipeline-type.dto';
import type { ListPipelineTypesQuery } from 'src/modules/pipeline/dto/list-pipeline-types.query';
import type { PipelineTypeResponse } from 'src/modules/pipeline/dto/pipeline-type.response';
import type { UpdatePipelineTypeDto } from 'src/modules/pipeline/dto/update-pipeline-type.dto';
import type { PipelineTypeEntity } from 'src/modules/pipeline/entities/pipeline-type.entity';
import {
  MissingLookupKeyError,
  PipelineTypeNameTakenError,
  PipelineTypeNotFoundError,
} from 'src/modules/pipeline/pipeline.errors';
import { THRESHOLD_SETTING_KEYS } from 'src/modules/pipeline/entities/threshold-settings.columns';
import { toPipelineTypeResponse } from 'src/modules/pipeline/pipeline.mapper';
import {
  PipelineTypeRepository,
  type PipelineTypeValues,
} from 'src/modules/pipeline/pipeline-type.repository';
import { assertThresholdPairs } from 'src/modules/pipeline/thresholds.util';

@Injectable()
export class PipelineTypeService {
  constructor(private readonly repository: PipelineTypeRepository) {}

  /** Get-or-create by name; settings sent for an existing type are applied when they differ. */
  @Transactional()
  async sync(dto: CreatePipelineTypeDto): Promise<UpsertResult<IdResponse>> {
    assertThresholdPairs(dto);
    const values = pickSettings(dto, false);
    const { id, created } = await this.repository.insertIfAbsent(dto.name, values);
    if (!created) {
      await this.repository.updateIfChanged(id, values);
    }
    return { created, body: { id } };
  }

  /** Race-safe get-or-create of a type by name alone (used by POST /pipeline). */
  async getOrCreateIdByName(name: string): Promise<number> {
    const { id } = await this.repository.insertIfAbsent(name, {});
    return id;
  }

  async list(query: ListPipelineTypesQuery): Promise<PipelineTypeResponse[]> {
    const rows = await this.repository.list(query);
    return rows.map(toPipelineTypeResponse);
  }

  async getById(id: number): Promise<PipelineTypeResponse> {
    const row = await this.repository.findById(id);
    if (!row) {
      throw new PipelineTypeNotFoundError(id);
    }
    return toPipelineTypeResponse(row);
  }

  /** Joins the caller's transaction when there is one. */
  async assertExists(id: number): Promise<void> {
    await this.getById(id);
  }

  @Transactional()
  async update(dto: UpdatePipelineTypeDto): Promise<PipelineTypeResponse> {
    const row = await this.findForUpdate(dto);
    const values: PipelineTypeValues = pickSettings(dto, true);
    if (dto.id !== undefined && dto.name !== undefined && dto.name !== row.name) {
      const holder = await this.repository.findByName(dto.name);
      if (holder) {
        throw new PipelineTypeNameTakenError(dto.name);
      }
      values.name = dto.name;
    }
    assertThresholdPairs({ ...row, ...values });
    if (Object.keys(values).length > 0) {
      await this.repository.update(row.id, values);
    }
    const updated = (await this.repository.findById(row.id)) as PipelineTypeEntity;
    return toPipelineTypeResponse(updated);
  }

  private async findForUpdate(dto: UpdatePipelineTypeDto): Promise<PipelineTypeEntity> {
    if (dto.id === undefined && dto.name === undefined) {
      throw new MissingLookupKeyError();
    }
    const row =
      dto.id !== undefined
        ? await this.repository.findById(dto.id)
        : await this.repository.findByName(dto.name as string);
    if (!row) {
      throw new PipelineTypeNotFoundError(dto.id ?? (dto.name as string));
    }
    return row;
  }
}

/** The settings present in the body; on create, null means "not sent", on update "clear". */
function pickSettings(dto: Partial<PipelineTypeValues>, keepNulls: boolean): PipelineTypeValues {
  const picked: Record<string, unknown> = {};
  for (const key of THRESHOLD_SETTING_KEYS) {
    const value = dto[key];
    if (value !== undefined && (keepNulls || value !== null)) {
      picked[key] = value;
    }
  }
  return picked;
}
