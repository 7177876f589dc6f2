import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import { configureApp } from 'src/app.setup';
import { WatcherExpressAdapter } from 'src/common/http/watcher-express-adapter';
import { applyHttpServerLimits, httpServerLimitsFrom } from 'src/common/http/server-limits';
import { assertPortAvailable } from 'src/bootstrap/port-available.util';
import { logShutdown } from 'src/bootstrap/shutdown-log.util';
import { startupBanner } from 'src/bootstrap/startup-banner.util';
import { createAppLogger } from 'src/common/logging/app-logger.util';
import { loadEnvFile } from 'src/config/env-file.util';
import { validateEnv } from 'src/config/env.schema';

let logger: LoggerService | undefined;
let isJson = false;

async function bootstrap(): Promise<void> {
  // .env first (the environment wins), then validate: a bad variable is reported in one clear
  // message, before any module loads or reads the environment.
  const envFile = loadEnvFile();
  const env = validateEnv(process.env);
  isJson = env.LOG_FORMAT === 'json';
  logger = createAppLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  // A busy port is reported now, not after the database was opened and migrated.
  await assertPortAvailable(env.PORT);
  const { AppModule } = await import('src/app.module');
  const app = await NestFactory.create(AppModule, new WatcherExpressAdapter(), {
    bodyParser: false,
    abortOnError: false,
    logger,
  });
  configureApp(app);
  logShutdown(logger);
  applyHttpServerLimits(app.getHttpServer() as Server, httpServerLimitsFrom(env));
  await app.listen(env.PORT);
  const address = (app.getHttpServer() as Server).address();
  for (const line of startupBanner({ env, address, envFile })) {
    logger.log(line, 'Watcher');
  }
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // A clear one-line reason (bad config, port taken, data dir in use, database down).
  if (isJson && logger) {
    logger.fatal?.(`Watcher failed to start: ${message}`, 'Watcher');
  } else {
    console.error(`Watcher failed to start: ${message}`);
  }
  process.exit(1);
});
