import {
  TransactionalAdapterTypeOrm,
  type TypeOrmTransactionalAdapterOptions,
} from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsServiceManager } from 'nestjs-cls';
import type { DataSource } from 'typeorm';
import { AFTER_COMMIT_HOOKS, type AfterCommitHook } from 'src/database/transactions/after-commit';

/**
 * The TypeORM adapter of @nestjs-cls/transactional, plus after-commit hooks: callbacks registered
 * with runAfterCommit() inside a transaction run once it has committed (nested transactions
 * share the outer one's list). This is how jobs requested in a transaction are handed to the
 * queue only if the transaction commits.
 */
export class AfterCommitTypeOrmAdapter extends TransactionalAdapterTypeOrm {
  constructor(private readonly adapterOptions: TypeOrmTransactionalAdapterOptions) {
    super(adapterOptions);
  }

  override optionsFactory = (dataSource: DataSource) => {
    const base = new TransactionalAdapterTypeOrm(this.adapterOptions).optionsFactory(dataSource);
    return {
      ...base,
      wrapWithTransaction: async (
        options: Parameters<typeof base.wrapWithTransaction>[0],
        fn: Parameters<typeof base.wrapWithTransaction>[1],
        setClient: Parameters<typeof base.wrapWithTransaction>[2],
      ): Promise<unknown> => {
        const cls = ClsServiceManager.getClsService();
        const hooks: AfterCommitHook[] = [];
        cls.set(AFTER_COMMIT_HOOKS, hooks);
        try {
          const result: unknown = await base.wrapWithTransaction(options, fn, setClient);
          // Committed. Run the hooks on a later turn, once this context's transaction is cleared.
          for (const hook of hooks) {
            setImmediate(hook);
          }
          return result;
        } finally {
          cls.set(AFTER_COMMIT_HOOKS, undefined);
        }
      },
    };
  };
}
