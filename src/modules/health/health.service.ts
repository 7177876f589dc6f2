import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ProcessHealthIndicator } from 'src/modules/health/process.health-indicator';
import { QueueHealthIndicator } from 'src/modules/health/queue.health-indicator';
import type { RootStatusResponse } from 'src/modules/health/dto/root-status.response';
import type { VersionResponse } from 'src/modules/health/dto/version.response';
import { packageInfo } from 'src/common/util/package-info.util';
import { type AppConfig, appConfig } from 'src/config/app.config';

const DATABASE_TIMEOUT_MS = 2000;

/** Terminus' shape, plus `degraded`: serving, but a soft dependency (the queue backend) is down. */
export type ReadinessResult = Omit<HealthCheckResult, 'status'> & {
  status: HealthCheckResult['status'] | 'degraded';
};

type IndicatorDetails = Record<string, Record<string, unknown>>;

/** The queue's indicator with `down` reported as `degraded`. */
function asDegraded(result: HealthIndicatorResult): IndicatorDetails {
  const degraded: IndicatorDetails = {};
  for (const [key, value] of Object.entries(result)) {
    degraded[key] = { ...value, status: value.status === 'down' ? 'degraded' : value.status };
  }
  return degraded;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
    private readonly process: ProcessHealthIndicator,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** GET /version: package name and version, and the commit when WATCHER_COMMIT is set. */
  version(): VersionResponse {
    const { name, version } = packageInfo();
    return this.config.commit === undefined
      ? { name, version }
      : { name, version, commit: this.config.commit };
  }

  status(): RootStatusResponse {
    return { status: 'ok' };
  }

  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.process.isResponsive('process')]);
  }

  /**
   * The database is a hard dependency (503 when it is down). The queue backend is not: while
   * Redis is down, writes still succeed through the job_outbox, so the answer is 200 with the
   * queue (and the overall status) `degraded`.
   */
  async ready(): Promise<ReadinessResult> {
    const queueCheck = this.queue.isHealthy('queue');
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_TIMEOUT_MS }),
      ]);
    } catch (error: unknown) {
      if (!(error instanceof ServiceUnavailableException)) {
        throw error;
      }
      const queue = asDegraded(await queueCheck);
      const body = error.getResponse() as HealthCheckResult;
      throw new ServiceUnavailableException({
        ...body,
        info: { ...body.info, ...queue },
        details: { ...body.details, ...queue },
      });
    }
    const queueResult = await queueCheck;
    const isQueueDown = Object.values(queueResult).some((value) => value.status === 'down');
    const queue = asDegraded(queueResult);
    return {
      ...result,
      status: isQueueDown ? 'degraded' : result.status,
      info: { ...result.info, ...queue },
      details: { ...result.details, ...queue },
    } as ReadinessResult;
  }
}
