import { ClsServiceManager } from 'nestjs-cls';

/** CLS key of the callbacks to run once the outermost ambient transaction has committed. */
export const AFTER_COMMIT_HOOKS = Symbol('watcher.afterCommitHooks');

export type AfterCommitHook = () => void;

/**
 * Runs `hook` after the ambient transaction commits (never if it rolls back), or soon when no
 * transaction is active. Hooks run on a later turn of the event loop, after the transaction's
 * context has been cleared, and must not throw (they are fire-and-forget by design).
 */
export function runAfterCommit(hook: AfterCommitHook): void {
  const cls = ClsServiceManager.getClsService();
  const hooks = cls.isActive()
    ? cls.get<AfterCommitHook[] | undefined>(AFTER_COMMIT_HOOKS)
    : undefined;
  if (hooks) {
    hooks.push(hook);
  } else {
    setImmediate(hook);
  }
}

/** True while an ambient transaction collects after-commit hooks. */
export function isInAmbientTransaction(): boolean {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() && cls.get(AFTER_COMMIT_HOOKS) !== undefined;
}
