import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

export const THRESHOLD_SOURCES = ['pipeline', 'pipeline_type'] as const;
export type ThresholdSource = (typeof THRESHOLD_SOURCES)[number];

/**
 * What a freshness check found: one row per (pipeline, last DML) that went stale, ever (the
 * unique constraint makes the check idempotent and alerts once per stale DML).
 */
@Entity({ name: 'freshness_pipeline_log' })
@Unique('uq_freshness_pipeline_log_pipeline_last_dml', ['pipeline_id', 'last_dml_timestamp'])
@Check(
  'ck_freshness_pipeline_log_threshold_source',
  `threshold_source IN ('pipeline', 'pipeline_type')`,
)
// Retention and the `since` filter.
@Index('ix_freshness_pipeline_log_evaluation_timestamp', ['evaluation_timestamp'])
export class FreshnessPipelineLogEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_freshness_pipeline_log',
  })
  id!: number;

  @Column({ type: 'int' })
  pipeline_id!: number;

  /** Mirrors the foreign key only; the pipeline module owns the pipeline table. */
  @ManyToOne('pipeline', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'pipeline_id',
    foreignKeyConstraintName: 'fk_freshness_pipeline_log_pipeline',
  })
  pipeline?: unknown;

  /** The latest of the pipeline's last_target_insert/update/soft_delete. */
  @Column({ type: 'timestamptz' })
  last_dml_timestamp!: Date;

  /** last_dml_timestamp + the threshold: when the pipeline became stale. */
  @Column({ type: 'timestamptz' })
  stale_since!: Date;

  /** When the check that found it ran. */
  @Column({ type: 'timestamptz' })
  evaluation_timestamp!: Date;

  @Column({ type: 'int' })
  freshness_number!: number;

  @Column({ type: 'varchar', length: 10 })
  freshness_datepart!: string;

  /** Whose threshold applied: the pipeline's own, or its type's. */
  @Column({ type: 'varchar', length: 20 })
  threshold_source!: ThresholdSource;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}
