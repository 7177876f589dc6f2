import type { JobOutboxRepository } from 'src/queue/job-outbox.repository';
import { errorMessage } from 'src/common/errors/error-text.util';

const FLUSH_DELAY_MS = 20;
const MAX_BATCH = 500;

/**
 * Settles delivered outbox rows in batches (one statement per ~20 ms) instead of one statement
 * per job, off the request path. A row whose settle is lost (crash) is delivered again by the
 * relay: delivery is at least once, handlers are idempotent.
 */
export class SettleBatcher {
  private ids: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly outbox: JobOutboxRepository,
    private readonly onError: (message: string) => void,
  ) {}

  get pending(): number {
    return this.ids.length;
  }

  add(id: number): void {
    this.ids.push(id);
    if (this.ids.length >= MAX_BATCH) {
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
    }
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ids = this.ids;
    this.ids = [];
    if (ids.length === 0) {
      return this.flushing;
    }
    this.flushing = this.flushing
      .then(() => this.outbox.settleDelivered(ids))
      .catch((error: unknown) =>
        this.onError(`Could not settle ${ids.length} delivered job(s): ${errorMessage(error)}`),
      );
    return this.flushing;
  }
}
