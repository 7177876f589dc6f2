import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES } from 'src/database/entities';
import { MIGRATIONS } from 'src/database/migrations';
import { INSERT_MISSING_ADDRESS_TYPES } from 'src/modules/address/address-type.repository';
import { INSERT_MISSING_ADDRESSES } from 'src/modules/address/address.repository';
import {
  SELECT_LEVEL_EDGES,
  SET_LOCAL_STATEMENT_TIMEOUT,
} from 'src/modules/lineage/lineage.repository';

// The set-based lineage SQL against real PostgreSQL, in a database of its own (created and
// dropped here). PostgreSQL: WATCHER_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
// WATCHER_TEST_SKIP_PG=1 skips this file.
const PG_URL = process.env.WATCHER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SKIP_PG = process.env.WATCHER_TEST_SKIP_PG === '1';
const DATABASE = `watcher_int_lineage_${process.pid}`;

const describePg = SKIP_PG ? describe.skip : describe;

function databaseUrl(name: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl(DATABASE) });
  await client.connect();
  return client;
}

/**
 * Runs `sql` in two open transactions at once, with the rows in opposite orders; each commits as
 * soon as its statement is done (so one may wait for the other, but a deadlock is reported).
 */
async function insertConcurrently(sql: string, forward: unknown[][], backward: unknown[][]) {
  const [first, second] = [await connect(), await connect()];
  try {
    await Promise.all([first.query('BEGIN'), second.query('BEGIN')]);
    await second.query(`SET LOCAL deadlock_timeout = '100ms'`);
    const run = async (client: Client, params: unknown[][]) => {
      try {
        await client.query(sql, params);
        await client.query('COMMIT');
        return 'ok';
      } catch (error) {
        await client.query('ROLLBACK');
        return (error as { code?: string }).code ?? 'error';
      }
    };
    return await Promise.all([run(first, forward), run(second, backward)]);
  } finally {
    await Promise.all([first.end(), second.end()]);
  }
}

describePg('Lineage SQL on PostgreSQL', () => {
  let admin: Client;
  let dataSource: DataSource;

  beforeAll(async () => {
    admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    dataSource = await new DataSource({
      type: 'postgres',
      url: databaseUrl(DATABASE),
      entities: ENTITIES,
      migrations: MIGRATIONS,
      logging: false,
    }).initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
  });

  it('should insert overlapping address sets from two transactions in opposite orders without deadlock', async () => {
    await dataSource.query(`INSERT INTO address_type (name, group_name) VALUES ('t', 'file')`);
    const names = Array.from({ length: 5000 }, (_, i) => `int/${String(i).padStart(5, '0')}`);
    const columns = (list: string[]) => [
      list,
      list.map(() => 't'),
      ...Array.from({ length: 5 }, () => list.map(() => null)),
    ];
    const outcome = await insertConcurrently(
      INSERT_MISSING_ADDRESSES,
      columns(names),
      columns([...names].reverse()),
    );
    expect(outcome).toEqual(['ok', 'ok']);
    const rows = await dataSource.query(
      `SELECT count(*)::int AS n FROM address WHERE name LIKE 'int/%'`,
    );
    expect(rows[0].n).toBe(5000);
  });

  it('should insert overlapping address-type sets in opposite orders without deadlock', async () => {
    const names = Array.from({ length: 5000 }, (_, i) => `int type ${String(i).padStart(5, '0')}`);
    const outcome = await insertConcurrently(
      INSERT_MISSING_ADDRESS_TYPES,
      [names, names.map(() => 'g')],
      [[...names].reverse(), names.map(() => 'g')],
    );
    expect(outcome).toEqual(['ok', 'ok']);
  });

  it('should read a traversal level with index-only scans in both directions', async () => {
    await dataSource.query(`
      INSERT INTO pipeline_type (name) VALUES ('int');
      INSERT INTO pipeline (name, pipeline_type_id) SELECT 'int p', id FROM pipeline_type;
      INSERT INTO address (name, address_type_id)
        SELECT 'lvl/' || g, (SELECT min(id) FROM address_type) FROM generate_series(1, 20000) g;
      INSERT INTO address_lineage (pipeline_id, source_address_id, target_address_id)
        SELECT (SELECT min(id) FROM pipeline), a.id, a.id + 1 FROM address a
        WHERE a.name LIKE 'lvl/%' AND a.id < (SELECT max(id) FROM address);`);
    await dataSource.query('VACUUM ANALYZE address_lineage');
    const [{ first }] = await dataSource.query(
      `SELECT min(id) AS first FROM address WHERE name LIKE 'lvl/%'`,
    );
    const client = await connect();
    try {
      const plan = await client.query(`EXPLAIN ${SELECT_LEVEL_EDGES}`, [
        [first, first + 1],
        [first],
      ]);
      const text = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Only Scan using ix_address_lineage_source/);
      expect(text).toMatch(/Index Only Scan using ix_address_lineage_target/);
      const level = await client.query(SELECT_LEVEL_EDGES, [[first + 10], [first + 20]]);
      expect(level.rows).toEqual([
        expect.objectContaining({
          source_address_id: first + 10,
          target_address_id: first + 11,
          is_downstream: true,
        }),
        expect.objectContaining({
          source_address_id: first + 19,
          target_address_id: first + 20,
          is_downstream: false,
        }),
      ]);
    } finally {
      await client.end();
    }
  });

  it('should cancel a statement past the local statement timeout, for that transaction only', async () => {
    const client = await connect();
    try {
      const before = await client.query('SHOW statement_timeout');
      await client.query('BEGIN');
      await client.query(SET_LOCAL_STATEMENT_TIMEOUT, ['100ms']);
      await expect(client.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
      await client.query('ROLLBACK');
      const after = await client.query('SHOW statement_timeout');
      expect(after.rows).toEqual(before.rows);
    } finally {
      await client.end();
    }
  });
});
