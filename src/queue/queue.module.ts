import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { redisConfig, type RedisConfig } from 'src/config/redis.config';
import { BullMqJobQueue } from 'src/queue/bullmq-job-queue';
import { InProcessJobQueue } from 'src/queue/in-process-job-queue';
import { JobHandlerRegistry } from 'src/queue/job-handler.registry';
import { JobOutboxRepository } from 'src/queue/job-outbox.repository';
import { JobQueue, QUEUE_NAMES } from 'src/queue/job-queue';
import { CleanJobOutboxProcessor } from 'src/queue/maintenance/clean-job-outbox.processor';
import { QueueMaintenanceService } from 'src/queue/maintenance/queue-maintenance.service';
import { producerRedisOptions } from 'src/queue/redis-connection.util';
import { ScheduledRunRepository } from 'src/queue/scheduling/scheduled-run.repository';

const SHARED_PROVIDERS: Provider[] = [
  JobOutboxRepository,
  JobHandlerRegistry,
  ScheduledRunRepository,
  QueueMaintenanceService,
  CleanJobOutboxProcessor,
];

/** Provides JobQueue: BullMQ when REDIS_URL is set, the in-process runner otherwise. */
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    const { url } = redisConfig();
    if (!url) {
      return {
        module: QueueModule,
        global: true,
        imports: [DiscoveryModule],
        providers: [...SHARED_PROVIDERS, { provide: JobQueue, useClass: InProcessJobQueue }],
        exports: [JobQueue, ScheduledRunRepository],
      };
    }
    return {
      module: QueueModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [redisConfig.KEY],
          useFactory: (redis: RedisConfig) => ({
            connection: producerRedisOptions(redis.url as string),
            prefix: redis.prefix,
          }),
        }),
        BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
      ],
      providers: [
        ...SHARED_PROVIDERS,
        BullMqJobQueue,
        { provide: JobQueue, useExisting: BullMqJobQueue },
      ],
      exports: [JobQueue, ScheduledRunRepository],
    };
  }
}
