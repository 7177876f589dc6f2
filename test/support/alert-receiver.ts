import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what a signature covers). */
  body: string;
}

/** An HTTP status to answer with, or `hang` (never answer). */
export type Reply = number | 'hang';

/**
 * Plays Slack and the webhook receiver on 127.0.0.1:<free port>. Answers 200 unless replies were
 * planned for a path; `down()` closes the port (connection refused) and `up()` reopens it.
 */
export class AlertReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly plans = new Map<string, Reply[]>();
  private server: Server;
  private port = 0;

  private constructor() {
    this.server = this.createServer();
  }

  static async start(): Promise<AlertReceiver> {
    const receiver = new AlertReceiver();
    await receiver.listen(0);
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next answers for `path`, in order (then 200 again). */
  plan(path: string, ...replies: Reply[]): void {
    this.plans.set(path, [...(this.plans.get(path) ?? []), ...replies]);
  }

  requestsTo(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  reset(): void {
    this.requests.length = 0;
    this.plans.clear();
  }

  async down(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  async up(): Promise<void> {
    this.server = this.createServer();
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    if (this.server.listening) {
      await this.down();
    }
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
  }

  private createServer(): Server {
    return createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        this.requests.push({
          path,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const reply = this.plans.get(path)?.shift() ?? 200;
        if (reply !== 'hang') {
          response
            .writeHead(reply, { 'Content-Type': 'text/plain' })
            .end(reply < 300 ? 'ok' : 'no');
        }
      });
    });
  }
}
