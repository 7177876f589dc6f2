import { AlertReceiver } from 'test/support/alert-receiver';

/** The JSON body of the generic alert webhook, as the monitoring tests read it. */
export interface ReceivedAlert {
  id: number;
  kind: string;
  severity: string;
  title: string;
  summary: string;
  pipeline: { id: number; name: string } | null;
  details: Record<string, unknown>;
}

const PATH = '/alerts';

/**
 * The generic alert webhook played by the test (AlertReceiver on 127.0.0.1), read as alerts.
 * Point WATCHER_ALERT_WEBHOOK_URL at `url` before the app starts.
 */
export class WebhookReceiver {
  private receiver: AlertReceiver | undefined;

  get url(): string {
    return this.server.url(PATH);
  }

  /** Every alert received, in arrival order. */
  get received(): ReceivedAlert[] {
    return this.server.requestsTo(PATH).map((request) => JSON.parse(request.body) as ReceivedAlert);
  }

  async start(): Promise<void> {
    this.receiver = await AlertReceiver.start();
  }

  /** The alerts received of one kind, in arrival order. */
  ofKind(kind: string): ReceivedAlert[] {
    return this.received.filter((alert) => alert.kind === kind);
  }

  reset(): void {
    this.server.reset();
  }

  async stop(): Promise<void> {
    await this.receiver?.close();
  }

  private get server(): AlertReceiver {
    if (!this.receiver) {
      throw new Error('WebhookReceiver not started');
    }
    return this.receiver;
  }
}
