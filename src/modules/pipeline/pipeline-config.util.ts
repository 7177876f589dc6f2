import { canonicalDigest, isSameJson } from 'src/common/util/canonical-json.util';
import type { PipelineEntity } from 'src/modules/pipeline/entities/pipeline.entity';

/** The pipeline settings POST /pipeline can carry (everything but name and watermarks). */
export interface PipelineConfig {
  pipeline_type_id: number;
  pipeline_metadata?: Record<string, unknown>;
  freshness_number?: number;
  freshness_datepart?: string;
  timeliness_number?: number;
  timeliness_datepart?: string;
}

const CONFIG_KEYS = [
  'pipeline_type_id',
  'pipeline_metadata',
  'freshness_number',
  'freshness_datepart',
  'timeliness_number',
  'timeliness_datepart',
] as const;

export interface SentPipelineFields {
  pipeline_metadata?: Record<string, unknown> | null;
  freshness_number?: number | null;
  freshness_datepart?: string | null;
  timeliness_number?: number | null;
  timeliness_datepart?: string | null;
}

/** The config keys present in the body (null counts as not sent on POST). */
export function pickSentConfig(sent: SentPipelineFields, pipelineTypeId: number): PipelineConfig {
  const config: PipelineConfig = { pipeline_type_id: pipelineTypeId };
  for (const key of CONFIG_KEYS) {
    if (key !== 'pipeline_type_id' && sent[key] !== undefined && sent[key] !== null) {
      (config as unknown as Record<string, unknown>)[key] = sent[key];
    }
  }
  return config;
}

/**
 * Stable digest of what a POST /pipeline body asks for, naming the type by its name (so the
 * one-statement sync can compare it before the type's id is known): equal bodies give equal
 * digests in any process. The type's id is compared on its own (a type renamed since keeps the
 * digest of its old name).
 */
export function configDigest(sent: SentPipelineFields, pipelineTypeName: string): string {
  const fields: Record<string, unknown> = { pipeline_type_name: pipelineTypeName };
  for (const key of CONFIG_KEYS) {
    if (key !== 'pipeline_type_id' && sent[key] !== undefined && sent[key] !== null) {
      fields[key] = sent[key];
    }
  }
  return canonicalDigest(fields);
}

/** The sent config values that differ from the stored row. */
export function changedConfig(
  stored: PipelineEntity,
  config: PipelineConfig,
): Partial<PipelineConfig> {
  const changes: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = config[key];
    if (value !== undefined && !isSameJson(stored[key], value)) {
      changes[key] = value;
    }
  }
  return changes;
}
