import { AppError, ValidationFailedError } from 'src/common/errors/app-error';

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
  constructor(name: string) {
    super('PIPELINE_NAME_TAKEN', `Another pipeline is already named "${name}"`, 409);
  }
}

export class PipelineTypeNameTakenError extends AppError {
  constructor(name: string) {
    super('PIPELINE_TYPE_NAME_TAKEN', `Another pipeline type is already named "${name}"`, 409);
  }
}

export class MissingLookupKeyError extends ValidationFailedError {
  constructor() {
    super([{ field: 'id', messages: ['id or name is required to find the row to update'] }]);
  }
}
