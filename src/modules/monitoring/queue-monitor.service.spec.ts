import type { MonitoringConfig } from 'src/config/monitoring.config';
import { pendingJobs } from 'src/modules/monitoring/queue-depth.util';
import { QueueMonitorService } from 'src/modules/monitoring/queue-monitor.service';
import type { NotificationService } from 'src/modules/notification/notification.service';
import type { JobQueue, QueueCounts } from 'src/queue/job-queue';

const counts = (queue: QueueCounts['queue'], values: Partial<QueueCounts>): QueueCounts => ({
  queue,
  waiting: 0,
  active: 0,
  delayed: 0,
  failed: 0,
  outbox: 0,
  dead: 0,
  ...values,
});

const config: MonitoringConfig = {
  timelinessLookbackMinutes: 60,
  queueWarningThreshold: 50,
  queueCriticalThreshold: 100,
  retentionDays: 365,
};

describe('QueueMonitorService', () => {
  function setUp(backend: JobQueue['backend'], result: () => Promise<QueueCounts[]>) {
    const jobQueue = { backend, counts: jest.fn(result) } as unknown as jest.Mocked<JobQueue>;
    const raise = jest.fn().mockResolvedValue({ id: 1, created: true });
    const notifications = { raise } as unknown as NotificationService;
    return { service: new QueueMonitorService(jobQueue, notifications, config), raise };
  }

  it('should add Redis states and unrelayed outbox rows (BullMQ), and not count dead jobs', () => {
    const row = counts('anomaly', { waiting: 3, active: 2, delayed: 1, outbox: 4, dead: 9 });
    expect(pendingJobs(row, 'bullmq')).toBe(10);
  });

  it('should not count a job twice in-process (every unfinished job is an outbox row)', () => {
    const row = counts('anomaly', { waiting: 3, active: 2, delayed: 1, outbox: 6 });
    expect(pendingJobs(row, 'in-process')).toBe(6);
  });

  it('should raise a warning at the threshold and report every queue', async () => {
    const { service, raise } = setUp('bullmq', () =>
      Promise.resolve([counts('anomaly', { waiting: 40 }), counts('system', { outbox: 10 })]),
    );
    const result = await service.monitor('test');
    expect(result).toMatchObject({ status: 'success', total_pending: 50, alert_level: 'warning' });
    expect(result.queues?.system).toEqual({
      waiting: 0,
      active: 0,
      delayed: 0,
      outbox: 10,
      pending: 10,
      dead: 0,
    });
    expect(raise).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'queue', severity: 'warning' }),
    );
  });

  it('should answer status error, never throw, when the backend is unreachable', async () => {
    const { service, raise } = setUp('bullmq', () =>
      Promise.reject(new Error('Redis job counts timed out after 1000 ms')),
    );
    await expect(service.monitor('test')).resolves.toEqual({
      status: 'error',
      message: 'Redis job counts timed out after 1000 ms',
    });
    expect(raise).not.toHaveBeenCalled();
  });
});
