/** What the overview says about a pipeline, problems first (the order of the overview). */
export const PIPELINE_STATES = [
  'failed',
  'late',
  'stale',
  'anomalous',
  'running',
  'succeeded',
  'never_run',
] as const;
export type PipelineState = (typeof PIPELINE_STATES)[number];

export const RUN_STATUSES = ['succeeded', 'failed', 'running'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const FRESHNESS_STATES = ['fresh', 'stale', 'muted', 'no_threshold'] as const;
export type FreshnessState = (typeof FRESHNESS_STATES)[number];

/** 0 for the most urgent state; the overview sorts by this, then by name. */
export function stateRank(state: PipelineState): number {
  return PIPELINE_STATES.indexOf(state);
}

export interface FreshnessInputs {
  /** Muted on the pipeline or its type, or the pipeline is inactive (never checked). */
  isMuted: boolean;
  hasThreshold: boolean;
  /** Last DML + threshold; null without a DML. */
  dueAt: Date | null;
  now: Date;
}

/** The freshness state the overview shows, with the freshness check's rule (DESIGN §5.5). */
export function freshnessState(inputs: FreshnessInputs): FreshnessState {
  if (inputs.isMuted) {
    return 'muted';
  }
  if (!inputs.hasThreshold) {
    return 'no_threshold';
  }
  return inputs.dueAt !== null && inputs.dueAt.getTime() < inputs.now.getTime() ? 'stale' : 'fresh';
}
