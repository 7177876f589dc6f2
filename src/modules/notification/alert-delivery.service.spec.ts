import { Logger } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import type { NotificationConfig } from 'src/config/notification.config';
import type { PipelineService } from 'src/modules/pipeline/pipeline.service';
import type { AlertDeliveryRepository } from 'src/modules/notification/alert-delivery.repository';
import { AlertDeliveryService } from 'src/modules/notification/alert-delivery.service';
import type { AlertRepository } from 'src/modules/notification/alert.repository';
import type { HttpOutcome } from 'src/modules/notification/channels/delivery-outcome.util';
import { postJson } from 'src/modules/notification/channels/http-post.util';
import { verifyWebhookSignature } from 'src/modules/notification/channels/webhook-message.util';
import type { AlertDeliveryEntity } from 'src/modules/notification/entities/alert-delivery.entity';
import type { AlertEntity } from 'src/modules/notification/entities/alert.entity';
import { AlertDeliveryAttemptError } from 'src/modules/notification/notification.errors';

jest.mock('src/modules/notification/channels/http-post.util');
const post = postJson as jest.MockedFunction<typeof postJson>;

const ALERT: AlertEntity = {
  id: 5,
  kind: 'anomaly',
  severity: 'critical',
  dedup_key: 'anomaly:99',
  pipeline_id: 3,
  title: 'Anomaly',
  summary: 'total_rows was 12',
  details: { value: 12 },
  created_at: new Date('2024-01-02T10:00:00Z'),
};

const pendingDelivery = (channel: 'slack' | 'webhook'): AlertDeliveryEntity => ({
  id: 11,
  alert_id: 5,
  channel,
  status: 'pending',
  attempts: 0,
  last_error: null,
  response_status: null,
  sent_at: null,
  created_at: new Date(),
  updated_at: null,
});

describe('AlertDeliveryService', () => {
  let alerts: jest.Mocked<Pick<AlertRepository, 'findById'>>;
  let deliveries: jest.Mocked<
    Pick<AlertDeliveryRepository, 'findByAlertAndChannel' | 'recordAttempt'>
  >;
  let pipelines: jest.Mocked<Pick<PipelineService, 'getById'>>;
  let config: NotificationConfig;

  function service(): AlertDeliveryService {
    return new AlertDeliveryService(
      alerts as unknown as AlertRepository,
      deliveries as unknown as AlertDeliveryRepository,
      pipelines as unknown as PipelineService,
      config,
    );
  }

  function answer(outcome: HttpOutcome): void {
    post.mockResolvedValue(outcome);
  }

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterAll(() => {
    jest.restoreAllMocks();
  });

  beforeEach(() => {
    post.mockReset();
    alerts = { findById: jest.fn().mockResolvedValue(ALERT) };
    deliveries = {
      findByAlertAndChannel: jest.fn().mockResolvedValue(pendingDelivery('webhook')),
      recordAttempt: jest.fn().mockResolvedValue(true),
    };
    pipelines = {
      getById: jest.fn().mockResolvedValue({ id: 3, name: 'daily sales' }),
    };
    config = {
      slackWebhookUrl: 'http://127.0.0.1:9/slack',
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookSecret: 'topsecret',
      publicUrl: null,
      retryBaseMs: 10,
    };
  });

  it('should mark a 2xx as sent', async () => {
    answer({ kind: 'response', status: 204, body: '' });
    await service().deliver({ alertId: 5, channel: 'webhook' }, 1);
    expect(deliveries.recordAttempt).toHaveBeenCalledWith(11, {
      status: 'sent',
      error: null,
      responseStatus: 204,
    });
  });

  it('should give up on a 400 without throwing (no retry)', async () => {
    answer({ kind: 'response', status: 400, body: 'bad' });
    await expect(service().deliver({ alertId: 5, channel: 'webhook' }, 1)).resolves.toBeUndefined();
    expect(deliveries.recordAttempt).toHaveBeenCalledWith(11, {
      status: 'failed',
      error: 'HTTP 400: bad',
      responseStatus: 400,
    });
  });

  it('should keep a 503 pending and throw, so the queue retries', async () => {
    answer({ kind: 'response', status: 503, body: '' });
    await expect(service().deliver({ alertId: 5, channel: 'webhook' }, 2)).rejects.toBeInstanceOf(
      AlertDeliveryAttemptError,
    );
    expect(deliveries.recordAttempt).toHaveBeenCalledWith(11, {
      status: 'pending',
      error: 'HTTP 503',
      responseStatus: 503,
    });
  });

  it('should mark the delivery failed on the last attempt, and still throw (the job dies)', async () => {
    answer({ kind: 'error', message: 'request failed: connect ECONNREFUSED' });
    await expect(service().deliver({ alertId: 5, channel: 'webhook' }, 6)).rejects.toThrow(
      /ECONNREFUSED/,
    );
    expect(deliveries.recordAttempt).toHaveBeenCalledWith(11, {
      status: 'failed',
      error: 'request failed: connect ECONNREFUSED',
      responseStatus: null,
    });
  });

  it('should send nothing for a delivery that is already finished', async () => {
    deliveries.findByAlertAndChannel.mockResolvedValue({
      ...pendingDelivery('webhook'),
      status: 'sent',
    });
    await service().deliver({ alertId: 5, channel: 'webhook' }, 1);
    expect(post).not.toHaveBeenCalled();
    expect(deliveries.recordAttempt).not.toHaveBeenCalled();
  });

  it('should sign the webhook body with the secret, with a 5 s timeout', async () => {
    answer({ kind: 'response', status: 200, body: '' });
    await service().deliver({ alertId: 5, channel: 'webhook' }, 1);
    const [url, body, headers, timeoutMs] = post.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:9/hook');
    expect(timeoutMs).toBe(5000);
    expect(JSON.parse(body)).toMatchObject({ id: 5, pipeline: { id: 3, name: 'daily sales' } });
    const valid = verifyWebhookSignature(
      'topsecret',
      headers['X-Watcher-Timestamp'],
      body,
      headers['X-Watcher-Signature'],
    );
    expect(valid).toBe(true);
  });

  it('should post Block Kit to Slack, with no pipeline once it has been deleted', async () => {
    deliveries.findByAlertAndChannel.mockResolvedValue(pendingDelivery('slack'));
    pipelines.getById.mockRejectedValue(new AppError('PIPELINE_NOT_FOUND', 'gone', 404));
    answer({ kind: 'response', status: 200, body: 'ok' });
    await service().deliver({ alertId: 5, channel: 'slack' }, 1);
    const [url, body, headers] = post.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:9/slack');
    expect(headers).toEqual({});
    const message = JSON.parse(body) as { blocks: Array<{ fields?: Array<{ text: string }> }> };
    expect(message.blocks[2].fields?.[0].text).toBe('*Pipeline*\n—');
  });

  it('should fail a delivery whose channel is no longer configured, without a call', async () => {
    config = { ...config, webhookUrl: null };
    await service().deliver({ alertId: 5, channel: 'webhook' }, 1);
    expect(post).not.toHaveBeenCalled();
    expect(deliveries.recordAttempt).toHaveBeenCalledWith(11, {
      status: 'failed',
      error: 'channel webhook is no longer configured',
      responseStatus: null,
      isCall: false,
    });
  });
});
