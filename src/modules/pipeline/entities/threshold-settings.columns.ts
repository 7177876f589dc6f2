import { Column } from 'typeorm';
import { DATEPARTS } from 'src/common/validation/field.decorators';

/** The settings keys shared by pipelines and pipeline types, in one list. */
export const THRESHOLD_SETTING_KEYS = [
  'freshness_number',
  'freshness_datepart',
  'mute_freshness_check',
  'timeliness_number',
  'timeliness_datepart',
  'mute_timeliness_check',
] as const;

export type ThresholdSettingKey = (typeof THRESHOLD_SETTING_KEYS)[number];

/** `('minute','hour',…)`: the CHECK constraints' list, built from the one DATEPARTS constant. */
export const DATEPARTS_SQL_LIST = `(${DATEPARTS.map((part) => `'${part}'`).join(',')})`;

/**
 * Freshness and timeliness settings: the same columns on `pipeline` and `pipeline_type` (a
 * pipeline's own setting wins over its type's when both its number and datepart are set).
 */
export abstract class ThresholdSettingsColumns {
  @Column({ type: 'int', nullable: true })
  freshness_number!: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  freshness_datepart!: string | null;

  @Column({ type: 'boolean', default: false })
  mute_freshness_check!: boolean;

  @Column({ type: 'int', nullable: true })
  timeliness_number!: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  timeliness_datepart!: string | null;

  @Column({ type: 'boolean', default: false })
  mute_timeliness_check!: boolean;
}
