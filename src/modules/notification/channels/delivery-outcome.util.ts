/** What one HTTP call to a channel came to. */
export type HttpOutcome =
  { kind: 'response'; status: number; body: string } | { kind: 'error'; message: string };

/**
 * - `sent`: 2xx.
 * - `retryable`: no answer (timeout, connection refused or reset), 408, 429 or 5xx.
 * - `permanent`: any other status (a 4xx such as 400/403/404 means the request or the channel's
 *   configuration is wrong and will not get better by retrying; redirects are not followed).
 */
export type DeliveryVerdict = 'sent' | 'retryable' | 'permanent';

const RETRYABLE_4XX = new Set([408, 429]);
const MAX_ERROR_BODY = 300;

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || RETRYABLE_4XX.has(status);
}

export function classifyOutcome(outcome: HttpOutcome): DeliveryVerdict {
  if (outcome.kind === 'error') {
    return 'retryable';
  }
  if (outcome.status >= 200 && outcome.status < 300) {
    return 'sent';
  }
  return isRetryableStatus(outcome.status) ? 'retryable' : 'permanent';
}

/** The delivery row's last_error for an outcome that was not a success (never the URL). */
export function outcomeError(outcome: HttpOutcome): string {
  if (outcome.kind === 'error') {
    return outcome.message;
  }
  const body = outcome.body.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_BODY);
  return body === '' ? `HTTP ${outcome.status}` : `HTTP ${outcome.status}: ${body}`;
}

/** The HTTP status to store: null when there was no answer. */
export function outcomeStatus(outcome: HttpOutcome): number | null {
  return outcome.kind === 'response' ? outcome.status : null;
}
