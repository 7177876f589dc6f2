import type { DataSource, EntityManager } from 'typeorm';
import { callerStack, sessionHolderContext } from 'src/database/pglite/session-holder';

type RunInTransaction<T> = (manager: EntityManager) => Promise<T>;

/**
 * Embedded mode only: runs the body of every `dataSource.transaction()` (and so every
 * `@Transactional()` use case) inside a session-holder mark, so that a query the body sends
 * around the transaction — through the DataSource instead of the transaction's manager — fails
 * at once with PgliteSessionDeadlockError instead of waiting for ever on the single session.
 */
export function guardSingleSessionTransactions(dataSource: DataSource): void {
  const manager = dataSource.manager;
  const original = manager.transaction.bind(manager) as (
    isolationOrRun: unknown,
    run?: unknown,
  ) => Promise<unknown>;
  const guarded = (isolationOrRun: unknown, maybeRun?: unknown): Promise<unknown> => {
    const run = (typeof isolationOrRun === 'function' ? isolationOrRun : maybeRun) as
      RunInTransaction<unknown> | undefined;
    if (typeof run !== 'function') {
      return original(isolationOrRun, maybeRun);
    }
    const mark = { isOpen: true, acquiredAt: callerStack() };
    const body = (transactionManager: EntityManager): Promise<unknown> =>
      sessionHolderContext
        .run(mark, () => run(transactionManager))
        .finally(() => {
          mark.isOpen = false;
        });
    return typeof isolationOrRun === 'function' ? original(body) : original(isolationOrRun, body);
  };
  Object.defineProperty(manager, 'transaction', { value: guarded, configurable: true });
}
