import type { HttpOutcome } from 'src/modules/notification/channels/delivery-outcome.util';

const USER_AGENT = 'Watcher-Alerts/1';
/** Enough of a receiver's answer to explain a failure (Slack answers e.g. `invalid_payload`). */
const MAX_RESPONSE_BYTES = 4096;

interface ErrorWithCause {
  name?: string;
  message?: string;
  cause?: { code?: string; message?: string };
}

/** Why a call got no answer, with the URL (a credential for Slack) cut out. */
export function describeRequestFailure(error: unknown, url: string, timeoutMs: number): string {
  const failure = (error ?? {}) as ErrorWithCause;
  let message: string;
  if (failure.name === 'TimeoutError') {
    message = `no answer within ${timeoutMs} ms (timed out)`;
  } else if (failure.cause?.message) {
    message = `request failed: ${failure.cause.message}`;
  } else {
    message = `request failed: ${failure.message ?? String(error)}`;
  }
  return message.split(url).join('<url>');
}

async function readPrefix(response: Response): Promise<string> {
  if (!response.body) {
    return '';
  }
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_RESPONSE_BYTES) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The status is what matters; a body cut short (timeout, reset) is just not shown.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
}

/**
 * POSTs a JSON body with a timeout covering the whole call (connect, headers and body). Never
 * throws: no answer is an `error` outcome. Redirects are not followed (a 3xx is an answer).
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT, ...headers },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    return { kind: 'error', message: describeRequestFailure(error, url, timeoutMs) };
  }
  return { kind: 'response', status: response.status, body: await readPrefix(response) };
}
