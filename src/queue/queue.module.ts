import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { redisConfig, type RedisConfig } from 'src/config/redis.config';
import { BullMqJobQueue } from 'src/queue/bullmq-job-queue';
import { InProcessJobQueue } from 'src/queue/in-process-job-queue';
import { JobOutboxRepository } from 'src/queue/job-outbox.repository';
import { JobQueue, QUEUE_NAMES } from 'src/queue/job-queue';
import { producerRedisOptions } from 'src/queue/redis-connection.util';

/** Provides JobQueue: BullMQ when REDIS_URL is set, the in-process runner otherwise. */
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    const { url } = redisConfig();
    if (!url) {
      return {
        module: QueueModule,
        global: true,
        providers: [JobOutboxRepository, { provide: JobQueue, useClass: InProcessJobQueue }],
        exports: [JobQueue],
      };
    }
    return {
      module: QueueModule,
      global: true,
      imports: [
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
        JobOutboxRepository,
        BullMqJobQueue,
        { provide: JobQueue, useExisting: BullMqJobQueue },
      ],
      exports: [JobQueue],
    };
  }
}
