import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { IdResponse } from 'src/common/dto/id.response';
import type { UpsertResult } from 'src/common/http/upsert-result';
import {
  changedSettings,
  DEFAULT_RULE_SETTINGS,
  pickSentSettings,
  type RuleSettings,
} from 'src/modules/anomaly/anomaly-rule-settings.util';
import {
  AnomalyRuleNotFoundError,
  AnomalyRuleTakenError,
  AnomalyRuleVanishedError,
} from 'src/modules/anomaly/anomaly.errors';
import { toRuleResponse, toRuleStatus } from 'src/modules/anomaly/anomaly.mapper';
import { AnomalyResultRepository } from 'src/modules/anomaly/anomaly-result.repository';
import {
  AnomalyRuleRepository,
  type RuleValues,
} from 'src/modules/anomaly/anomaly-rule.repository';
import type { AnomalyRuleStatusResponse } from 'src/modules/anomaly/dto/anomaly-rule-status.response';
import type { AnomalyRuleResponse } from 'src/modules/anomaly/dto/anomaly-rule.response';
import type { CreateAnomalyRuleDto } from 'src/modules/anomaly/dto/create-anomaly-rule.dto';
import type { ListAnomalyRulesQuery } from 'src/modules/anomaly/dto/list-anomaly-rules.query';
import type { UpdateAnomalyRuleDto } from 'src/modules/anomaly/dto/update-anomaly-rule.dto';
import type { AnomalyDetectionRuleEntity } from 'src/modules/anomaly/entities/anomaly-detection-rule.entity';
import { ExecutionService, type ExecutionMetric } from 'src/modules/execution/execution.service';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

@Injectable()
export class AnomalyRuleService {
  constructor(
    private readonly repository: AnomalyRuleRepository,
    private readonly resultRepository: AnomalyResultRepository,
    private readonly pipelineService: PipelineService,
    private readonly executionService: ExecutionService,
  ) {}

  /**
   * POST /anomaly_detection_rule: get-or-create by (pipeline, metric), race-safe. On an
   * existing rule, settings sent that differ are written (an identical body writes nothing).
   */
  @Transactional()
  async create(dto: CreateAnomalyRuleDto): Promise<UpsertResult<IdResponse>> {
    await this.pipelineService.assertExists(dto.pipeline_id);
    const sent = pickSentSettings(dto);
    const id = await this.repository.insertIfAbsent({
      pipeline_id: dto.pipeline_id,
      metric_field: dto.metric_field,
      ...DEFAULT_RULE_SETTINGS,
      ...sent,
    });
    if (id !== null) {
      return { created: true, body: { id } };
    }
    const existing = await this.repository.lockByPipelineMetric(dto.pipeline_id, dto.metric_field);
    if (!existing) {
      throw new AnomalyRuleVanishedError(dto.pipeline_id, dto.metric_field);
    }
    const changes = changedSettings(settingsOf(existing), sent);
    if (Object.keys(changes).length > 0) {
      await this.repository.update(existing.id, changes);
    }
    return { created: false, body: { id: existing.id } };
  }

  async list(query: ListAnomalyRulesQuery): Promise<AnomalyRuleResponse[]> {
    const rules = await this.repository.list(query);
    return rules.map(toRuleResponse);
  }

  async getById(id: number): Promise<AnomalyRuleResponse> {
    return toRuleResponse(await this.findOrThrow(id));
  }

  /**
   * PATCH /anomaly_detection_rule: only the keys sent change. Moving the rule onto a (pipeline,
   * metric) that already has a rule is a 409; an unknown pipeline a 404.
   */
  @Transactional()
  async update(dto: UpdateAnomalyRuleDto): Promise<AnomalyRuleResponse> {
    const rule = await this.repository.lockById(dto.id);
    if (!rule) {
      throw new AnomalyRuleNotFoundError(dto.id);
    }
    const values: RuleValues = { ...pickSentSettings(dto) };
    if (dto.pipeline_id !== undefined) {
      values.pipeline_id = dto.pipeline_id;
    }
    if (dto.metric_field !== undefined) {
      values.metric_field = dto.metric_field;
    }
    await this.assertCanMove(rule, values);
    if (Object.keys(values).length > 0) {
      await this.repository.update(rule.id, values);
    }
    return toRuleResponse(await this.findOrThrow(rule.id));
  }

  /** GET /anomaly_detection_rule/{id}/status. */
  async getStatus(id: number): Promise<AnomalyRuleStatusResponse> {
    const rule = await this.findOrThrow(id);
    const baselines = await this.executionService.getBaselineBuckets(rule.pipeline_id, {
      metric: rule.metric_field as ExecutionMetric,
      lookbackDays: rule.lookback_days,
    });
    const lastResult = await this.resultRepository.findLatestForRule(rule.id);
    return toRuleStatus(rule, baselines, lastResult);
  }

  private async assertCanMove(rule: AnomalyDetectionRuleEntity, values: RuleValues) {
    const pipelineId = values.pipeline_id ?? rule.pipeline_id;
    const metric = values.metric_field ?? rule.metric_field;
    if (pipelineId !== rule.pipeline_id) {
      await this.pipelineService.assertExists(pipelineId);
    }
    if (pipelineId === rule.pipeline_id && metric === rule.metric_field) {
      return;
    }
    const takenBy = await this.repository.findIdByPipelineMetric(pipelineId, metric);
    if (takenBy !== null && takenBy !== rule.id) {
      throw new AnomalyRuleTakenError(pipelineId, metric);
    }
  }

  private async findOrThrow(id: number): Promise<AnomalyDetectionRuleEntity> {
    const rule = await this.repository.findById(id);
    if (!rule) {
      throw new AnomalyRuleNotFoundError(id);
    }
    return rule;
  }
}

function settingsOf(rule: AnomalyDetectionRuleEntity): RuleSettings {
  return {
    z_threshold: rule.z_threshold,
    lookback_days: rule.lookback_days,
    minimum_executions: rule.minimum_executions,
    direction: rule.direction as RuleSettings['direction'],
    min_change_percent: rule.min_change_percent,
    active: rule.active,
  };
}
