import { IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, Request, Response } from 'express';
import { WatcherExpressAdapter } from 'src/common/http/watcher-express-adapter';

describe('WatcherExpressAdapter', () => {
  let server: Server;
  let app: Express;
  const seen: Array<{ request: boolean; response: boolean }> = [];

  beforeAll(async () => {
    const adapter = new WatcherExpressAdapter();
    adapter.initHttpServer({});
    app = adapter.getInstance<Express>();
    app.get('/echo', (request: Request, response: Response) => {
      response.status(201).json({
        header: request.get('x-probe'),
        isIncomingMessage: request instanceof IncomingMessage,
        isServerResponse: response instanceof ServerResponse,
        app: request.app === app && response.app === app,
      });
    });
    server = adapter.getHttpServer();
    // Before Express sees them: already born with Express's prototypes, so its
    // Object.setPrototypeOf(req, app.request) changes nothing.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      seen.push({
        request: Object.getPrototypeOf(request) === app.request,
        response: Object.getPrototypeOf(response) === app.response,
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('should create requests and responses with the prototypes Express gives them', async () => {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/echo`, {
      headers: { 'x-probe': 'yes' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      header: 'yes',
      isIncomingMessage: true,
      isServerResponse: true,
      app: true,
    });
    expect(seen).toEqual([{ request: true, response: true }]);
  });
});
