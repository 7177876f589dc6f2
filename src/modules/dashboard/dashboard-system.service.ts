import { Inject, Injectable } from '@nestjs/common';
import { packageInfo } from 'src/common/util/package-info.util';
import { type AppConfig, appConfig } from 'src/config/app.config';
import { type DatabaseConfig, databaseConfig } from 'src/config/database.config';
import { DashboardRepository } from 'src/modules/dashboard/dashboard.repository';
import type { SystemResponse } from 'src/modules/dashboard/dto/system.response';
import { JobQueue, type OutboxSummary, type QueueCounts } from 'src/queue/job-queue';

/** Longest wait for each dependency; the page must answer while one of them hangs. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Jobs not yet done in one queue, as the queue monitor counts them: BullMQ's waiting, active and
 * delayed plus the rows not yet relayed; in-process every unfinished job is an outbox row.
 */
function pendingJobs(counts: QueueCounts, backend: JobQueue['backend']): number {
  return backend === 'in-process'
    ? Math.max(counts.outbox, counts.waiting + counts.active + counts.delayed)
    : counts.waiting + counts.active + counts.delayed + counts.outbox;
}

/** Rejects when the promise has not settled within the timeout. */
function within<T>(promise: Promise<T>, timeoutMs = PROBE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function succeeds(promise: Promise<unknown>): Promise<boolean> {
  try {
    await within(promise);
    return true;
  } catch {
    return false;
  }
}

async function orElse<T>(promise: Promise<T>, fallback: T): Promise<T> {
  try {
    return await within(promise);
  } catch {
    return fallback;
  }
}

/** GET /dashboard/system: readiness, queue depths and the outbox backlog; never throws. */
@Injectable()
export class DashboardSystemService {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly jobQueue: JobQueue,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(databaseConfig.KEY) private readonly database: DatabaseConfig,
  ) {}

  async status(): Promise<SystemResponse> {
    const isDatabaseUp = await succeeds(this.repository.ping());
    const isQueueUp = await succeeds(this.jobQueue.ping());
    const counts = await orElse<QueueCounts[]>(this.jobQueue.counts(), []);
    const outbox = await orElse<OutboxSummary>(this.jobQueue.outboxSummary(), {
      parked: 0,
      dead: 0,
    });
    const isBullmq = this.jobQueue.backend === 'bullmq';
    return {
      status: !isDatabaseUp ? 'down' : isQueueUp ? 'ok' : 'degraded',
      database: isDatabaseUp ? 'up' : 'down',
      queue: isQueueUp ? 'up' : 'degraded',
      version: packageInfo().version,
      mode: this.database.url === undefined ? 'embedded' : 'production',
      role: this.app.role,
      uptime_seconds: Math.floor(process.uptime()),
      queues: counts.map((queue) => ({
        name: queue.queue,
        waiting: queue.waiting,
        active: queue.active,
        delayed: queue.delayed,
        ...(isBullmq ? { failed: queue.failed } : {}),
        outbox: queue.outbox,
      })),
      outbox: {
        pending: counts.reduce((sum, queue) => sum + pendingJobs(queue, this.jobQueue.backend), 0),
        parked: outbox.parked,
        dead: outbox.dead,
      },
    };
  }
}
