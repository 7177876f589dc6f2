import { Client } from 'pg';

/**
 * True in the PostgreSQL run of the e2e suite: concurrent requests use separate database sessions
 * and really race. In embedded mode PGlite has one session, so their statements are serialised and
 * a race test there proves only that the requests agree with each other.
 */
export const racesAreReal = Boolean(process.env.DATABASE_URL);

const BLOCKED_SESSIONS = `
  SELECT count(*)::int AS n FROM pg_stat_activity
  WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`;

/**
 * Starts the requests of `send` and makes their inserts collide. On PostgreSQL, another session
 * holds `tables` locked (SHARE ROW EXCLUSIVE: INSERT waits, SELECT does not) until `sessions` of the
 * app's sessions wait on that lock (or 10 s pass), then releases them all at once. Returns what
 * `send` resolved to and how many sessions were waiting together (0 in embedded mode, where
 * `send` simply runs).
 */
export async function sendTogether<T>(
  tables: string[],
  send: () => Promise<T>,
  sessions = 5,
): Promise<{ result: T; waitingTogether: number }> {
  if (!racesAreReal) {
    return { result: await send(), waitingTogether: 0 };
  }
  const gate = new Client({ connectionString: process.env.DATABASE_URL });
  await gate.connect();
  let sent: Promise<T> | undefined;
  try {
    await gate.query('BEGIN');
    await gate.query(`LOCK TABLE ${tables.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    sent = send();
    // Reported before the requests settle: keep a rejection from being unhandled meanwhile.
    sent.catch(() => undefined);
    let waitingTogether = 0;
    const deadline = Date.now() + 10_000;
    while (waitingTogether < sessions && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Inside a transaction pg_stat_activity is read once and cached: drop that copy each time.
      await gate.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await gate.query<{ n: number }>(BLOCKED_SESSIONS);
      waitingTogether = Math.max(waitingTogether, rows[0].n);
    }
    await gate.query('COMMIT');
    return { result: await sent, waitingTogether };
  } finally {
    await gate.end();
  }
}
