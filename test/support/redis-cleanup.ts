import Redis from 'ioredis';

/** Deletes this test file's BullMQ keys (its own WATCHER_QUEUE_PREFIX) from the shared Redis. */
export async function deleteQueueKeys(redisUrl: string | undefined, prefix: string): Promise<void> {
  if (!redisUrl) {
    return;
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    } while (cursor !== '0');
  } catch {
    // A Redis that is down (a test stopped it) has nothing to clean.
  } finally {
    redis.disconnect();
  }
}
