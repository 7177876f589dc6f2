import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { stringifyJsonLossless } from 'src/common/http/lossless-json.util';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import type { DeliveryStatus } from 'src/modules/notification/entities/alert-delivery.entity';
import { AlertEntity } from 'src/modules/notification/entities/alert.entity';
import type { AlertKind, AlertSeverity } from 'src/modules/notification/notification.service';

export interface AlertValues {
  kind: AlertKind;
  severity: AlertSeverity;
  dedupKey: string;
  pipelineId: number | null;
  title: string;
  summary: string;
  details: Record<string, unknown>;
}

export interface AlertFilter {
  kind?: AlertKind;
  severity?: AlertSeverity;
  pipelineId?: number;
  since?: Date;
  beforeId?: number;
  limit: number;
}

/** A second raise of one problem (same dedup key) inserts nothing, also when raced. */
const INSERT_IF_ABSENT = `
  INSERT INTO alert (kind, severity, dedup_key, pipeline_id, title, summary, details)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
  ON CONFLICT (dedup_key) DO NOTHING
  RETURNING id`;

/** The delivery statuses of each listed alert (alerts without a delivery are absent). */
const DELIVERY_STATUSES_OF = `
  SELECT alert_id, array_agg(status) AS statuses FROM alert_delivery
  WHERE alert_id = ANY($1::bigint[]) GROUP BY alert_id`;

/** A listed alert with the statuses of its deliveries ([] when no channel was configured). */
export type AlertListRow = AlertEntity & { delivery_statuses: DeliveryStatus[] };

const FIND_ID_BY_DEDUP_KEY = `SELECT id FROM alert WHERE dedup_key = $1`;

@Injectable()
export class AlertRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** The new alert's id, or null when an alert with this dedup key exists. */
  async insertIfAbsent(values: AlertValues): Promise<number | null> {
    const rows: Array<{ id: number }> = await this.txHost.tx.query(INSERT_IF_ABSENT, [
      values.kind,
      values.severity,
      values.dedupKey,
      values.pipelineId,
      values.title,
      values.summary,
      stringifyJsonLossless(values.details),
    ]);
    return rows.length > 0 ? Number(rows[0].id) : null;
  }

  async findIdByDedupKey(dedupKey: string): Promise<number | null> {
    const rows: Array<{ id: number }> = await this.txHost.tx.query(FIND_ID_BY_DEDUP_KEY, [
      dedupKey,
    ]);
    return rows.length > 0 ? Number(rows[0].id) : null;
  }

  findById(id: number): Promise<AlertEntity | null> {
    return this.repository().findOneBy({ id });
  }

  /**
   * Newest first (by id, which grows with created_at), with optional filters, each with its
   * delivery statuses (one more statement for the whole page).
   */
  async list(filter: AlertFilter): Promise<AlertListRow[]> {
    const query = this.repository()
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .limit(filter.limit);
    if (filter.kind !== undefined) {
      query.andWhere('a.kind = :kind', { kind: filter.kind });
    }
    if (filter.severity !== undefined) {
      query.andWhere('a.severity = :severity', { severity: filter.severity });
    }
    if (filter.pipelineId !== undefined) {
      query.andWhere('a.pipeline_id = :pipelineId', { pipelineId: filter.pipelineId });
    }
    if (filter.since !== undefined) {
      query.andWhere('a.created_at >= :since', { since: filter.since.toISOString() });
    }
    if (filter.beforeId !== undefined) {
      query.andWhere('a.id < :beforeId', { beforeId: filter.beforeId });
    }
    const alerts = await query.getMany();
    if (alerts.length === 0) {
      return [];
    }
    const rows: Array<{ alert_id: number | string; statuses: DeliveryStatus[] }> =
      await this.txHost.tx.query(DELIVERY_STATUSES_OF, [alerts.map((alert) => alert.id)]);
    const statuses = new Map(rows.map((row) => [Number(row.alert_id), row.statuses]));
    return alerts.map((alert) =>
      Object.assign(alert, { delivery_statuses: statuses.get(Number(alert.id)) ?? [] }),
    );
  }

  private repository() {
    return this.txHost.tx.getRepository(AlertEntity);
  }
}
