import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per periodic check and time slot: a scheduler claims the slot here (INSERT … ON
 * CONFLICT DO NOTHING) before it enqueues, so any number of worker replicas run each slot once.
 */
@Entity({ name: 'scheduled_run' })
export class ScheduledRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_scheduled_run' })
  check_name!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_scheduled_run' })
  slot_start!: Date;

  /** host:pid of the replica that claimed the slot. */
  @Column({ type: 'varchar', length: 200 })
  claimed_by!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  claimed_at!: Date;
}
