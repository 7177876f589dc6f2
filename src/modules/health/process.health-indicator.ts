import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** An event-loop turn slower than this means the process is wedged, not merely busy. */
const MAX_EVENT_LOOP_LAG_MS = 5000;

/**
 * Liveness: the process answers and its event loop turns (a setImmediate round trip is measured).
 * Reports pid, uptime and the measured lag.
 */
@Injectable()
export class ProcessHealthIndicator {
  constructor(private readonly healthIndicatorService: HealthIndicatorService) {}

  async isResponsive(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.healthIndicatorService.check(key);
    const startedAt = process.hrtime.bigint();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const lagMs = Math.round(Number(process.hrtime.bigint() - startedAt) / 1e4) / 100;
    const facts = {
      pid: process.pid,
      uptime_seconds: Math.round(process.uptime()),
      event_loop_lag_ms: lagMs,
    };
    return lagMs > MAX_EVENT_LOOP_LAG_MS ? indicator.down(facts) : indicator.up(facts);
  }
}
