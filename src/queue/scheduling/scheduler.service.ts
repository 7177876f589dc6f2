import { Transactional } from '@nestjs-cls/transactional';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { hostname } from 'node:os';
import { appConfig, type AppConfig } from 'src/config/app.config';
import { PERIODIC_CHECKS } from 'src/queue/job-catalogue';
import { errorMessage } from 'src/common/errors/error-text.util';
import { JobQueue } from 'src/queue/job-queue';
import { type PeriodicCheck, slotStartOf } from 'src/queue/scheduling/periodic-check';
import { ScheduledRunRepository } from 'src/queue/scheduling/scheduled-run.repository';

/** How often a replica looks for an unclaimed slot: a quarter slot, at most every 30 s. */
const MAX_TICK_MS = 30_000;

/**
 * Fires every periodic check once per slot across all replicas: the slot is claimed in
 * scheduled_run and its job enqueued in one transaction, so a slot is run once even when
 * several workers tick at the same moment, and even after BullMQ removed the finished job.
 * Runs only in the `worker` and `all` roles with WATCHER_SCHEDULER=true (see SchedulingModule).
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly claimedBy = `${hostname()}:${process.pid}`;

  constructor(
    private readonly scheduledRuns: ScheduledRunRepository,
    private readonly jobQueue: JobQueue,
    @Optional()
    @Inject(SchedulerRegistry)
    private readonly schedulerRegistry: SchedulerRegistry | null,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.schedulerRegistry) {
      return; // Not ticking here (api role, or WATCHER_SCHEDULER=false).
    }
    for (const check of PERIODIC_CHECKS) {
      const tickMs = Math.min(Math.max(Math.floor(check.everyMs / 4), 1000), MAX_TICK_MS);
      const timer = setInterval(() => void this.tick(check), tickMs);
      this.schedulerRegistry.addInterval(`periodic-${check.name}`, timer);
    }
    this.logger.log(
      `Scheduler on (role ${this.app.role}): ${PERIODIC_CHECKS.map((c) => c.name).join(', ')}`,
    );
  }

  beforeApplicationShutdown(): void {
    for (const name of this.schedulerRegistry?.getIntervals() ?? []) {
      this.schedulerRegistry?.deleteInterval(name);
    }
  }

  /**
   * Claims `slotStart` of `check` and enqueues its job, in one transaction. True for the one
   * caller that claimed it. Tests call this directly.
   */
  @Transactional()
  async fireSlot(check: PeriodicCheck, slotStart: Date): Promise<boolean> {
    if (!(await this.scheduledRuns.claim(check.name, slotStart, this.claimedBy))) {
      return false;
    }
    await this.jobQueue.enqueue(check.job, { slotStart: slotStart.toISOString() });
    this.logger.debug(`Slot ${check.name} ${slotStart.toISOString()} claimed`);
    return true;
  }

  private async tick(check: PeriodicCheck): Promise<void> {
    try {
      await this.fireSlot(check, slotStartOf(new Date(), check.everyMs));
    } catch (error) {
      this.logger.warn(`Periodic check ${check.name} not fired: ${errorMessage(error)}`);
    }
  }
}
