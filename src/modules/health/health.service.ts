import { Inject, Injectable } from '@nestjs/common';
import {
  HealthCheckService,
  type HealthCheckResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { QueueHealthIndicator } from 'src/modules/health/queue.health-indicator';
import type { RootStatusResponse } from 'src/modules/health/dto/root-status.response';
import type { VersionResponse } from 'src/modules/health/dto/version.response';
import { packageInfo } from 'src/common/util/package-info.util';
import { type AppConfig, appConfig } from 'src/config/app.config';

const DATABASE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
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
    return this.health.check([]);
  }

  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: DATABASE_TIMEOUT_MS }),
      () => this.queue.isHealthy('queue'),
    ]);
  }
}
