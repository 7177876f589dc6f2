import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from 'src/config/app.config';
import type { JobQueue } from 'src/queue/job-queue';
import type { PeriodicCheck } from 'src/queue/scheduling/periodic-check';
import type { ScheduledRunRepository } from 'src/queue/scheduling/scheduled-run.repository';
import { SchedulerService } from 'src/queue/scheduling/scheduler.service';

describe('SchedulerService ticking', () => {
  const savedEnv = { ...process.env };
  let registry: SchedulerRegistry;
  let service: SchedulerService;
  let fired: Array<[string, string]>;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:03.000Z') });
    process.env.WATCHER_QUEUE_MONITOR_CRON = '*/10 * * * * *';
    process.env.WATCHER_RETENTION_DAYS = '0';
    registry = new SchedulerRegistry();
    service = new SchedulerService({} as ScheduledRunRepository, {} as JobQueue, registry, {
      role: 'worker',
    } as AppConfig);
    fired = [];
    jest.spyOn(service, 'fireSlot').mockImplementation((check: PeriodicCheck, slot: Date) => {
      fired.push([check.name, slot.toISOString()]);
      return Promise.resolve(true);
    });
  });

  afterEach(() => {
    service.beforeApplicationShutdown();
    jest.useRealTimers();
    process.env = { ...savedEnv };
  });

  const queueMonitorSlots = (): string[] =>
    fired.filter(([name]) => name === 'queue-monitor').map(([, slot]) => slot);

  it('should schedule checks from the environment and leave out a disabled one', () => {
    service.onApplicationBootstrap();
    expect(registry.getIntervals().sort()).toEqual([
      'periodic-clean-job-outbox',
      'periodic-freshness-check',
      'periodic-queue-monitor',
      'periodic-timeliness-check',
    ]);
  });

  it('should fire the latest cron slot once, then the next one when it comes', async () => {
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(2500); // 00:00:05.5, ticks every 2.5 s
    expect(queueMonitorSlots()).toEqual(['2026-01-01T00:00:00.000Z']);
    await jest.advanceTimersByTimeAsync(2500); // 00:00:08: same slot, already settled
    expect(queueMonitorSlots()).toEqual(['2026-01-01T00:00:00.000Z']);
    await jest.advanceTimersByTimeAsync(2500); // 00:00:10.5
    expect(queueMonitorSlots()).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:10.000Z']);
  });

  it('should try a slot again on the next tick when firing it failed', async () => {
    const fireSlot = jest.spyOn(service, 'fireSlot');
    fireSlot.mockRejectedValueOnce(new Error('database down'));
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(5000);
    const slots = fireSlot.mock.calls
      .filter(([check]) => check.name === 'queue-monitor')
      .map(([, slot]) => slot.toISOString());
    expect(slots).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  });
});
