import type { OutboxRow } from 'src/queue/job-outbox.repository';

const FLUSH_DELAY_MS = 2;
const MAX_BATCH = 200;

/**
 * Gathers the rows committed within ~2 ms and hands them to `send` together, so the fast path
 * adds them to Redis in one round trip per queue (BullMQ addBulk) instead of one per job. The
 * wait is far below the detection-lag budget; under load it turns N adds into one.
 */
export class AddBatcher {
  private rows: OutboxRow[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly send: (rows: OutboxRow[]) => Promise<void>) {}

  get pending(): number {
    return this.rows.length;
  }

  add(row: OutboxRow): void {
    this.rows.push(row);
    if (this.rows.length >= MAX_BATCH) {
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
    }
  }

  /** Sends what is gathered now; `send` must not throw (it records its own failures). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.rows;
    this.rows = [];
    return rows.length > 0 ? this.send(rows) : Promise.resolve();
  }
}
