import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  DATEPARTS_SQL_LIST,
  ThresholdSettingsColumns,
} from 'src/modules/pipeline/entities/threshold-settings.columns';

@Entity({ name: 'pipeline_type' })
@Unique('uq_pipeline_type_name', ['name'])
@Check('ck_pipeline_type_freshness_number', 'freshness_number > 0')
@Check('ck_pipeline_type_timeliness_number', 'timeliness_number > 0')
@Check('ck_pipeline_type_freshness_datepart', `freshness_datepart IN ${DATEPARTS_SQL_LIST}`)
@Check('ck_pipeline_type_timeliness_datepart', `timeliness_datepart IN ${DATEPARTS_SQL_LIST}`)
export class PipelineTypeEntity extends ThresholdSettingsColumns {
  @PrimaryGeneratedColumn('identity', {
    type: 'int',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_pipeline_type',
  })
  id!: number;

  @Column({ type: 'varchar', length: 150 })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  updated_at!: Date | null;
}
