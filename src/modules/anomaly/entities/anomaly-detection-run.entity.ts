import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * Which end of an execution detection last evaluated (`end_version`: the execution's updated_at
 * in microseconds since the epoch, which each end rewrites). A repeated delivery of the same execution-ended event finds its end
 * here and changes nothing; ending the execution again writes a new updated_at, so it is
 * evaluated afresh.
 */
@Entity({ name: 'anomaly_detection_run' })
export class AnomalyDetectionRunEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_anomaly_detection_run' })
  pipeline_execution_id!: number | bigint;

  /** Mirrors the foreign key only; the execution module owns pipeline_execution. */
  @ManyToOne('pipeline_execution', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'pipeline_execution_id',
    foreignKeyConstraintName: 'fk_anomaly_detection_run_execution',
  })
  pipeline_execution?: unknown;

  @Column({ type: 'bigint' })
  end_version!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  evaluated_at!: Date;
}
