// Runs before every e2e test file: picks the running mode and quiet, deterministic settings.
import { randomBytes } from 'node:crypto';

const mode = process.env.WATCHER_TEST_MODE ?? 'embedded';
// Servers the tests spawn (node dist/main.js) must not read a developer's .env either.
process.env.WATCHER_ENV_FILE = '';
if (mode === 'embedded') {
  // Empty (not deleted) so a developer's .env cannot switch the embedded run to PostgreSQL.
  process.env.DATABASE_URL = '';
  process.env.REDIS_URL = '';
  process.env.WATCHER_DATA_DIR = 'memory://';
} else if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
  throw new Error('WATCHER_TEST_MODE=postgres needs DATABASE_URL and REDIS_URL');
}
process.env.WATCHER_SCHEDULER = 'false';
process.env.WATCHER_ROLE = 'all';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'error';
// Each test file gets its own BullMQ key space on the shared Redis.
process.env.WATCHER_QUEUE_PREFIX = `test-${process.pid}-${randomBytes(4).toString('hex')}`;
