import 'reflect-metadata';
import { openPglite, type PgliteHandle } from 'src/database/pglite/pglite-instance';
import { createPglitePgModule } from 'src/database/pglite/pglite-pg-module';
import {
  PgliteLeaseTimeoutError,
  PgliteSessionDeadlockError,
  sessionHolderContext,
} from 'src/database/pglite/session-holder';

// The single PGlite session: waits are bounded, and a wait that can never end fails at once.
describe('PGlite session lease', () => {
  let handle: PgliteHandle;

  beforeAll(async () => {
    handle = await openPglite('memory://');
  });

  afterAll(async () => {
    await handle.close();
  });

  it('should fail a wait longer than the lease timeout, naming where the holder took the session', async () => {
    const { Pool } = createPglitePgModule(handle.db, { leaseTimeoutMs: 200 });
    const pool = new Pool();
    const holder = await pool.connect(); // Taken here: this file should be named in the error.
    try {
      const started = Date.now();
      const waiting = pool.query('SELECT 1 AS one');
      await expect(waiting).rejects.toBeInstanceOf(PgliteLeaseTimeoutError);
      await expect(waiting).rejects.toThrow(/pglite-session\.int-spec\.ts/);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      holder.release();
    }
    // The timed-out waiter left the queue: the session is usable again.
    await expect(pool.query('SELECT 2 AS two')).resolves.toMatchObject({ rows: [{ two: 2 }] });
  });

  it('should wait without limit when the timeout is 0', async () => {
    const { Pool } = createPglitePgModule(handle.db, { leaseTimeoutMs: 0 });
    const pool = new Pool();
    const holder = await pool.connect();
    const waiting = pool.query('SELECT 3 AS three');
    setTimeout(() => holder.release(), 300);
    await expect(waiting).resolves.toMatchObject({ rows: [{ three: 3 }] });
  });

  it('should refuse at once a lease requested from inside an open holder mark', async () => {
    const { Pool } = createPglitePgModule(handle.db);
    const pool = new Pool();
    const mark = { isOpen: true, acquiredAt: 'at the test' };
    await sessionHolderContext.run(mark, async () => {
      await expect(pool.query('SELECT 1')).rejects.toBeInstanceOf(PgliteSessionDeadlockError);
      mark.isOpen = false;
      await expect(pool.query('SELECT 4 AS four')).resolves.toMatchObject({ rows: [{ four: 4 }] });
    });
  });
});
