import { AppError } from 'src/common/errors/app-error';

export class ExecutionNotFoundError extends AppError {
  constructor(id: number, role: 'execution' | 'parent' = 'execution') {
    const what = role === 'parent' ? 'Parent execution' : 'Pipeline execution';
    super('EXECUTION_NOT_FOUND', `${what} with id ${id} not found`, 404);
  }
}

/** The execution exists, but under another pipeline than the request named (404: not found there). */
export class ExecutionNotInPipelineError extends AppError {
  constructor(id: number, pipelineId: number) {
    super(
      'EXECUTION_NOT_IN_PIPELINE',
      `Pipeline execution with id ${id} does not belong to pipeline ${pipelineId}`,
      404,
    );
  }
}

export class ExecutionEndBeforeStartError extends AppError {
  constructor(endDate: Date, startDate: Date) {
    super(
      'EXECUTION_END_BEFORE_START',
      `end_date must be greater than start_date (end_date ${endDate.toISOString()} is not ` +
        `after start_date ${startDate.toISOString()})`,
      400,
    );
  }
}

/**
 * The row that made an Idempotency-Key conflict disappeared before it could be read (its
 * pipeline was deleted meanwhile). Retrying the request is safe.
 */
export class IdempotentStartVanishedError extends AppError {
  constructor(pipelineId: number) {
    super(
      'EXECUTION_IDEMPOTENCY_CONFLICT',
      `The execution started earlier with this Idempotency-Key for pipeline ${pipelineId} was ` +
        'removed while this request ran; retry the request',
      409,
    );
  }
}

export class ExecutionTooDeepError extends AppError {
  constructor(parentId: number, maxDepth: number) {
    super(
      'EXECUTION_TOO_DEEP',
      `Parent execution ${parentId} is already nested ${maxDepth} levels deep; an execution may ` +
        `have at most ${maxDepth} ancestors`,
      422,
      [{ field: 'parent_id', messages: [`nesting is limited to ${maxDepth} levels`] }],
    );
  }
}

/** An Idempotency-Key sent again with a different start: the first execution is not returned. */
export class IdempotencyKeyReusedError extends AppError {
  constructor(fields: string[]) {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      `This Idempotency-Key already started an execution with a different ${fields.join(', ')}; ` +
        'use a new key for a different start',
      422,
      fields.map((field) => ({
        field,
        messages: [`${field} differs from the first request with this Idempotency-Key`],
      })),
    );
  }
}
