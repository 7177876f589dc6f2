import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeRequestFailure, postJson } from 'src/modules/notification/channels/http-post.util';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('postJson (loopback server)', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        handler(request, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('should POST the JSON body with its headers and return the status and answer', async () => {
    handler = (_request, response) => response.writeHead(400).end('invalid_payload');
    const outcome = await postJson(`${base}/hook`, '{"a":1}', { 'X-Test': 'yes' }, 1000);
    expect(outcome).toEqual({ kind: 'response', status: 400, body: 'invalid_payload' });
    expect(received).toHaveLength(1);
    expect(received[0].body).toBe('{"a":1}');
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(received[0].headers['x-test']).toBe('yes');
  });

  it('should give up after the timeout when the receiver never answers', async () => {
    handler = () => undefined; // Hangs.
    const started = Date.now();
    const outcome = await postJson(`${base}/slow/T000/SECRET`, '{}', {}, 200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toEqual({ kind: 'error', message: 'no answer within 200 ms (timed out)' });
  });

  it('should time out a body that stops half-way, keeping the status', async () => {
    handler = (_request, response) => {
      response.writeHead(500);
      response.write('partial');
    };
    const outcome = await postJson(`${base}/half`, '{}', {}, 300);
    expect(outcome).toMatchObject({ kind: 'response', status: 500 });
  });

  it('should not follow redirects', async () => {
    handler = (_request, response) => response.writeHead(302, { Location: '/elsewhere' }).end();
    expect(await postJson(`${base}/moved`, '{}', {}, 1000)).toMatchObject({ status: 302 });
    expect(received).toHaveLength(1);
  });

  it('should report a refused connection without the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}/services/T000/B000/SECRET`;
    const outcome = await postJson(url, '{}', {}, 1000);
    expect(outcome.kind).toBe('error');
    const message = outcome.kind === 'error' ? outcome.message : '';
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('SECRET');
  });

  it('should cut the URL out of any failure message', () => {
    const url = 'https://hooks.slack.com/services/T/B/SECRET';
    expect(
      describeRequestFailure(new TypeError(`Failed to parse URL from ${url}`), url, 5000),
    ).toBe('request failed: Failed to parse URL from <url>');
  });
});
