import { ConfigType, registerAs } from '@nestjs/config';
import { validateEnv } from 'src/config/env.schema';

export const monitoringConfig = registerAs('monitoring', () => {
  const env = validateEnv(process.env);
  return {
    /** Lookback of the scheduled timeliness check (minutes). */
    timelinessLookbackMinutes: env.WATCHER_TIMELINESS_LOOKBACK_MINUTES,
    /** Pending jobs at which the queue monitor raises a warning / a critical alert. */
    queueWarningThreshold: env.WATCHER_QUEUE_WARNING_THRESHOLD,
    queueCriticalThreshold: env.WATCHER_QUEUE_CRITICAL_THRESHOLD,
    /** Retention of the scheduled log cleanup (days); 0: no scheduled cleanup. */
    retentionDays: env.WATCHER_RETENTION_DAYS,
  };
});

export type MonitoringConfig = ConfigType<typeof monitoringConfig>;
