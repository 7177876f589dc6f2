import type { RuleDirection } from 'src/modules/anomaly/anomaly-detection.util';
import { RULE_LIMITS } from 'src/modules/anomaly/dto/anomaly-rule-field.decorators';

/** The settings of a rule besides its (pipeline, metric) identity. */
export interface RuleSettings {
  z_threshold: number;
  lookback_days: number;
  minimum_executions: number;
  direction: RuleDirection;
  min_change_percent: number;
  active: boolean;
}

export const RULE_SETTING_KEYS = [
  'z_threshold',
  'lookback_days',
  'minimum_executions',
  'direction',
  'min_change_percent',
  'active',
] as const satisfies ReadonlyArray<keyof RuleSettings>;

export const DEFAULT_RULE_SETTINGS: Readonly<RuleSettings> = {
  z_threshold: RULE_LIMITS.zThreshold.default,
  lookback_days: RULE_LIMITS.lookbackDays.default,
  minimum_executions: RULE_LIMITS.minimumExecutions.default,
  direction: 'both',
  min_change_percent: RULE_LIMITS.minChangePercent.default,
  active: true,
};

export type SentSettings = { [K in keyof RuleSettings]?: RuleSettings[K] | null };

/** The settings present in a body (null on POST counts as not sent). */
export function pickSentSettings(sent: SentSettings): Partial<RuleSettings> {
  const picked: Partial<Record<keyof RuleSettings, unknown>> = {};
  for (const key of RULE_SETTING_KEYS) {
    const value = sent[key];
    if (value !== undefined && value !== null) {
      picked[key] = value;
    }
  }
  return picked as Partial<RuleSettings>;
}

/** The sent settings that differ from the stored ones. */
export function changedSettings(
  stored: Readonly<RuleSettings>,
  sent: Partial<RuleSettings>,
): Partial<RuleSettings> {
  const changes: Partial<Record<keyof RuleSettings, unknown>> = {};
  for (const key of RULE_SETTING_KEYS) {
    if (sent[key] !== undefined && sent[key] !== stored[key]) {
      changes[key] = sent[key];
    }
  }
  return changes as Partial<RuleSettings>;
}
