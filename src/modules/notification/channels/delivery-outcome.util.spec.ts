import {
  classifyOutcome,
  type HttpOutcome,
  outcomeError,
  outcomeStatus,
} from 'src/modules/notification/channels/delivery-outcome.util';

const answer = (status: number, body = ''): HttpOutcome => ({ kind: 'response', status, body });

describe('delivery outcome', () => {
  it.each([200, 201, 202, 204])('should count HTTP %i as sent', (status) => {
    expect(classifyOutcome(answer(status))).toBe('sent');
  });

  it.each([408, 429, 500, 502, 503, 504])('should retry HTTP %i', (status) => {
    expect(classifyOutcome(answer(status))).toBe('retryable');
  });

  it.each([400, 401, 403, 404, 410, 413, 422, 301, 302])(
    'should stop retrying on HTTP %i',
    (status) => {
      expect(classifyOutcome(answer(status))).toBe('permanent');
    },
  );

  it('should retry when there was no answer (timeout, refused, reset)', () => {
    expect(classifyOutcome({ kind: 'error', message: 'timed out' })).toBe('retryable');
  });

  it('should describe a failure by status and a one-line excerpt of the answer', () => {
    expect(outcomeError(answer(400, 'invalid_payload\n'))).toBe('HTTP 400: invalid_payload');
    expect(outcomeError(answer(503))).toBe('HTTP 503');
    expect(outcomeError(answer(500, 'x'.repeat(1000)))).toHaveLength('HTTP 500: '.length + 300);
    expect(outcomeError({ kind: 'error', message: 'request failed: ECONNREFUSED' })).toBe(
      'request failed: ECONNREFUSED',
    );
    expect(outcomeStatus(answer(429))).toBe(429);
    expect(outcomeStatus({ kind: 'error', message: 'x' })).toBeNull();
  });
});
