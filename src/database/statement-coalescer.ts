/**
 * Turns concurrent one-row statements into one statement for all their rows: the calls made
 * within one turn of the event loop (up to `maxBatch` of them) go to `send` together, which
 * answers each input in order. When the statement fails, every call of its batch fails with the
 * error. Used where the same autocommit statement comes by the hundred per second from
 * concurrent jobs (detection's read and mark of each ended execution): one round trip, one plan
 * execution and one commit instead of one per call. Only for autocommit statements — callers
 * inside a transaction must run theirs on the transaction's connection (see callers).
 */
export class StatementCoalescer<I, R> {
  private pending: Array<{
    input: I;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }> = [];
  private isScheduled = false;

  constructor(
    private readonly send: (inputs: I[]) => Promise<R[]>,
    private readonly maxBatch: number,
  ) {}

  run(input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= this.maxBatch) {
        this.flush();
      } else if (!this.isScheduled) {
        this.isScheduled = true;
        // setImmediate, not a microtask: concurrent jobs reach their statement after their own
        // awaits, within the same turn of the event loop.
        setImmediate(() => {
          this.isScheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) {
      return;
    }
    this.send(batch.map(({ input }) => input)).then(
      (results) => batch.forEach(({ resolve }, index) => resolve(results[index])),
      (error: unknown) => batch.forEach(({ reject }) => reject(error)),
    );
  }
}
