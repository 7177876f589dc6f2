import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/** A bigint column: number when it is a safe integer, bigint beyond (see type-parsers.ts). */
export type Int8 = number | bigint;

/**
 * One run of a pipeline. `completed_successfully` null = still running. Counts are bigint.
 * hour_recorded/date_recorded are the UTC hour and day of start_date (anomaly baselines).
 */
@Entity({ name: 'pipeline_execution' })
@Check('ck_pipeline_execution_end_after_start', 'end_date > start_date')
@Check('ck_pipeline_execution_hour_recorded', 'hour_recorded BETWEEN 0 AND 23')
@Check('ck_pipeline_execution_inserts', 'inserts >= 0')
@Check('ck_pipeline_execution_updates', 'updates >= 0')
@Check('ck_pipeline_execution_soft_deletes', 'soft_deletes >= 0')
@Check('ck_pipeline_execution_total_rows', 'total_rows >= 0')
// Anomaly baselines: a pipeline's successful, ended runs in one UTC hour of day, by start date.
@Index('ix_pipeline_execution_anomaly_baseline', ['pipeline_id', 'hour_recorded', 'start_date'], {
  where: 'end_date IS NOT NULL AND completed_successfully',
})
// The newest successful run of a pipeline (the watermark never moves back).
@Index('ix_pipeline_execution_success_start', ['pipeline_id', 'start_date'], {
  where: 'end_date IS NOT NULL AND completed_successfully',
})
// Timeliness: runs still open that started before the lookback window.
@Index('ix_pipeline_execution_running_start', ['start_date'], { where: 'end_date IS NULL' })
// Listing (pipeline_id, id DESC): the migration owns it, decorators cannot express DESC.
@Index('ix_pipeline_execution_pipeline_id_id', { synchronize: false })
// Dashboard (migrations 1764405000000/100 own them): last run by (pipeline_id, start_date DESC,
// id DESC), flagged runs (a jsonpath predicate), reporting groups by (date_recorded, pipeline_id).
@Index('ix_pipeline_execution_pipeline_start', { synchronize: false })
@Index('ix_pipeline_execution_flagged', { synchronize: false })
@Index('ix_pipeline_execution_date_pipeline', { synchronize: false })
@Index('uq_pipeline_execution_idempotency_key', ['pipeline_id', 'idempotency_key'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
// An Idempotency-Key reused for another pipeline is found (and refused) through this one.
@Index('ix_pipeline_execution_idempotency_key', ['idempotency_key'], {
  where: 'idempotency_key IS NOT NULL',
})
export class PipelineExecutionEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_pipeline_execution',
  })
  id!: Int8;

  @Column({ type: 'int' })
  pipeline_id!: number;

  /** Mirrors the foreign key only; the pipeline module owns the pipeline table. */
  @ManyToOne('pipeline', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pipeline_id', foreignKeyConstraintName: 'fk_pipeline_execution_pipeline' })
  pipeline?: unknown;

  @Index('ix_pipeline_execution_parent_id')
  @Column({ type: 'bigint', nullable: true })
  parent_id!: Int8 | null;

  @ManyToOne(() => PipelineExecutionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_pipeline_execution_parent' })
  parent?: PipelineExecutionEntity;

  @Index('ix_pipeline_execution_start_date')
  @Column({ type: 'timestamptz' })
  start_date!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  end_date!: Date | null;

  @Column({ type: 'bigint', nullable: true })
  duration_seconds!: Int8 | null;

  @Column({ type: 'boolean', nullable: true })
  completed_successfully!: boolean | null;

  @Column({ type: 'bigint', nullable: true })
  inserts!: Int8 | null;

  @Column({ type: 'bigint', nullable: true })
  updates!: Int8 | null;

  @Column({ type: 'bigint', nullable: true })
  soft_deletes!: Int8 | null;

  @Column({ type: 'bigint', nullable: true })
  total_rows!: Int8 | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  watermark!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  next_watermark!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  execution_metadata!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  anomaly_flags!: Record<string, boolean> | null;

  @Column({ type: 'numeric', nullable: true })
  throughput!: number | null;

  @Column({ type: 'smallint' })
  hour_recorded!: number;

  /** 'YYYY-MM-DD' */
  @Column({ type: 'date' })
  date_recorded!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  idempotency_key!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  updated_at!: Date | null;
}
