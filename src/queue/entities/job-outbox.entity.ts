import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Jobs not yet handed to a running backend: parked while Redis is unreachable (BullMQ mode), or
 * pending/failed jobs of the in-process runner (so a restart loses none).
 */
@Entity({ name: 'job_outbox' })
@Index('uq_job_outbox_queue_job_id', ['queue', 'job_id'], {
  unique: true,
  where: 'job_id IS NOT NULL',
})
export class JobOutboxEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_job_outbox',
  })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  queue!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  job_id!: string | null;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'int', default: 5 })
  max_attempts!: number;

  @Column({ type: 'int', default: 1000 })
  backoff_ms!: number;

  @Column({ type: 'int', default: 0 })
  attempts_made!: number;

  /** pending | failed */
  @Column({ type: 'varchar', length: 20, default: 'pending' })
  state!: string;

  @Column({ type: 'text', nullable: true })
  last_error!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}
