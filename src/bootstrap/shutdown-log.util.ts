import type { LoggerService } from '@nestjs/common';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Logs "Stopping Watcher (SIGTERM)…" when a stop signal arrives and "Watcher stopped" when the
 * process exits after it. Relies on Nest's shutdown hooks (configureApp enables them): Nest
 * closes the app, removes its own listener and raises the signal again. The process usually
 * exits on its own first (nothing is left to run); if the raised signal does arrive, this
 * listener is the only one left and exits. The last line is written on 'exit' (synchronously).
 */
export function logShutdown(logger: LoggerService): void {
  let stopSignal: string | undefined;
  process.once('exit', (code) => {
    if (stopSignal) {
      logger.log(`Watcher stopped${code === 0 ? '' : ` (exit code ${code})`}`, 'Watcher');
    }
  });
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) {
        if (!stopSignal) {
          stopSignal = signal;
          logger.log(`Stopping Watcher (${signal})…`, 'Watcher');
        }
        return;
      }
      stopSignal ??= signal;
      process.exit(0);
    });
  }
}
