import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import { HealthService } from 'src/modules/health/health.service';
import { RootStatusResponse } from 'src/modules/health/dto/root-status.response';
import { VersionResponse } from 'src/modules/health/dto/version.response';

@ApiTags('Monitoring & Health')
@Controller()
export class HealthController {
  constructor(private readonly healthService: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Service status' })
  @ApiOkResponse({ type: RootStatusResponse })
  root(): RootStatusResponse {
    return this.healthService.status();
  }

  @Get('version')
  @ApiOperation({ summary: 'Name, version and commit of the running build' })
  @ApiOkResponse({
    type: VersionResponse,
    example: { name: 'watcher', version: '0.1.0', commit: '1fc25e5' },
  })
  version(): VersionResponse {
    return this.healthService.version();
  }

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.healthService.live();
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: the database and the queue backend both answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `error` says which' })
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.healthService.ready();
  }
}
