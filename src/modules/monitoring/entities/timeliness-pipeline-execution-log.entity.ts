import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import type { ThresholdSource } from 'src/modules/monitoring/entities/freshness-pipeline-log.entity';

export const LATE_EXECUTION_STATUSES = ['running', 'completed'] as const;
export type LateExecutionStatus = (typeof LATE_EXECUTION_STATUSES)[number];

/**
 * What a timeliness check found: one row per late execution, ever (logged and alerted once).
 * Deleted with its execution (log cleanup counts them first).
 */
@Entity({ name: 'timeliness_pipeline_execution_log' })
@Check(
  'ck_timeliness_pipeline_execution_log_status',
  `execution_status IN ('running', 'completed')`,
)
@Check(
  'ck_timeliness_pipeline_execution_log_threshold_source',
  `threshold_source IN ('pipeline', 'pipeline_type')`,
)
// The list, newest first, for one pipeline or all; the `since` filter.
@Index('ix_timeliness_pipeline_execution_log_pipeline_created', ['pipeline_id', 'created_at'])
@Index('ix_timeliness_pipeline_execution_log_created_at', ['created_at'])
export class TimelinessPipelineExecutionLogEntity {
  @PrimaryColumn({
    type: 'bigint',
    primaryKeyConstraintName: 'pk_timeliness_pipeline_execution_log',
  })
  pipeline_execution_id!: number;

  /** Mirrors the foreign key only; the execution module owns the execution table. */
  @ManyToOne('pipeline_execution', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'pipeline_execution_id',
    foreignKeyConstraintName: 'fk_timeliness_pipeline_execution_log_execution',
  })
  execution?: unknown;

  @Column({ type: 'int' })
  pipeline_id!: number;

  @ManyToOne('pipeline', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'pipeline_id',
    foreignKeyConstraintName: 'fk_timeliness_pipeline_execution_log_pipeline',
  })
  pipeline?: unknown;

  /** `running`: not ended when the check ran; `completed`: ended after its deadline. */
  @Column({ type: 'varchar', length: 20 })
  execution_status!: LateExecutionStatus;

  @Column({ type: 'timestamptz' })
  start_date!: Date;

  /** The end_date when the check ran (null while running). */
  @Column({ type: 'timestamptz', nullable: true })
  end_date!: Date | null;

  /** start_date + the threshold. */
  @Column({ type: 'timestamptz' })
  deadline!: Date;

  /** How long it had run when the check ran (running), or its whole run (completed). */
  @Column({ type: 'bigint' })
  duration_seconds!: number;

  /** deadline − start_date, in seconds. */
  @Column({ type: 'bigint' })
  seconds_threshold!: number;

  @Column({ type: 'int' })
  timeliness_number!: number;

  @Column({ type: 'varchar', length: 10 })
  timeliness_datepart!: string;

  @Column({ type: 'varchar', length: 20 })
  threshold_source!: ThresholdSource;

  /** When the check that found it ran. */
  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}
