// A throwaway PostgreSQL database per benchmark run, on DATABASE_URL's server (loopback only).
import pg from 'pg';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function assertLoopback(url, what) {
  if (!LOOPBACK.has(new URL(url).hostname)) {
    throw new Error(`Refusing ${what} ${new URL(url).host}: only loopback addresses are allowed`);
  }
}

/** DATABASE_URL with another database name. */
export function withDatabase(url, database) {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.toString();
}

async function withAdmin(serverUrl, fn) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `name` (letters, digits, _ only) and returns its URL. */
export async function createDatabase(serverUrl, name) {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`bad database name ${name}`);
  }
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  return withDatabase(serverUrl, name);
}

/** Drops `name`, disconnecting whatever is still connected to it (only that database). */
export async function dropDatabase(serverUrl, name) {
  await withAdmin(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}
