import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureApp } from 'src/app.setup';
import { applyHttpServerLimits, httpServerLimitsFrom } from 'src/common/http/server-limits';
import { appConfig } from 'src/config/app.config';
import { nestLogLevels } from 'src/common/logging/log-levels.util';
import { validateEnv } from 'src/config/env.schema';

async function bootstrap(): Promise<void> {
  // Validate first: a bad variable is reported in one clear message, before any module loads.
  const env = validateEnv(process.env);
  const { AppModule } = await import('src/app.module');
  const app = await NestFactory.create(AppModule, {
    bodyParser: false,
    abortOnError: false,
    logger: nestLogLevels(env.LOG_LEVEL),
  });
  configureApp(app);
  const { port, role } = app.get<ReturnType<typeof appConfig>>(appConfig.KEY);
  applyHttpServerLimits(app.getHttpServer() as Server, httpServerLimitsFrom(env));
  await app.listen(port);
  const mode = process.env.DATABASE_URL ? 'PostgreSQL' : `embedded (${env.WATCHER_DATA_DIR})`;
  const queue = process.env.REDIS_URL ? 'BullMQ' : 'in-process';
  Logger.log(
    `Watcher listening on :${port} — role ${role}, database ${mode}, queue ${queue}, docs at /docs`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // A clear one-line reason (bad config, data dir in use, database down) instead of a stack dump.
  console.error(`Watcher failed to start: ${message}`);
  process.exit(1);
});
