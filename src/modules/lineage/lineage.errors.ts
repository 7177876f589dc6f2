import { AppError } from 'src/common/errors/app-error';

export class LineageSourceNotFoundError extends AppError {
  constructor(id: number) {
    super('ADDRESS_NOT_FOUND', `Address with id ${id} not found`, 404);
  }
}
