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
import { validateEnv } from 'src/config/env.schema';
import { PERIODIC_CHECKS } from 'src/queue/job-catalogue';
import { errorMessage } from 'src/common/errors/error-text.util';
import { JobQueue } from 'src/queue/job-queue';
import { type CompiledSchedule, compileSchedule } from 'src/queue/scheduling/check-schedule.util';
import type { PeriodicCheck } from 'src/queue/scheduling/periodic-check';
import { ScheduledRunRepository } from 'src/queue/scheduling/scheduled-run.repository';

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
  /** The last slot of each check that this replica saw settled (claimed here or elsewhere). */
  private readonly settledSlotMs = new Map<string, number>();

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
    const env = validateEnv(process.env);
    const described: string[] = [];
    for (const check of PERIODIC_CHECKS) {
      const schedule = check.scheduleFor(env);
      if (schedule === null) {
        described.push(`${check.name} off`);
        continue;
      }
      // A cron expression from the environment was validated with it (env.schema.ts).
      const compiled = compileSchedule(schedule);
      const timer = setInterval(() => void this.tick(check, compiled), compiled.tickMs);
      this.schedulerRegistry.addInterval(`periodic-${check.name}`, timer);
      described.push(`${check.name} ${compiled.description}`);
    }
    this.logger.log(`Scheduler on (role ${this.app.role}): ${described.join(', ')}`);
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

  private async tick(check: PeriodicCheck, schedule: CompiledSchedule): Promise<void> {
    try {
      const slotStart = schedule.slotStartOf(new Date());
      if (this.settledSlotMs.get(check.name) === slotStart.getTime()) {
        return; // Already claimed (by this replica or another): nothing to do until the next slot.
      }
      await this.fireSlot(check, slotStart);
      this.settledSlotMs.set(check.name, slotStart.getTime());
    } catch (error) {
      this.logger.warn(`Periodic check ${check.name} not fired: ${errorMessage(error)}`);
    }
  }
}
