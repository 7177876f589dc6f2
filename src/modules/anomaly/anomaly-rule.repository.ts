import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { AnomalyDetectionRuleEntity } from 'src/modules/anomaly/entities/anomaly-detection-rule.entity';

/** The settings columns of a rule (everything a POST or PATCH can write). */
export type RuleValues = Partial<
  Pick<
    AnomalyDetectionRuleEntity,
    | 'pipeline_id'
    | 'metric_field'
    | 'z_threshold'
    | 'lookback_days'
    | 'minimum_executions'
    | 'direction'
    | 'min_change_percent'
    | 'active'
  >
>;

export interface RuleFilter {
  pipeline_id?: number;
  active?: boolean;
  metric_field?: string;
  limit?: number;
  offset?: number;
}

export type NewRule = Required<RuleValues>;

/** A taken (pipeline, metric) inserts nothing (and returns no row). */
const INSERT_RULE = `
  INSERT INTO anomaly_detection_rule (pipeline_id, metric_field, z_threshold, lookback_days,
    minimum_executions, direction, min_change_percent, active)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT ON CONSTRAINT uq_anomaly_detection_rule_pipeline_metric DO NOTHING
  RETURNING id`;

@Injectable()
export class AnomalyRuleRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** The new rule's id, or null when the pipeline already has a rule for the metric. */
  async insertIfAbsent(values: NewRule): Promise<number | null> {
    const rows: Array<{ id: number }> = await this.txHost.tx.query(INSERT_RULE, [
      values.pipeline_id,
      values.metric_field,
      values.z_threshold,
      values.lookback_days,
      values.minimum_executions,
      values.direction,
      values.min_change_percent,
      values.active,
    ]);
    return rows.length > 0 ? rows[0].id : null;
  }

  findById(id: number): Promise<AnomalyDetectionRuleEntity | null> {
    return this.repository().findOneBy({ id });
  }

  /** Reads and row-locks the rule for the rest of the transaction. */
  lockById(id: number): Promise<AnomalyDetectionRuleEntity | null> {
    return this.repository()
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  lockByPipelineMetric(
    pipelineId: number,
    metric: string,
  ): Promise<AnomalyDetectionRuleEntity | null> {
    return this.repository()
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.pipeline_id = :pipelineId AND r.metric_field = :metric', { pipelineId, metric })
      .getOne();
  }

  async findIdByPipelineMetric(pipelineId: number, metric: string): Promise<number | null> {
    const row = await this.repository().findOne({
      select: { id: true },
      where: { pipeline_id: pipelineId, metric_field: metric },
    });
    return row?.id ?? null;
  }

  /** The active rules of a pipeline, by id (the unique (pipeline_id, metric_field) index). */
  findActiveByPipeline(pipelineId: number): Promise<AnomalyDetectionRuleEntity[]> {
    return this.repository().find({
      where: { pipeline_id: pipelineId, active: true },
      order: { id: 'ASC' },
    });
  }

  async update(id: number, values: RuleValues): Promise<void> {
    await this.repository().update(id, { ...values, updated_at: () => 'now()' });
  }

  list(filter: RuleFilter): Promise<AnomalyDetectionRuleEntity[]> {
    const query = this.repository().createQueryBuilder('r').orderBy('r.id', 'ASC');
    if (filter.pipeline_id !== undefined) {
      query.andWhere('r.pipeline_id = :pipelineId', { pipelineId: filter.pipeline_id });
    }
    if (filter.active !== undefined) {
      query.andWhere('r.active = :active', { active: filter.active });
    }
    if (filter.metric_field !== undefined) {
      query.andWhere('r.metric_field = :metric', { metric: filter.metric_field });
    }
    if (filter.limit !== undefined) {
      query.limit(filter.limit);
    }
    if (filter.offset !== undefined) {
      query.offset(filter.offset);
    }
    return query.getMany();
  }

  private repository() {
    return this.txHost.tx.getRepository(AnomalyDetectionRuleEntity);
  }
}
