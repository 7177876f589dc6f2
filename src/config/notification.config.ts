import { ConfigType, registerAs } from '@nestjs/config';
import { validateEnv } from 'src/config/env.schema';

/** Alert channels and delivery settings. URLs and the secret are credentials: never log them. */
export const notificationConfig = registerAs('notification', () => {
  const env = validateEnv(process.env);
  return {
    slackWebhookUrl: env.WATCHER_SLACK_WEBHOOK_URL ?? null,
    webhookUrl: env.WATCHER_ALERT_WEBHOOK_URL ?? null,
    webhookSecret: env.WATCHER_ALERT_WEBHOOK_SECRET ?? null,
    /** Base of the links in alert messages, without a trailing slash; null: no links. */
    publicUrl: env.WATCHER_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    retryBaseMs: env.WATCHER_ALERT_RETRY_BASE_MS,
  };
});

export type NotificationConfig = ConfigType<typeof notificationConfig>;
