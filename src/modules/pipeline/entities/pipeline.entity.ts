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
import { PipelineTypeEntity } from 'src/modules/pipeline/entities/pipeline-type.entity';
import {
  DATEPARTS_SQL_LIST,
  ThresholdSettingsColumns,
} from 'src/modules/pipeline/entities/threshold-settings.columns';

@Entity({ name: 'pipeline' })
@Unique('uq_pipeline_name', ['name'])
@Check('ck_pipeline_freshness_number', 'freshness_number > 0')
@Check('ck_pipeline_timeliness_number', 'timeliness_number > 0')
@Check('ck_pipeline_freshness_datepart', `freshness_datepart IN ${DATEPARTS_SQL_LIST}`)
@Check('ck_pipeline_timeliness_datepart', `timeliness_datepart IN ${DATEPARTS_SQL_LIST}`)
export class PipelineEntity extends ThresholdSettingsColumns {
  @PrimaryGeneratedColumn('identity', {
    type: 'int',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_pipeline',
  })
  id!: number;

  @Column({ type: 'varchar', length: 150 })
  name!: string;

  @Index('ix_pipeline_pipeline_type_id')
  @Column({ type: 'int' })
  pipeline_type_id!: number;

  @ManyToOne(() => PipelineTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pipeline_type_id', foreignKeyConstraintName: 'fk_pipeline_pipeline_type' })
  pipeline_type?: PipelineTypeEntity;

  @Column({ type: 'varchar', length: 255, nullable: true })
  watermark!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  next_watermark!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  pipeline_metadata!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', nullable: true })
  last_target_insert!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  last_target_update!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  last_target_soft_delete!: Date | null;

  @Column({ type: 'boolean', default: true })
  load_lineage!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** sha256 of the canonical JSON of the config last sent to POST /pipeline. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  config_hash!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  updated_at!: Date | null;

  /** The newest successful run (by start_date, then id): only a run at least as new moves the watermark. */
  @Column({ type: 'timestamptz', nullable: true })
  newest_success_start_date!: Date | null;

  @Column({ type: 'bigint', nullable: true })
  newest_success_execution_id!: string | null;
}
