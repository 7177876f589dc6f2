import { type ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from 'src/common/errors/all-exceptions.filter';

function hostFor(response: { status: jest.Mock; json: jest.Mock; headersSent: boolean }) {
  const request = { method: 'GET', originalUrl: '/lineage-graph', headers: {} };
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

describe('AllExceptionsFilter', () => {
  beforeEach(() => {
    // A 5xx is logged with its stack; keep the test output clean.
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should answer a statement timeout (57014) with 503 QUERY_TIMEOUT, not a 500', () => {
    const response = { status: jest.fn(), json: jest.fn(), headersSent: false };
    response.status.mockReturnValue(response);
    const driverError = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
    });
    new AllExceptionsFilter().catch(
      new QueryFailedError('SELECT 1', [], driverError),
      hostFor(response),
    );
    expect(response.status).toHaveBeenCalledWith(503);
    expect(response.json).toHaveBeenCalledWith(
      expect.objectContaining({ statusCode: 503, code: 'QUERY_TIMEOUT' }),
    );
  });
});
