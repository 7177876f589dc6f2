export interface ErrorDetail {
  field: string;
  messages: string[];
}

/** Base class of every domain error. The exception filter turns it into the error response. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly details: ErrorDetail[] | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends AppError {
  constructor(details: ErrorDetail[]) {
    const summary = details.map((detail) => `${detail.field}: ${detail.messages.join('; ')}`);
    super('VALIDATION_FAILED', `Validation failed: ${summary.join(' | ')}`, 422, details);
  }
}
