import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import type { Request, Response } from 'express';
import { HealthService, type ReadinessResult } from 'src/modules/health/health.service';
import { RootStatusResponse } from 'src/modules/health/dto/root-status.response';
import { VersionResponse } from 'src/modules/health/dto/version.response';

@ApiTags('Monitoring & Health')
@Controller()
export class HealthController {
  constructor(private readonly healthService: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Service status; a browser (Accept: text/html first) is redirected to the dashboard',
  })
  @ApiOkResponse({ type: RootStatusResponse })
  root(@Req() request: Request, @Res() response: Response): void {
    response.vary('Accept');
    if (request.accepts(['application/json', 'text/html']) === 'text/html') {
      response.redirect(302, '/ui/');
      return;
    }
    response.json(this.healthService.status());
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
  @ApiOperation({
    summary: 'Liveness: the process answers and its event loop turns (pid, uptime, loop lag)',
  })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.healthService.live();
  }

  @Get('health/ready')
  @ApiOperation({
    summary:
      'Readiness: 503 when the database is down; 200 with status and queue `degraded` while ' +
      'the queue backend (Redis) is down, since writes keep succeeding through the outbox',
  })
  @ApiServiceUnavailableResponse({ description: 'The database is down; `error` says so' })
  @HealthCheck()
  ready(): Promise<ReadinessResult> {
    return this.healthService.ready();
  }
}
