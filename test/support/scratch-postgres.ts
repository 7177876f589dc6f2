import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The PostgreSQL server of DATABASE_URL, for tests that need one; undefined when DATABASE_URL is
 * unset (those tests are then skipped, and `npm test` prints one SKIPPED line for their group).
 */
export const POSTGRES_URL: string | undefined = process.env.DATABASE_URL || undefined;

export interface ScratchDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  /** Drops the database (closing any sessions still on it). Idempotent. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database of the test's own on DATABASE_URL's server, with DATABASE_URL's
 * credentials (the role needs CREATEDB). The admin session runs on DATABASE_URL's database.
 */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  if (!POSTGRES_URL) {
    throw new Error('createScratchDatabase needs DATABASE_URL');
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err: unknown) {
    await admin.end();
    throw err;
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  const drop = async (): Promise<void> => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  return { url: url.toString(), drop: () => (dropped ??= drop()) };
}
