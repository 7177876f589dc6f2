import { type INestApplication, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from 'src/app.module';
import { configureApp } from 'src/app.setup';
import { WatcherExpressAdapter } from 'src/common/http/watcher-express-adapter';
import { nestLogLevels } from 'src/common/logging/log-levels.util';
import { validateEnv } from 'src/config/env.schema';
import { JobQueue } from 'src/queue/job-queue';
import { truncateAll } from 'test/support/db';
import { deleteQueueKeys } from 'test/support/redis-cleanup';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  jobQueue: JobQueue;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra providers, e.g. test job processors (their @OnJob handlers are discovered). */
  providers?: Provider[];
  /** Keep the tables as they are (a second replica, or a restart on the same database). */
  keepData?: boolean;
}

/** The full AppModule with the same configureApp() as main.ts, on a clean database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule],
    providers: options.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication(new WatcherExpressAdapter(), {
    bodyParser: false,
    logger: nestLogLevels(validateEnv(process.env).LOG_LEVEL),
  });
  configureApp(app);
  await app.init();
  const dataSource = app.get(DataSource);
  if (!options.keepData) {
    await truncateAll(dataSource);
  }
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    jobQueue: app.get(JobQueue),
    close: async () => {
      await app.close();
      await deleteQueueKeys(process.env.REDIS_URL, process.env.WATCHER_QUEUE_PREFIX ?? 'watcher');
    },
  };
}

/** Waits until every queued job (and everything it enqueued) has run. */
export async function waitForQueuesIdle(testApp: TestApp, timeoutMs = 30_000): Promise<void> {
  await testApp.jobQueue.waitUntilIdle(timeoutMs);
}
