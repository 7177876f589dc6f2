import type { NotificationConfig } from 'src/config/notification.config';
import {
  ALERT_CHANNELS,
  type AlertChannel,
} from 'src/modules/notification/entities/alert-delivery.entity';

/** The URL a channel posts to, or null when that channel is not configured. */
export function channelUrl(config: NotificationConfig, channel: AlertChannel): string | null {
  switch (channel) {
    case 'slack':
      return config.slackWebhookUrl;
    case 'webhook':
      return config.webhookUrl;
  }
}

/** The channels an alert raised now is delivered to (in a stable order). */
export function configuredChannels(config: NotificationConfig): AlertChannel[] {
  return ALERT_CHANNELS.filter((channel) => channelUrl(config, channel) !== null);
}
