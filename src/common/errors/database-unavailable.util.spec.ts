import { DatabaseError } from 'pg';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { isDatabaseUnavailableError } from 'src/common/errors/database-unavailable.util';

function pgError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, syscall: 'connect' });
}

function wrapped(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('isDatabaseUnavailableError', () => {
  it.each([
    ['connection refused', socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', socketError('ECONNRESET', 'read ECONNRESET')],
    ['DNS failure', socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND db')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    ['no free pooled connection in time', new Error('timeout exceeded when trying to connect')],
    ['client-side query timeout', new Error('Query read timeout')],
    [
      'broken client reused',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['admin shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    [
      'crash shutdown',
      pgError('57P02', 'terminating connection because of crash of another server process'),
    ],
    ['starting up', pgError('57P03', 'the database system is starting up')],
    ['connection exception class 08', pgError('08006', 'connection failure')],
    ['statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    [
      'idle in transaction timeout',
      pgError('25P03', 'terminating connection due to idle-in-transaction timeout'),
    ],
    ['too many connections', pgError('53300', 'sorry, too many clients already')],
  ])('should classify %s as unavailable, bare and wrapped by TypeORM', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
    expect(isDatabaseUnavailableError(wrapped(error))).toBe(true);
    expect(isDatabaseUnavailableError(new Error('outer', { cause: error }))).toBe(true);
  });

  it('should look inside an AggregateError (a host with several addresses)', () => {
    const refused = socketError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432');
    expect(isDatabaseUnavailableError(new AggregateError([refused], ''))).toBe(true);
  });

  it.each([
    ['a unique violation', wrapped(pgError('23505', 'duplicate key value'))],
    ['a syntax error', wrapped(pgError('42601', 'syntax error at or near "SELEC"'))],
    ['a missing database (not transient)', pgError('3D000', 'database "nope" does not exist')],
    ['a wrong password (not transient)', pgError('28P01', 'password authentication failed')],
    ['an entity that is not found', new EntityNotFoundError('Pipeline', { id: 1 })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('should not classify %s as unavailable', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });

  it('should not trip over values that are not errors or nest without end', () => {
    expect(isDatabaseUnavailableError(undefined)).toBe(false);
    expect(isDatabaseUnavailableError('ECONNREFUSED')).toBe(false);
    const loop: { cause?: unknown; message: string } = { message: 'x' };
    loop.cause = loop;
    expect(isDatabaseUnavailableError(loop)).toBe(false);
  });
});
