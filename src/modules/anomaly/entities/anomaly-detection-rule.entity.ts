import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

/**
 * One anomaly detection rule per (pipeline, metric). The unique constraint also serves the
 * detection path ("every active rule of a pipeline"): its leading column is pipeline_id.
 */
@Entity({ name: 'anomaly_detection_rule' })
@Unique('uq_anomaly_detection_rule_pipeline_metric', ['pipeline_id', 'metric_field'])
@Check(
  'ck_anomaly_detection_rule_metric_field',
  `metric_field IN ('duration_seconds','inserts','updates','soft_deletes','total_rows','throughput')`,
)
@Check('ck_anomaly_detection_rule_z_threshold', 'z_threshold BETWEEN 1 AND 10')
@Check('ck_anomaly_detection_rule_lookback_days', 'lookback_days BETWEEN 1 AND 365')
@Check('ck_anomaly_detection_rule_minimum_executions', 'minimum_executions BETWEEN 5 AND 1000')
@Check('ck_anomaly_detection_rule_direction', `direction IN ('both','spike','drop')`)
@Check('ck_anomaly_detection_rule_min_change_percent', 'min_change_percent BETWEEN 0 AND 1000')
export class AnomalyDetectionRuleEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'int',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_anomaly_detection_rule',
  })
  id!: number;

  @Column({ type: 'int' })
  pipeline_id!: number;

  /** Mirrors the foreign key only; the pipeline module owns the pipeline table. */
  @ManyToOne('pipeline', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'pipeline_id',
    foreignKeyConstraintName: 'fk_anomaly_detection_rule_pipeline',
  })
  pipeline?: unknown;

  @Column({ type: 'varchar', length: 30 })
  metric_field!: string;

  @Column({ type: 'double precision', default: 3 })
  z_threshold!: number;

  @Column({ type: 'int', default: 30 })
  lookback_days!: number;

  @Column({ type: 'int', default: 30 })
  minimum_executions!: number;

  /** both: spikes and drops; spike: only values above the band; drop: only below. */
  @Column({ type: 'varchar', length: 10, default: 'both' })
  direction!: string;

  /** A value is an anomaly only if it also differs from the mean by at least this percentage. */
  @Column({ type: 'double precision', default: 0 })
  min_change_percent!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  updated_at!: Date | null;
}
