import { AppError, ValidationFailedError } from 'src/common/errors/app-error';
import { registerConstraintError } from 'src/common/errors/constraint-errors';

export class PipelineNotFoundError extends AppError {
  constructor(key: number | string) {
    const what = typeof key === 'number' ? `id ${key}` : `name "${key}"`;
    super('PIPELINE_NOT_FOUND', `Pipeline with ${what} not found`, 404);
  }
}

export class PipelineTypeNotFoundError extends AppError {
  constructor(key: number | string) {
    const what = typeof key === 'number' ? `id ${key}` : `name "${key}"`;
    super('PIPELINE_TYPE_NOT_FOUND', `Pipeline type with ${what} not found`, 404);
  }
}

export class PipelineNameTakenError extends AppError {
  constructor(name?: string) {
    const what = name === undefined ? 'that name' : `"${name}"`;
    super('PIPELINE_NAME_TAKEN', `Another pipeline is already named ${what}`, 409);
  }
}

export class PipelineTypeNameTakenError extends AppError {
  constructor(name?: string) {
    const what = name === undefined ? 'that name' : `"${name}"`;
    super('PIPELINE_TYPE_NAME_TAKEN', `Another pipeline type is already named ${what}`, 409);
  }
}

// A rename race that only the unique index catches answers like the checked case.
registerConstraintError('uq_pipeline_name', () => new PipelineNameTakenError());
registerConstraintError('uq_pipeline_type_name', () => new PipelineTypeNameTakenError());

export class MissingLookupKeyError extends ValidationFailedError {
  constructor() {
    super([{ field: 'id', messages: ['id or name is required to find the row to update'] }]);
  }
}
