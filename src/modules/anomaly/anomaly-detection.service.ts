import { Transactional } from '@nestjs-cls/transactional';
import { Injectable, Logger } from '@nestjs/common';
import { AnomalyDetectionRepository } from 'src/modules/anomaly/anomaly-detection.repository';
import {
  type AnomalyDirection,
  type BaselineStatistics,
  type Evaluation,
  evaluate,
  flagChanges,
  type RuleDirection,
} from 'src/modules/anomaly/anomaly-detection.util';
import { anomalyAlert, type FlaggedMetric } from 'src/modules/anomaly/anomaly-alert.util';
import {
  AnomalyResultRepository,
  type NewResult,
} from 'src/modules/anomaly/anomaly-result.repository';
import { AnomalyRuleRepository } from 'src/modules/anomaly/anomaly-rule.repository';
import type { AnomalyDetectionRuleEntity } from 'src/modules/anomaly/entities/anomaly-detection-rule.entity';
import {
  type AnomalySubject,
  ExecutionService,
  type ExecutionMetric,
} from 'src/modules/execution/execution.service';
import { NotificationService } from 'src/modules/notification/notification.service';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

/** What one detection did (for logs and tests). */
export interface DetectionOutcome {
  status: 'evaluated' | 'already_evaluated' | 'not_successful' | 'not_found';
  rulesEvaluated: number;
  anomalies: number;
  /** The execution's alert (raised now, or found from an earlier detection). */
  alertId?: number;
}

type Anomaly = Extract<Evaluation, { outcome: 'anomaly' }>;

interface RuleAnomaly {
  rule: AnomalyDetectionRuleEntity;
  anomaly: Anomaly;
}

@Injectable()
export class AnomalyDetectionService {
  private readonly logger = new Logger(AnomalyDetectionService.name);

  constructor(
    private readonly detectionRepository: AnomalyDetectionRepository,
    private readonly ruleRepository: AnomalyRuleRepository,
    private readonly resultRepository: AnomalyResultRepository,
    private readonly executionService: ExecutionService,
    private readonly pipelineService: PipelineService,
    private readonly notificationService: NotificationService,
  ) {}

  /**
   * Detection of one ended execution. The common case — nothing anomalous, nothing to clear —
   * costs one query (the execution, its rules and all their baselines) and one autocommit write
   * (the end is marked evaluated). Anything else is decided again under the execution's row lock
   * by the transactional path below, which writes results, flags and the alert.
   */
  async detectForExecution(executionId: number): Promise<DetectionOutcome> {
    const input = await this.detectionRepository.findInput(executionId);
    if (!input || !input.isSuccessful) {
      const status = input ? 'not_successful' : 'not_found';
      return { status, rulesEvaluated: 0, anomalies: 0 };
    }
    if (input.isEvaluated) {
      return { status: 'already_evaluated', rulesEvaluated: 0, anomalies: 0 };
    }
    const anomalies = judge(input.metrics, input.rules);
    const flags = flagChanges(
      input.anomalyFlags,
      [],
      input.rules.map((rule) => rule.metric_field),
    );
    if (anomalies.length > 0 || input.hasResults || Object.keys(flags).length > 0) {
      return this.detectUnderLock(executionId);
    }
    await this.detectionRepository.markEvaluated(input.id, input.endVersion);
    return { status: 'evaluated', rulesEvaluated: input.rules.length, anomalies: 0 };
  }

