export type ThresholdSource = 'pipeline' | 'pipeline_type';

export interface ThresholdColumns {
  number: number | null;
  datepart: string | null;
}

export interface EffectiveThreshold {
  number: number;
  datepart: string;
  source: ThresholdSource;
}

export interface EffectiveMute {
  value: boolean;
  /** Where the mute comes from (the pipeline wins when both are muted); null when not muted. */
  source: ThresholdSource | null;
}

/**
 * DESIGN §5.5: the pipeline's (number, datepart) when both are set, else its type's when both
 * are set, else none. A half-set pair (which validation refuses) counts as unset.
 */
export function effectiveThreshold(
  pipeline: ThresholdColumns,
  pipelineType: ThresholdColumns,
): EffectiveThreshold | null {
  if (pipeline.number !== null && pipeline.datepart !== null) {
    return { number: pipeline.number, datepart: pipeline.datepart, source: 'pipeline' };
  }
  if (pipelineType.number !== null && pipelineType.datepart !== null) {
    return {
      number: pipelineType.number,
      datepart: pipelineType.datepart,
      source: 'pipeline_type',
    };
  }
  return null;
}

/** A mute on the pipeline or on its type silences the check. */
export function effectiveMute(isPipelineMuted: boolean, isTypeMuted: boolean): EffectiveMute {
  if (isPipelineMuted) {
    return { value: true, source: 'pipeline' };
  }
  if (isTypeMuted) {
    return { value: true, source: 'pipeline_type' };
  }
  return { value: false, source: null };
}
