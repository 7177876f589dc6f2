/**
 * Gathers items for up to `delayMs` (or until `maxBatch` of them) and hands them to `send`
 * together, one batch after the other. Used off the request path to turn one round trip per job
 * into one per batch: adding committed jobs to Redis, settling delivered outbox rows.
 */
export class Batcher<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  /** `send` must not reject: it records its own failures. */
  constructor(
    private readonly send: (items: T[]) => Promise<void>,
    private readonly delayMs: number,
    private readonly maxBatch: number,
  ) {}

  get pending(): number {
    return this.items.length;
  }

  add(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.maxBatch) {
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
    }
  }

  /** Sends what is gathered now, after the batches before it; resolves when it has been sent. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.items;
    this.items = [];
    if (items.length > 0) {
      this.sending = this.sending.then(() => this.send(items));
    }
    return this.sending;
  }
}
