import { request as httpRequest } from 'node:http';
import type { AddressInfo, Server } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface RawRequest {
  method: string;
  path: string;
  /** Sent byte for byte; no Content-Type is added. */
  body?: Buffer | string;
  headers?: Record<string, string>;
}

/** Starts the app's HTTP server on a free loopback port (once) and returns its base port. */
export async function listenOnce(server: Server): Promise<number> {
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  return (server.address() as AddressInfo).port;
}

/**
 * One HTTP request with exactly the given bytes and headers (supertest adds a Content-Type of
 * its own to string bodies; hostile-input tests must control every byte).
 */
export function rawRequest(port: number, options: RawRequest): Promise<RawResponse> {
  const body =
    options.body === undefined
      ? undefined
      : Buffer.isBuffer(options.body)
        ? options.body
        : Buffer.from(options.body, 'utf8');
  const headers: Record<string, string | number> = { ...options.headers };
  if (body !== undefined) {
    headers['Content-Length'] = body.length;
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
