import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { redactUrl } from 'src/config/redact-url.util';
import type { EnvVars } from 'src/config/env.schema';

const MEMORY_PREFIX = 'memory://';

/** `http://localhost:3000` for a server listening on every interface, else its own address. */
export function serverUrl(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') {
    return `http://${address ?? 'localhost'}`;
  }
  const isWildcard = address.address === '::' || address.address === '0.0.0.0';
  const host = isWildcard
    ? 'localhost'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}

export interface BannerFacts {
  env: EnvVars;
  address: AddressInfo | string | null;
  /** The .env file that was loaded, if any. */
  envFile: string | undefined;
  cwd?: string;
}

/** The start-up lines: where to reach Watcher, then the configuration in force (no secrets). */
export function startupBanner({
  env,
  address,
  envFile,
  cwd = process.cwd(),
}: BannerFacts): string[] {
  const url = serverUrl(address);
  const database = env.DATABASE_URL
    ? `PostgreSQL ${redactUrl(env.DATABASE_URL)}`
    : env.WATCHER_DATA_DIR.startsWith(MEMORY_PREFIX)
      ? 'embedded, in memory (lost on exit)'
      : `embedded, data in ${path.resolve(cwd, env.WATCHER_DATA_DIR)}`;
  const queue = env.REDIS_URL
    ? `BullMQ ${redactUrl(env.REDIS_URL)} (prefix ${env.WATCHER_QUEUE_PREFIX})`
    : 'in-process';
  return [
    `Watcher listening on ${url} — API docs at ${url}/docs`,
    `Mode ${env.DATABASE_URL ? 'production' : 'embedded'}: database ${database}; queue ${queue}; ` +
      `role ${env.WATCHER_ROLE}; scheduler ${env.WATCHER_SCHEDULER ? 'on' : 'off'}; ` +
      `migrations at start-up ${env.WATCHER_MIGRATE ? 'on' : 'off'}; ` +
      `config ${envFile ? `environment + ${envFile}` : 'environment (no .env file)'}`,
  ];
}
