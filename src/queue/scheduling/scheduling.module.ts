import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { appConfig } from 'src/config/app.config';
import { SchedulerService } from 'src/queue/scheduling/scheduler.service';

/**
 * Periodic checks. `@nestjs/schedule` (and with it the ticking) is loaded only in the `worker`
 * and `all` roles with WATCHER_SCHEDULER=true; SchedulerService.fireSlot is always available
 * (tests call it directly).
 */
@Module({})
export class SchedulingModule {
  static forRoot(): DynamicModule {
    const { role, isSchedulerEnabled } = appConfig();
    const isTicking = role !== 'api' && isSchedulerEnabled;
    return {
      module: SchedulingModule,
      imports: isTicking ? [ScheduleModule.forRoot()] : [],
      providers: [SchedulerService],
      exports: [SchedulerService],
    };
  }
}
