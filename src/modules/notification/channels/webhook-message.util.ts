import { createHmac, timingSafeEqual } from 'node:crypto';
import { stringifyJsonLossless } from 'src/common/http/lossless-json.util';
import type { AlertMessage } from 'src/modules/notification/channels/alert-message.util';

export const SIGNATURE_HEADER = 'X-Watcher-Signature';
export const TIMESTAMP_HEADER = 'X-Watcher-Timestamp';

/** The generic webhook body: `{id, kind, severity, title, summary, pipeline, details, created_at}`. */
export function buildWebhookBody(alert: AlertMessage): string {
  return stringifyJsonLossless({
    id: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    title: alert.title,
    summary: alert.summary,
    pipeline: alert.pipeline ? { id: alert.pipeline.id, name: alert.pipeline.name } : null,
    details: alert.details,
    created_at: alert.createdAt.toISOString(),
  });
}

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the timestamp (Unix seconds, also
 * sent as X-Watcher-Timestamp) is signed with the exact body bytes, so a receiver can reject
 * both tampered bodies and replays of old requests.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `sha256=${digest}`;
}

/** What a receiver does (and what the README shows): constant-time compare of the signature. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) {
    return false;
  }
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Signature headers for a body sent now, or none without a secret. */
export function webhookSignatureHeaders(
  secret: string | null,
  body: string,
  now: Date,
): Record<string, string> {
  if (secret === null) {
    return {};
  }
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
  };
}
