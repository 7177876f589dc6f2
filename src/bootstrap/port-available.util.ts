import { createServer } from 'node:net';

export class PortUnavailableError extends Error {
  constructor(
    readonly port: number,
    code: string | undefined,
  ) {
    super(
      code === 'EACCES'
        ? `Port ${port} needs privileges this process does not have; set PORT to a port above 1023`
        : `Port ${port} is already in use (another Watcher, or another program); stop it or set PORT to a free port`,
    );
    this.name = 'PortUnavailableError';
  }
}

/**
 * Binds `port` the way `app.listen(port)` will (all interfaces) and releases it at once, so that a
 * busy port is reported in one line before the database is opened and migrated, not after.
 * Port 0 (any free port) always passes.
 */
export async function assertPortAvailable(port: number): Promise<void> {
  if (port === 0) {
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(new PortUnavailableError(port, error.code)),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
