import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const OUTBOX_STATES = ['pending', 'relaying', 'done', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * Every job starts as a row here, written in the requesting transaction (so a job exists iff
 * that transaction commits). BullMQ mode relays rows to Redis and deletes them; the in-process
 * runner runs them from here. States: `pending` (due at available_at), `relaying` (claimed by a
 * relay or runner until available_at, then claimable again), `done` (kept only for once-ever
 * keys), `dead` (gave up; visible in /health/ready until housekeeping removes it).
 */
@Entity({ name: 'job_outbox' })
@Index('uq_job_outbox_pending_key', ['queue', 'job_id'], {
  unique: true,
  where: `job_id IS NOT NULL AND dedup = 'while-pending' AND state IN ('pending', 'relaying')`,
})
@Index('uq_job_outbox_once_key', ['queue', 'job_id'], {
  unique: true,
  where: `job_id IS NOT NULL AND dedup = 'once-ever'`,
})
@Index('ix_job_outbox_due', ['available_at'], { where: `state IN ('pending', 'relaying')` })
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

  /** The dedup key (null for dedup `none`: the backend job id is then `outbox-<id>`). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  job_id!: string | null;

  @Column({ type: 'varchar', length: 20, default: 'none' })
  dedup!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'int', default: 5 })
  max_attempts!: number;

  @Column({ type: 'int', default: 1000 })
  backoff_ms!: number;

  @Column({ type: 'int', default: 0 })
  attempts_made!: number;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  state!: OutboxState;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  available_at!: Date;

  @Column({ type: 'text', nullable: true })
  last_error!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at!: Date;
}
