import type { AlertMessage } from 'src/modules/notification/channels/alert-message.util';
import {
  buildWebhookBody,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookSignatureHeaders,
} from 'src/modules/notification/channels/webhook-message.util';

const alert: AlertMessage = {
  id: 7,
  kind: 'freshness',
  severity: 'warning',
  title: 'Stale: daily sales',
  summary: 'No write for 26 hours (threshold 24 hours).',
  pipeline: { id: 3, name: 'daily sales' },
  details: { last_dml: '2024-01-01T08:00:00.000Z', threshold_hours: 24 },
  createdAt: new Date('2024-01-02T10:00:00Z'),
};

describe('webhook message', () => {
  it('should carry exactly the documented fields', () => {
    expect(JSON.parse(buildWebhookBody(alert))).toEqual({
      id: 7,
      kind: 'freshness',
      severity: 'warning',
      title: 'Stale: daily sales',
      summary: 'No write for 26 hours (threshold 24 hours).',
      pipeline: { id: 3, name: 'daily sales' },
      details: { last_dml: '2024-01-01T08:00:00.000Z', threshold_hours: 24 },
      created_at: '2024-01-02T10:00:00.000Z',
    });
    expect(JSON.parse(buildWebhookBody({ ...alert, pipeline: null })).pipeline).toBeNull();
  });

  it('should write bigint details as JSON numbers', () => {
    const body = buildWebhookBody({ ...alert, details: { rows: 9223372036854775807n } });
    expect(body).toContain('"rows":9223372036854775807');
  });

  it('should sign "<timestamp>.<body>" with HMAC-SHA256 (matches openssl)', () => {
    // printf '%s' '1700000000.{"id":1,"kind":"test"}' | openssl dgst -sha256 -hmac topsecret
    expect(signWebhook('topsecret', 1700000000, '{"id":1,"kind":"test"}')).toBe(
      'sha256=d75d34f4aef92c5f6c88789b4f8bee86c8b47a1c282e1a95a3bd7efa27f62b6d',
    );
  });

  it('should verify its own signature and reject a tampered body, timestamp or secret', () => {
    const body = buildWebhookBody(alert);
    const headers = webhookSignatureHeaders('topsecret', body, new Date('2024-01-02T10:00:05Z'));
    const timestamp = headers[TIMESTAMP_HEADER];
    const signature = headers[SIGNATURE_HEADER];
    expect(timestamp).toBe('1704189605');
    expect(verifyWebhookSignature('topsecret', timestamp, body, signature)).toBe(true);
    expect(
      verifyWebhookSignature('topsecret', timestamp, body.replace('26', '27'), signature),
    ).toBe(false);
    expect(verifyWebhookSignature('topsecret', '1704189606', body, signature)).toBe(false);
    expect(verifyWebhookSignature('other', timestamp, body, signature)).toBe(false);
    expect(verifyWebhookSignature('topsecret', 'soon', body, signature)).toBe(false);
  });

  it('should send no signature headers without a secret', () => {
    expect(webhookSignatureHeaders(null, '{}', new Date())).toEqual({});
  });
});
