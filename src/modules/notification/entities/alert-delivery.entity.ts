import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { AlertEntity } from 'src/modules/notification/entities/alert.entity';

export const ALERT_CHANNELS = ['slack', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One channel's delivery of an alert, created `pending` in the transaction that raised the alert
 * (with its deliver-alert job), then `sent` or `failed` (for good) by that job.
 */
@Entity({ name: 'alert_delivery' })
@Unique('uq_alert_delivery_alert_channel', ['alert_id', 'channel'])
@Check('ck_alert_delivery_channel', "channel IN ('slack','webhook')")
@Check('ck_alert_delivery_status', "status IN ('pending','sent','failed')")
@Check('ck_alert_delivery_attempts', 'attempts >= 0')
export class AlertDeliveryEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_alert_delivery',
  })
  id!: number;

  @Column({ type: 'bigint' })
  alert_id!: number;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'fk_alert_delivery_alert' })
  alert?: AlertEntity;

  @Column({ type: 'varchar', length: 20 })
  channel!: AlertChannel;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: DeliveryStatus;

  /** HTTP calls made so far. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  last_error!: string | null;

  /** HTTP status of the last answer (null: no answer, e.g. timeout or connection refused). */
  @Column({ type: 'int', nullable: true })
  response_status!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  sent_at!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  updated_at!: Date | null;
}
