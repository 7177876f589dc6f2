import { createServer, type Server } from 'node:net';
import { assertPortAvailable, PortUnavailableError } from 'src/bootstrap/port-available.util';

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('assertPortAvailable', () => {
  it('should pass for a free port and leave it free', async () => {
    const server = await listen();
    const port = portOf(server);
    await new Promise((resolve) => server.close(resolve));
    await expect(assertPortAvailable(port)).resolves.toBeUndefined();
    const again = await listen(port);
    await new Promise((resolve) => again.close(resolve));
  });

  it('should name the port and the fix when it is taken', async () => {
    const server = await listen();
    const port = portOf(server);
    try {
      const attempt = assertPortAvailable(port);
      await expect(attempt).rejects.toBeInstanceOf(PortUnavailableError);
      await expect(attempt).rejects.toThrow(
        `Port ${port} is already in use (another Watcher, or another program); stop it or set PORT to a free port`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('should always pass for port 0', async () => {
    await expect(assertPortAvailable(0)).resolves.toBeUndefined();
  });
});
