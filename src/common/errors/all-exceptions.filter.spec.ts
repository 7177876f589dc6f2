import { type ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from 'src/common/errors/all-exceptions.filter';
import { AppError } from 'src/common/errors/app-error';
import { registerConstraintError } from 'src/common/errors/constraint-errors';

class TakenError extends AppError {
  constructor() {
    super('THING_NAME_TAKEN', 'Another thing has that name', 409);
  }
}
registerConstraintError('uq_thing_name', () => new TakenError());

function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({
      getRequest: () => ({ method: 'POST', originalUrl: '/x' }),
      getResponse: () => response,
    }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

function pgError(fields: Record<string, string>): QueryFailedError {
  return new QueryFailedError(
    'UPDATE thing SET name = $1',
    ['secret value'],
    Object.assign(new Error('pg says'), fields),
  );
}

describe('AllExceptionsFilter', () => {
  it('should answer a unique violation on a registered constraint with the domain error', () => {
    const { status, body } = answer(
      pgError({
        code: '23505',
        constraint: 'uq_thing_name',
        detail: 'Key (name)=(secret value) already exists.',
      }),
    );
    expect(status).toBe(409);
    expect(body).toMatchObject({
      code: 'THING_NAME_TAKEN',
      message: 'Another thing has that name',
    });
  });

  it('should never put PostgreSQL detail text (with user values) in a mapped answer', () => {
    const { status, body } = answer(
      pgError({
        code: '23505',
        constraint: 'uq_other',
        detail: 'Key (name)=(secret value) already exists.',
      }),
    );
    expect(status).toBe(409);
    expect(body.code).toBe('CONFLICT');
    expect(JSON.stringify(body)).not.toContain('secret value');
  });

  it.each([
    ['22021', 'UNSUPPORTED_CHARACTER'],
    ['22P05', 'UNSUPPORTED_CHARACTER'],
    ['22003', 'VALUE_OUT_OF_RANGE'],
    ['54001', 'VALUE_TOO_COMPLEX'],
  ])('should answer SQLSTATE %s with 422 %s', (sqlState, code) => {
    const { status, body } = answer(pgError({ code: sqlState }));
    expect(status).toBe(422);
    expect(body.code).toBe(code);
  });

  it('should answer an unknown database error with a generic 500', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { status, body } = answer(pgError({ code: '42P01' }));
    expect(status).toBe(500);
    expect(body).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
    logged.mockRestore();
  });
});
