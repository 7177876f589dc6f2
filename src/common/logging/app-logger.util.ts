import { ConsoleLogger, type LoggerService } from '@nestjs/common';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import pino, { type DestinationStream, type Level } from 'pino';
import { nestLogLevels } from 'src/common/logging/log-levels.util';
import type { LogFormat, LogLevel } from 'src/config/env.schema';

/**
 * Nest's start-up chatter (module loading, one line per route, "starting", "started") is logged
 * at debug: at the default level the start-up output is Watcher's own few lines.
 * ExceptionHandler prints the stack of a failed start; main.ts prints the one-line reason.
 */
const DEBUG_ONLY_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'ExceptionHandler',
]);

const PINO_LEVELS: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface AppLoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Colours in text mode: only on a terminal, and never with NO_COLOR set. */
  isTty?: boolean;
  /** JSON mode's destination (stdout by default; tests pass their own). */
  destination?: DestinationStream;
}

/** The app's logger: Nest's ConsoleLogger (text) or pino (json, one object per line). */
export function createAppLogger(options: AppLoggerOptions): LoggerService {
  if (options.format === 'json') {
    return new ContextLevelLogger(createJsonLogger(options));
  }
  const isTty = options.isTty ?? Boolean(process.stdout.isTTY);
  return new ContextLevelLogger(
    new ConsoleLogger({
      logLevels: nestLogLevels(options.level),
      colors: isTty && process.env.NO_COLOR === undefined,
      prefix: 'Watcher',
    }),
  );
}

function createJsonLogger(options: AppLoggerOptions): LoggerService {
  const logger = pino(
    {
      level: PINO_LEVELS[options.level],
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return new PinoNestLogger(new PinoLogger({ pinoHttp: { logger } }), {});
}

/** Moves the contexts above to debug; everything else passes through unchanged. */
class ContextLevelLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    if (isDebugOnly(rest)) {
      this.debug(message, ...rest);
      return;
    }
    this.inner.log(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    if (isDebugOnly(rest)) {
      this.debug(message, ...rest);
      return;
    }
    this.inner.error(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...rest);
  }
}

function isDebugOnly(rest: unknown[]): boolean {
  const context = rest[rest.length - 1];
  return typeof context === 'string' && DEBUG_ONLY_CONTEXTS.has(context);
}
