/**
 * Remembers that a dependency is down, so callers stop paying its timeout on every request:
 * after a failure the breaker is open for a backoff (1 s doubling to 30 s), then lets one
 * probe through. Pure and clock-injected, so it is unit-tested without Redis.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;

  constructor(
    private readonly baseMs = 1000,
    private readonly maxMs = 30_000,
  ) {}

  get failures(): number {
    return this.consecutiveFailures;
  }

  /** True while calls should not be tried (the dependency is known to be down). */
  isOpen(now = Date.now()): boolean {
    return now < this.openUntil;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openUntil = 0;
  }

  recordFailure(now = Date.now()): void {
    this.consecutiveFailures += 1;
    const wait = Math.min(this.baseMs * 2 ** (this.consecutiveFailures - 1), this.maxMs);
    this.openUntil = now + wait;
  }
}
