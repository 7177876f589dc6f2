import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedAlert {
  id: number;
  kind: string;
  severity: string;
  title: string;
  summary: string;
  pipeline: { id: number; name: string } | null;
  details: Record<string, unknown>;
}

/**
 * The generic alert webhook played by the test: a node:http server on 127.0.0.1 that answers
 * 204 and records each JSON body. Point WATCHER_ALERT_WEBHOOK_URL at `url` before the app starts.
 */
export class WebhookReceiver {
  readonly received: ReceivedAlert[] = [];
  private server: Server | undefined;

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/alerts`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        this.received.push(JSON.parse(body) as ReceivedAlert);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  /** The alerts received of one kind, in arrival order. */
  ofKind(kind: string): ReceivedAlert[] {
    return this.received.filter((alert) => alert.kind === kind);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
