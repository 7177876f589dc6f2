import { ConfigType, registerAs } from '@nestjs/config';
import { validateEnv } from 'src/config/env.schema';

export const appConfig = registerAs('app', () => {
  const env = validateEnv(process.env);
  return {
    port: env.PORT,
    role: env.WATCHER_ROLE,
    isSchedulerEnabled: env.WATCHER_SCHEDULER,
    logLevel: env.LOG_LEVEL,
    isDocsEnabled: env.WATCHER_DOCS,
    commit: env.WATCHER_COMMIT,
  };
});

export type AppConfig = ConfigType<typeof appConfig>;