  /**
   * Runs every active rule of the execution's pipeline against its baseline (one query for all
   * rules), and in this one transaction replaces the execution's results, merges its
   * anomaly_flags and raises one alert when something is anomalous (NotificationService.raise
   * joins the transaction: the alert exists iff the results do). Idempotent: a repeated
   * delivery for the same end finds it marked evaluated and changes nothing; a later
   * end of the execution is evaluated afresh.
   */
  @Transactional()
  private async detectUnderLock(executionId: number): Promise<DetectionOutcome> {
    const subject = await this.executionService.lockForAnomalies(executionId);
    if (!subject || !subject.isSuccessful) {
      const status = subject ? 'not_successful' : 'not_found';
      return { status, rulesEvaluated: 0, anomalies: 0 };
    }
    if (await this.resultRepository.isEvaluated(subject.id, subject.endVersion)) {
      return { status: 'already_evaluated', rulesEvaluated: 0, anomalies: 0 };
    }
    const rules = await this.ruleRepository.findActiveByPipeline(subject.pipelineId);
    const anomalies = await this.findAnomalies(subject, rules);
    const cleared = await this.resultRepository.replaceForExecution(
      subject.id,
      subject.endVersion,
      rules.map((rule) => rule.id),
      anomalies.map(toNewResult),
    );
    const anomalousMetrics = anomalies.map(({ rule }) => rule.metric_field);
    await this.executionService.mergeAnomalyFlags(
      subject.id,
      flagChanges(subject.anomalyFlags, anomalousMetrics, [
        ...rules.map((rule) => rule.metric_field),
        ...cleared,
      ]),
    );
    const outcome: DetectionOutcome = {
      status: 'evaluated',
      rulesEvaluated: rules.length,
      anomalies: anomalies.length,
    };
    if (anomalies.length > 0) {
      outcome.alertId = await this.raiseAlert(subject, anomalies);
    }
    return outcome;
  }

  private async raiseAlert(subject: AnomalySubject, anomalies: RuleAnomaly[]): Promise<number> {
    const pipeline = await this.pipelineService.getById(subject.pipelineId);
    const alert = anomalyAlert(
      {
        executionId: subject.id,
        pipelineId: subject.pipelineId,
        pipelineName: pipeline.name,
        startDate: subject.startDate,
      },
      anomalies.map(toFlaggedMetric),
    );
    const { id } = await this.notificationService.raise(alert);
    this.logger.debug(`Execution ${subject.id}: ${alert.title} (alert ${id})`);
    return id;
  }

  private async findAnomalies(
    subject: AnomalySubject,
    rules: AnomalyDetectionRuleEntity[],
  ): Promise<RuleAnomaly[]> {
    const baselines = await this.executionService.getBaselineStatistics(
      subject,
      rules.map((rule) => ({
        metric: rule.metric_field as ExecutionMetric,
        lookbackDays: rule.lookback_days,
      })),
    );
    return judge(
      subject.metrics,
      rules.map((rule, index) => ({ ...rule, baseline: baselines[index] })),
    ).map(({ rule, anomaly }) => ({ rule: rules[rule.index], anomaly }));
  }
}

type JudgedRule = Pick<
  AnomalyDetectionRuleEntity,
  'metric_field' | 'z_threshold' | 'minimum_executions' | 'direction' | 'min_change_percent'
> & { baseline: BaselineStatistics };

/** The rules whose metric value lies outside their baseline's band, with the evaluation. */
function judge(
  metrics: Readonly<Record<string, number | null>>,
  rules: readonly JudgedRule[],
): Array<{ rule: JudgedRule & { index: number }; anomaly: Anomaly }> {
  const found: Array<{ rule: JudgedRule & { index: number }; anomaly: Anomaly }> = [];
  rules.forEach((rule, index) => {
    const evaluation = evaluate(metrics[rule.metric_field] ?? null, rule.baseline, {
      zThreshold: rule.z_threshold,
      minimumExecutions: rule.minimum_executions,
      direction: rule.direction as RuleDirection,
      minChangePercent: rule.min_change_percent,
    });
    if (evaluation.outcome === 'anomaly') {
      found.push({ rule: { ...rule, index }, anomaly: evaluation });
    }
  });
  return found;
}

function toFlaggedMetric({ rule, anomaly }: RuleAnomaly): FlaggedMetric {
  return {
    metric: rule.metric_field,
    value: anomaly.value,
    mean: anomaly.mean,
    stddev: anomaly.stddev,
    zScore: anomaly.zScore,
    lowerBound: anomaly.lowerBound,
    upperBound: anomaly.upperBound,
    baselineSize: anomaly.baselineSize,
    zThreshold: rule.z_threshold,
    direction: anomaly.direction,
  };
}

function toNewResult({ rule, anomaly }: RuleAnomaly): NewResult {
  return {
    anomaly_detection_rule_id: rule.id,
    metric_field: rule.metric_field,
    value: anomaly.value,
    mean: anomaly.mean,
    stddev: anomaly.stddev,
    z_score: anomaly.zScore,
    lower_bound: anomaly.lowerBound,
    upper_bound: anomaly.upperBound,
    baseline_size: anomaly.baselineSize,
    direction: anomaly.direction satisfies AnomalyDirection,
    z_threshold: rule.z_threshold,
  };
}
