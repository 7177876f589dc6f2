import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { AnomalyDetectionRuleEntity } from 'src/modules/anomaly/entities/anomaly-detection-rule.entity';

/**
 * One anomaly: a metric value of an execution outside its rule's band. At most one row per
 * (execution, rule): re-detection replaces it. The statistics are those of the baseline the
 * value was judged against.
 */
@Entity({ name: 'anomaly_detection_result' })
@Unique('uq_anomaly_detection_result_execution_rule', [
  'pipeline_execution_id',
  'anomaly_detection_rule_id',
])
// A rule's latest result (status) and the rule foreign key.
@Index('ix_anomaly_detection_result_rule_id', ['anomaly_detection_rule_id', 'id'])
export class AnomalyDetectionResultEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_anomaly_detection_result',
  })
  id!: number | bigint;

  @Column({ type: 'bigint' })
  pipeline_execution_id!: number | bigint;

  /** Mirrors the foreign key only; the execution module owns pipeline_execution. */
  @ManyToOne('pipeline_execution', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'pipeline_execution_id',
    foreignKeyConstraintName: 'fk_anomaly_detection_result_execution',
  })
  pipeline_execution?: unknown;

  @Column({ type: 'int' })
  anomaly_detection_rule_id!: number;

  @ManyToOne(() => AnomalyDetectionRuleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'anomaly_detection_rule_id',
    foreignKeyConstraintName: 'fk_anomaly_detection_result_rule',
  })
  rule?: AnomalyDetectionRuleEntity;

  /** The rule's metric when the result was written (a rule's metric can be changed later). */
  @Column({ type: 'varchar', length: 30 })
  metric_field!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'double precision' })
  mean!: number;

  @Column({ type: 'double precision' })
  stddev!: number;

  /** Signed: (value - mean) / stddev. */
  @Column({ type: 'double precision' })
  z_score!: number;

  @Column({ type: 'double precision' })
  lower_bound!: number;

  @Column({ type: 'double precision' })
  upper_bound!: number;

  @Column({ type: 'int' })
  baseline_size!: number;

  /** spike (above the band) or drop (below it). */
  @Column({ type: 'varchar', length: 10 })
  direction!: string;

  /** The rule's z_threshold when the result was written. */
  @Column({ type: 'double precision' })
  z_threshold!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}
