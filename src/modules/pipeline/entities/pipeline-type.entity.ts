import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

const DATEPARTS = "('minute','hour','day','week','month','year')";

@Entity({ name: 'pipeline_type' })
@Unique('uq_pipeline_type_name', ['name'])
@Check('ck_pipeline_type_freshness_number', 'freshness_number > 0')
@Check('ck_pipeline_type_timeliness_number', 'timeliness_number > 0')
@Check('ck_pipeline_type_freshness_datepart', `freshness_datepart IN ${DATEPARTS}`)
@Check('ck_pipeline_type_timeliness_datepart', `timeliness_datepart IN ${DATEPARTS}`)
export class PipelineTypeEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'int',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_pipeline_type',
  })
  id!: number;

  @Column({ type: 'varchar', length: 150 })
  name!: string;

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

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  updated_at!: Date | null;
}
