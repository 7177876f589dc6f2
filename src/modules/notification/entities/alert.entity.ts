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
import type { AlertKind, AlertSeverity } from 'src/modules/notification/notification.service';

/** Every kind and severity, once each (a Record makes the compiler check both lists). */
const KINDS: Record<AlertKind, true> = {
  anomaly: true,
  freshness: true,
  timeliness: true,
  queue: true,
  test: true,
};
const SEVERITIES: Record<AlertSeverity, true> = { info: true, warning: true, critical: true };
export const ALERT_KINDS = Object.keys(KINDS) as AlertKind[];
export const ALERT_SEVERITIES = Object.keys(SEVERITIES) as AlertSeverity[];

export const ALERT_DEDUP_KEY_MAX_LENGTH = 255;
export const ALERT_TITLE_MAX_LENGTH = 255;

const sqlList = (values: readonly string[]): string => `(${values.map((v) => `'${v}'`).join(',')})`;

/**
 * A problem Watcher found, recorded once per `dedup_key` (defined by the raising module, e.g.
 * `anomaly:<execution id>`). `details` holds the numbers behind it. Newest-first lists read the
 * primary key backwards (ids grow with created_at, so `since` needs no index of its own).
 */
@Entity({ name: 'alert' })
@Unique('uq_alert_dedup_key', ['dedup_key'])
@Check('ck_alert_kind', `kind IN ${sqlList(ALERT_KINDS)}`)
@Check('ck_alert_severity', `severity IN ${sqlList(ALERT_SEVERITIES)}`)
// A pipeline's alerts newest first (pipeline_id, id DESC), which also serves ON DELETE SET NULL.
// The migration owns it: decorators cannot express DESC.
@Index('ix_alert_pipeline_id_id', { synchronize: false })
export class AlertEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_alert',
  })
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  kind!: AlertKind;

  @Column({ type: 'varchar', length: 10 })
  severity!: AlertSeverity;

  @Column({ type: 'varchar', length: ALERT_DEDUP_KEY_MAX_LENGTH })
  dedup_key!: string;

  @Column({ type: 'int', nullable: true })
  pipeline_id!: number | null;

  /** Mirrors the foreign key only; the pipeline module owns the pipeline table. */
  @ManyToOne('pipeline', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'pipeline_id', foreignKeyConstraintName: 'fk_alert_pipeline' })
  pipeline?: unknown;

  @Column({ type: 'varchar', length: ALERT_TITLE_MAX_LENGTH })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;
}
