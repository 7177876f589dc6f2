import type { LogLevel as NestLogLevel } from '@nestjs/common';
import type { LogLevel } from 'src/config/env.schema';

const ORDER: NestLogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL=warn enables fatal, error and warn; each level includes the ones above it. */
export function nestLogLevels(level: LogLevel): NestLogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1);
}
