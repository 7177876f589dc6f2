import { ConfigType, registerAs } from '@nestjs/config';
import { validateEnv } from 'src/config/env.schema';

export const redisConfig = registerAs('redis', () => {
  const env = validateEnv(process.env);
  return {
    /** Redis URL for BullMQ; unset means the in-process job runner. */
    url: env.REDIS_URL,
    prefix: env.WATCHER_QUEUE_PREFIX,
    /** Jobs of one queue a BullMQ worker runs at once. */
    concurrency: env.WATCHER_WORKER_CONCURRENCY,
  };
});

export type RedisConfig = ConfigType<typeof redisConfig>;
