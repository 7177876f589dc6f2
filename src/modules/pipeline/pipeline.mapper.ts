import { toIsoOrNull } from 'src/common/util/iso-timestamp.util';
import type { PipelineTypeEntity } from 'src/modules/pipeline/entities/pipeline-type.entity';
import type { PipelineEntity } from 'src/modules/pipeline/entities/pipeline.entity';
import type { PipelineTypeResponse } from 'src/modules/pipeline/dto/pipeline-type.response';
import type { PipelineResponse } from 'src/modules/pipeline/dto/pipeline.response';
import type { ThresholdSettingsResponse } from 'src/modules/pipeline/dto/threshold-settings.response';
import type { ThresholdSettingsColumns } from 'src/modules/pipeline/entities/threshold-settings.columns';

function toThresholdSettings(entity: ThresholdSettingsColumns): ThresholdSettingsResponse {
  return {
    freshness_number: entity.freshness_number,
    freshness_datepart: entity.freshness_datepart,
    mute_freshness_check: entity.mute_freshness_check,
    timeliness_number: entity.timeliness_number,
    timeliness_datepart: entity.timeliness_datepart,
    mute_timeliness_check: entity.mute_timeliness_check,
  };
}

export function toPipelineTypeResponse(entity: PipelineTypeEntity): PipelineTypeResponse {
  return {
    id: entity.id,
    name: entity.name,
    ...toThresholdSettings(entity),
    created_at: toIsoOrNull(entity.created_at) as string,
    updated_at: toIsoOrNull(entity.updated_at),
  };
}

export function toPipelineResponse(entity: PipelineEntity): PipelineResponse {
  return {
    id: entity.id,
    name: entity.name,
    pipeline_type_id: entity.pipeline_type_id,
    watermark: entity.watermark,
    next_watermark: entity.next_watermark,
    pipeline_metadata: entity.pipeline_metadata,
    last_target_insert: toIsoOrNull(entity.last_target_insert),
    last_target_update: toIsoOrNull(entity.last_target_update),
    last_target_soft_delete: toIsoOrNull(entity.last_target_soft_delete),
    ...toThresholdSettings(entity),
    load_lineage: entity.load_lineage,
    active: entity.active,
    created_at: toIsoOrNull(entity.created_at) as string,
    updated_at: toIsoOrNull(entity.updated_at),
  };
}
