import { AppError, ValidationFailedError } from 'src/common/errors/app-error';

export class LineageSourceNotFoundError extends AppError {
  constructor(id: number) {
    super('ADDRESS_NOT_FOUND', `Address with id ${id} not found`, 404);
  }
}

export class TooManyLineageEdgesError extends ValidationFailedError {
  constructor(sources: number, targets: number, max: number) {
    super([
      {
        field: 'target_addresses',
        messages: [
          `${sources} distinct sources × ${targets} distinct targets = ${sources * targets} ` +
            `edges; at most ${max} per write`,
        ],
      },
    ]);
  }
}
