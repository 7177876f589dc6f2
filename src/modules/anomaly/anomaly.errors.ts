import { AppError } from 'src/common/errors/app-error';

export class AnomalyRuleNotFoundError extends AppError {
  constructor(id: number) {
    super('ANOMALY_RULE_NOT_FOUND', `Anomaly detection rule with id ${id} not found`, 404);
  }
}

export class AnomalyRuleTakenError extends AppError {
  constructor(pipelineId: number, metric: string) {
    super(
      'ANOMALY_RULE_TAKEN',
      `Pipeline ${pipelineId} already has an anomaly detection rule for ${metric}`,
      409,
    );
  }
}

/** A create found the rule taken, then could not read it (its pipeline was deleted meanwhile). */
export class AnomalyRuleVanishedError extends AppError {
  constructor(pipelineId: number, metric: string) {
    super(
      'ANOMALY_RULE_CONFLICT',
      `The anomaly detection rule of pipeline ${pipelineId} for ${metric} was removed while ` +
        'this request ran; retry the request',
      409,
    );
  }
}

export class AnomalyNotFlaggedError extends AppError {
  constructor(executionId: number, metrics: readonly string[]) {
    super(
      'ANOMALY_NOT_FLAGGED',
      `Pipeline execution ${executionId} is not flagged for ${metrics.join(', ')}`,
      404,
    );
  }
}
