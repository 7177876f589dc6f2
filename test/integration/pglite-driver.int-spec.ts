import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { types as pgTypes } from 'pg';
import * as ts from 'typescript';
import {
  Column,
  DataSource,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  QueryFailedError,
} from 'typeorm';
import {
  LOCK_FILE_NAME,
  openPglite,
  PgliteDataDirInUseError,
  releasePgliteLocksSync,
  type PgliteHandle,
} from 'src/database/pglite/pglite-instance';
import { readLockOwner } from 'src/database/pglite/pglite-lock.util';
import { createPglitePgModule, type PgliteClient } from 'src/database/pglite/pglite-pg-module';
import { installPgTypeParsers } from 'src/database/pglite/type-parsers';
import { createScratchDatabase, POSTGRES_URL } from 'test/support/scratch-postgres';

// Run with: NODE_OPTIONS=--experimental-vm-modules npx jest -c test/jest-int.json --runInBand
// The PostgreSQL mode runs when DATABASE_URL is set, in a database of its own on that server
// (created and dropped here); without DATABASE_URL it is skipped.

@Entity('drv_item')
class Item {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 50, unique: true })
  name!: string;

  @Column({ type: 'int', default: 0 })
  qty!: number;
}

@Entity('drv_child')
class Child {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'item_id', type: 'int' })
  itemId!: number;

  @ManyToOne(() => Item, { nullable: false })
  @JoinColumn({ name: 'item_id' })
  item?: Item;
}

enum Mood {
  Happy = 'happy',
  Sad = 'sad',
}

@Entity('drv_kitchen')
class Kitchen {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  big!: string;

  @Column({ type: 'numeric', precision: 10, scale: 2 })
  amount!: number;

  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'bytea' })
  blob!: Buffer;

  @Column({ type: 'jsonb' })
  doc!: unknown;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'enum', enum: Mood })
  mood!: Mood;

  @Column({ type: 'enum', enum: Mood, array: true })
  moods!: Mood[];

  @Column({ type: 'boolean' })
  flag!: boolean;
}

const ENTITIES = [Item, Child, Kitchen];

type Row = Record<string, unknown>;

interface Mode {
  name: string;
  pglite: boolean;
  open(): Promise<{ ds: DataSource; db?: PgliteHandle['db']; cleanup: () => Promise<void> }>;
}

const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `watcher-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err: unknown) {
    return err;
  }
  throw new Error('expected a rejection');
}

async function initialise(options: ConstructorParameters<typeof DataSource>[0]) {
  const ds = await new DataSource(options).initialize();
  await ds.synchronize();
  await ds.query('CREATE TABLE drv_tx (id serial PRIMARY KEY, tag text NOT NULL)');
  return ds;
}

function pgliteMode(name: string, dataDir: () => string): Mode {
  return {
    name,
    pglite: true,
    async open() {
      const handle = await openPglite(dataDir());
      const ds = await initialise({
        type: 'postgres',
        driver: createPglitePgModule(handle.db),
        entities: ENTITIES,
        synchronize: false,
        logging: false,
      });
      return {
        ds,
        db: handle.db,
        cleanup: async () => {
          await ds.destroy();
          await handle.close();
        },
      };
    },
  };
}

const postgresMode: Mode = {
  name: 'postgres',
  pglite: false,
  async open() {
    const database = await createScratchDatabase('watcher_pgdrv');
    installPgTypeParsers(pgTypes);
    const ds = await initialise({
      type: 'postgres',
      url: database.url,
      entities: ENTITIES,
      synchronize: false,
      logging: false,
    });
    return {
      ds,
      cleanup: async () => {
        await ds.destroy();
        await database.drop();
      },
    };
  },
};

const modes: Mode[] = [
  pgliteMode('pglite memory://', () => 'memory://'),
  pgliteMode('pglite directory', () => path.join(tempDir('mode'), 'data')),
  ...(POSTGRES_URL ? [postgresMode] : []),
];

if (!POSTGRES_URL) {
  describe.skip('TypeORM postgres driver on postgres', () => {
    it('needs DATABASE_URL', () => undefined);
  });
}

/** Rows per mode, compared across modes at the end. */
const observed = new Map<string, Map<string, unknown>>();

const PARSER_SQL = `select 9007199254740993::int8 as big, 42::int8 as small, -9007199254740993::int8 as neg,
  1.2345::numeric as n, '\\x0102'::bytea as b, now() as t, current_date as d, '{"a":1}'::jsonb as j,
  '[1,{"b":null}]'::json as js, 7::int2 as i2, 8::int4 as i4, null::int8 as nul,
  '2024-02-29'::date as leap, '2024-01-02T03:04:05.678Z'::timestamptz as tz,
  '2024-01-02 03:04:05.678'::timestamp as ts, array[1, 9007199254740993]::int8[] as bigs,
  array['2024-01-02', null]::date[] as days, array[1.5, 2]::numeric[] as nums,
  array['a', 'b,c']::text[] as texts, 'a6c1e5d2-0a3c-4c59-9d3e-1f0c2b3a4d5e'::uuid as u`;

describe.each(modes)('TypeORM postgres driver on $name', (mode) => {
  let ds: DataSource;
  let db: PgliteHandle['db'] | undefined;
  let cleanup: () => Promise<void>;
  const seen = new Map<string, unknown>();

  beforeAll(async () => {
    ({ ds, db, cleanup } = await mode.open());
    observed.set(mode.name, seen);
  });

  afterAll(async () => {
    await cleanup?.();
  });

  it('synchronizes the schema and then sees no difference', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('parses result types the same way in every mode', async () => {
    const [row] = await ds.query<Row[]>(PARSER_SQL);
    expect(row.big).toBe(9007199254740993n);
    expect(row.small).toBe(42);
    expect(row.neg).toBe(-9007199254740993n);
    expect(row.n).toBe(1.2345);
    expect(Buffer.isBuffer(row.b)).toBe(true);
    expect([...(row.b as Buffer)]).toEqual([1, 2]);
    expect(row.t).toBeInstanceOf(Date);
    expect(Math.abs((row.t as Date).getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.j).toEqual({ a: 1 });
    expect(row.js).toEqual([1, { b: null }]);
    expect(row.i2).toBe(7);
    expect(row.i4).toBe(8);
    expect(row.nul).toBeNull();
    expect(row.leap).toBe('2024-02-29');
    expect(row.tz).toEqual(new Date('2024-01-02T03:04:05.678Z'));
    expect(row.ts).toBeInstanceOf(Date);
    expect(row.bigs).toEqual([1, 9007199254740993n]);
    expect(row.days).toEqual(['2024-01-02', null]);
    expect(row.nums).toEqual([1.5, 2]);
    expect(row.texts).toEqual(['a', 'b,c']);
    expect(row.u).toBe('a6c1e5d2-0a3c-4c59-9d3e-1f0c2b3a4d5e');
    const stable = { ...row };
    delete stable.t;
    delete stable.d;
    seen.set('parsers', stable);
  });

  it('serialises parameters like pg', async () => {
    const at = new Date('2024-05-06T07:08:09.123Z');
    const [row] = await ds.query<Row[]>(
      `select $1::timestamptz as t, $2::int8 as big, $3::bytea as b, $4::jsonb as j,
        $5::int[] as arr, $6::text[] as texts, $7::bool as yes, $8::text as nul, $9::date as day,
        $10::bytea as u8, $11::jsonb as jarr, $12::numeric as num, $13::timestamp as local,
        $14::bool as no, $15::int as i, $16::bytea[] as blobs, $17::text as str,
        $18::bytea as hex`,
      [
        at,
        9007199254740993n,
        Buffer.from([0, 255]),
        { k: 'v', n: [1, 2] },
        [1, 2, 3],
        ['a,b', 'q"uote', 'back\\slash', null, ''],
        true,
        null,
        '2024-02-29',
        new Uint8Array([9, 8]),
        JSON.stringify([1, 'x']),
        '12.50',
        at,
        false,
        42,
        [Buffer.from([1]), null],
        'it\'s "text"',
        '\\x0a0b',
      ],
    );
    expect((row.t as Date).getTime()).toBe(at.getTime());
    expect(row.big).toBe(9007199254740993n);
    expect([...(row.b as Buffer)]).toEqual([0, 255]);
    expect(row.j).toEqual({ k: 'v', n: [1, 2] });
    expect(row.arr).toEqual([1, 2, 3]);
    expect(row.texts).toEqual(['a,b', 'q"uote', 'back\\slash', null, '']);
    expect(row.yes).toBe(true);
    expect(row.no).toBe(false);
    expect(row.nul).toBeNull();
    expect(row.day).toBe('2024-02-29');
    expect([...(row.u8 as Buffer)]).toEqual([9, 8]);
    expect(row.jarr).toEqual([1, 'x']);
    expect(row.num).toBe(12.5);
    expect((row.local as Date).getTime()).toBe(at.getTime());
    expect(row.i).toBe(42);
    expect(row.blobs).toEqual([Buffer.from([1]), null]);
    expect(row.str).toBe('it\'s "text"');
    expect(row.hex).toEqual(Buffer.from([10, 11]));
    seen.set('params', row);
  });

  it('runs parameterised queries, RETURNING, and reports affected rows', async () => {
    const inserted = await ds.query<Row[]>(
      'INSERT INTO drv_item (name, qty) VALUES ($1, $2), ($3, $4) RETURNING id, name, qty',
      ['alpha', 1, 'beta', 2],
    );
    expect(inserted).toEqual([
      { id: expect.any(Number), name: 'alpha', qty: 1 },
      { id: expect.any(Number), name: 'beta', qty: 2 },
    ]);
    const found = await ds.query<Row[]>('SELECT name FROM drv_item WHERE qty > $1', [1]);
    expect(found).toEqual([{ name: 'beta' }]);

    const saved = await ds.getRepository(Item).save({ name: 'gamma', qty: 3 });
    expect(saved.id).toEqual(expect.any(Number));
    expect(await ds.getRepository(Item).findOneByOrFail({ id: saved.id })).toEqual(saved);

    const update = await ds
      .createQueryBuilder()
      .update(Item)
      .set({ qty: 10 })
      .where('qty < :max', { max: 3 })
      .execute();
    expect(update.affected).toBe(2);
    const none = await ds.getRepository(Item).update({ name: 'nobody' }, { qty: 1 });
    expect(none.affected).toBe(0);
    const removed = await ds.getRepository(Item).delete({ name: 'gamma' });
    expect(removed.affected).toBe(1);
    expect(await ds.getRepository(Item).count()).toBe(2);
  });

  it('round-trips an entity with many column types', async () => {
    const repo = ds.getRepository(Kitchen);
    const at = new Date('2024-03-04T05:06:07.089Z');
    const { id } = await repo.save({
      big: '9007199254740993',
      amount: 12.34,
      day: '2024-02-29',
      at,
      blob: Buffer.from('hi'),
      doc: { list: [1, 'two', null], nested: { ok: true } },
      tags: ['x', 'y,z', 'q"'],
      mood: Mood.Sad,
      moods: [Mood.Happy, Mood.Sad],
      flag: true,
    });
    // PGlite registers parsers for array types (enum arrays included) when it refreshes them;
    // the driver module must still hand TypeORM the text that pg hands it.
    if (db) {
      await db.refreshArrayTypes();
    }
    const loaded = await repo.findOneByOrFail({ id });
    expect(loaded.moods).toEqual([Mood.Happy, Mood.Sad]);
    expect(loaded.mood).toBe(Mood.Sad);
    expect(loaded.tags).toEqual(['x', 'y,z', 'q"']);
    expect(loaded.day).toBe('2024-02-29');
    expect(loaded.at).toEqual(at);
    expect(loaded.blob).toEqual(Buffer.from('hi'));
    expect(loaded.doc).toEqual({ list: [1, 'two', null], nested: { ok: true } });
    expect(loaded.amount).toBe(12.34);
    expect(loaded.flag).toBe(true);
    seen.set('entity', { ...loaded, id: undefined, bigType: typeof loaded.big });
  });

  it('surfaces SQLSTATE codes and details through QueryFailedError', async () => {
    const repo = ds.getRepository(Item);
    await repo.insert({ name: 'dup' });
    const unique = await caught(repo.insert({ name: 'dup' }));
    expect(unique).toBeInstanceOf(QueryFailedError);
    const uniqueError = unique as QueryFailedError & Row;
    expect(uniqueError.driverError).toMatchObject({
      code: '23505',
      table: 'drv_item',
      detail: 'Key (name)=(dup) already exists.',
      constraint: expect.any(String),
    });
    expect(uniqueError.code).toBe('23505');
    expect(uniqueError.message).toMatch(/duplicate key value violates unique constraint/);

    const fk = await caught(ds.getRepository(Child).insert({ itemId: 999999 }));
    expect(fk).toBeInstanceOf(QueryFailedError);
    expect((fk as QueryFailedError).driverError).toMatchObject({
      code: '23503',
      table: 'drv_child',
      detail: 'Key (item_id)=(999999) is not present in table "drv_item".',
    });
    const badBool = await caught(ds.query('SELECT $1::bool AS b', ['maybe']));
    expect((badBool as QueryFailedError).driverError).toMatchObject({ code: '22P02' });
    // The session is still usable afterwards.
    expect(await repo.countBy({ name: 'dup' })).toBe(1);
  });

  it('keeps concurrent transactions isolated (rollbacks never leak)', async () => {
    class Rollback extends Error {}
    const committed: string[] = [];
    const leaked: string[] = [];
    const rollsBack = (i: number) => i % 3 === 0 || i % 7 === 0;
    const transactions = Array.from({ length: 20 }, async (_, i) => {
      const rollback = rollsBack(i);
      const tag = `${rollback ? 'rb' : 'ok'}-${i}`;
      try {
        await ds.transaction(async (manager) => {
          await manager.query('INSERT INTO drv_tx (tag) VALUES ($1)', [tag]);
          await sleep((i * 7) % 5);
          const own = await manager.query<Row[]>(
            'SELECT count(*)::int AS c FROM drv_tx WHERE tag = $1',
            [tag],
          );
          expect(own[0].c).toBe(1);
          await manager.getRepository(Item).insert({ name: `tx-${tag}`, qty: i });
          await manager.query('INSERT INTO drv_tx (tag) VALUES ($1)', [tag]);
          if (rollback) {
            throw new Rollback(tag);
          }
        });
        committed.push(tag);
      } catch (err: unknown) {
        if (!(err instanceof Rollback)) {
          throw err;
        }
      }
    });
    const observers = Array.from({ length: 40 }, async (_, i) => {
      await sleep(i % 6);
      const rows = await ds.query<Row[]>(
        "SELECT tag FROM drv_tx WHERE tag LIKE 'rb-%' UNION ALL " +
          "SELECT name FROM drv_item WHERE name LIKE 'tx-rb-%'",
      );
      leaked.push(...rows.map((row) => String(row.tag)));
    });
    await Promise.all([...transactions, ...observers]);

    expect(leaked).toEqual([]);
    expect(committed).toHaveLength(
      Array.from({ length: 20 }, (_, i) => i).filter((i) => !rollsBack(i)).length,
    );
    const rows = await ds.query<Row[]>(
      'SELECT tag, count(*)::int AS c FROM drv_tx GROUP BY tag ORDER BY tag',
    );
    expect(rows).toEqual([...committed].sort().map((tag) => ({ tag, c: 2 })));
    const items = await ds.getRepository(Item).count();
    const txItems = await ds.query<Row[]>("SELECT name FROM drv_item WHERE name LIKE 'tx-%'");
    expect(txItems.map((row) => row.name).sort()).toEqual(committed.map((t) => `tx-${t}`).sort());
    expect(items).toBeGreaterThanOrEqual(committed.length);
  });
});

describe('both modes give identical rows', () => {
  const [first, ...others] = modes.map((mode) => mode.name);
  it.each(others)(`%s matches ${first}`, (name) => {
    const expected = observed.get(first);
    const actual = observed.get(name);
    expect(expected?.size).toBe(3);
    expect(actual).toEqual(expected);
  });
});

describe('PGlite pg module: pool and client semantics', () => {
  let handle: PgliteHandle;
  let Pool: ReturnType<typeof createPglitePgModule>['Pool'];

  beforeAll(async () => {
    handle = await openPglite('memory://');
    Pool = createPglitePgModule(handle.db).Pool;
    await handle.db.exec('CREATE TABLE t (id int PRIMARY KEY, v text)');
  });

  afterAll(async () => {
    await handle.close();
  });

  it('hands out one client at a time, FIFO, and a double release is harmless', async () => {
    const pool = new Pool();
    const order: string[] = [];
    const first = await pool.connect();
    const second = pool.connect().then((client) => (order.push('second'), client));
    const third = new Promise<PgliteClient>((resolve, reject) =>
      pool.connect((err, client) => {
        if (err || !client) {
          return reject(err ?? new Error('no client'));
        }
        order.push('third');
        resolve(client);
      }),
    );
    const viaPool = pool.query('SELECT 1 AS one').then((result) => {
      order.push('pool.query');
      return result;
    });
    await sleep(20);
    expect(order).toEqual([]);
    expect(pool.waitingCount).toBe(3);

    first.release();
    first.release();
    const secondClient = await second;
    await sleep(20);
    expect(order).toEqual(['second']);

    secondClient.release();
    const thirdClient = await third;
    await sleep(20);
    expect(order).toEqual(['second', 'third']);
    thirdClient.release();
    expect((await viaPool).rows).toEqual([{ one: 1 }]);
    expect(order).toEqual(['second', 'third', 'pool.query']);
  });

  it('returns pg-shaped results for DML, SELECT and scripts', async () => {
    const pool = new Pool();
    const client = await pool.connect();
    try {
      const insert = await client.query('INSERT INTO t VALUES ($1, $2), ($3, $4)', [
        1,
        'a',
        2,
        'b',
      ]);
      expect(insert).toMatchObject({ command: 'INSERT', rowCount: 2, rows: [] });
      const update = await client.query("UPDATE t SET v = v || '!'");
      expect(update).toMatchObject({ command: 'UPDATE', rowCount: 2 });
      const select = await client.query('SELECT id, v FROM t ORDER BY id');
      expect(select).toMatchObject({
        command: 'SELECT',
        rowCount: 2,
        rows: [
          { id: 1, v: 'a!' },
          { id: 2, v: 'b!' },
        ],
        fields: [
          { name: 'id', dataTypeID: 23 },
          { name: 'v', dataTypeID: 25 },
        ],
      });
      const script = await client.query(
        "INSERT INTO t VALUES (3, 'c'); DELETE FROM t WHERE id < 3; SELECT count(*)::int AS n FROM t",
      );
      expect(script).toMatchObject({ command: 'SELECT', rowCount: 1, rows: [{ n: 1 }] });
      const ddl = await client.query('CREATE TABLE t2 (x int)');
      expect(ddl).toMatchObject({ command: 'CREATE', rowCount: null });
      const viaCallback = await new Promise((resolve, reject) =>
        client.query('SELECT $1::text AS s', ['cb'], (err, result) =>
          err ? reject(err) : resolve(result?.rows),
        ),
      );
      expect(viaCallback).toEqual([{ s: 'cb' }]);
    } finally {
      client.release();
    }
  });

  it('rethrows PostgreSQL errors with their SQLSTATE and fields', async () => {
    const pool = new Pool();
    const client = await pool.connect();
    try {
      const missing = (await caught(client.query('SELECT * FROM nope WHERE x = $1', [1]))) as Row;
      expect(missing).toBeInstanceOf(Error);
      expect(missing).toMatchObject({ code: '42P01', message: 'relation "nope" does not exist' });
      await client.query("INSERT INTO t VALUES (50, 'once')");
      const dup = (await caught(client.query("INSERT INTO t VALUES (50, 'again')"))) as Row;
      expect(dup).toMatchObject({ code: '23505', table: 't', constraint: 't_pkey' });
      const viaCallback = await new Promise<unknown>((resolve) =>
        client.query('SELECT 1/0', (err) => resolve(err)),
      );
      expect(viaCallback).toMatchObject({ code: '22012' });
    } finally {
      client.release();
    }
  });

  it('rolls back a transaction left open at release, and refuses use after release', async () => {
    const pool = new Pool();
    const leaky = await pool.connect();
    await leaky.query('START TRANSACTION');
    await leaky.query("INSERT INTO t VALUES (100, 'uncommitted')");
    leaky.release();
    await expect(leaky.query('SELECT 1')).rejects.toThrow(/after release/);

    const next = await pool.connect();
    try {
      const state = await next.query('SELECT now() = statement_timestamp() AS outside_tx');
      expect(state.rows).toEqual([{ outside_tx: true }]);
      expect((await next.query('SELECT id FROM t WHERE id = 100')).rows).toEqual([]);
    } finally {
      next.release();
    }
    // An aborted transaction is reset too.
    const failing = await pool.connect();
    await failing.query('BEGIN');
    await caught(failing.query('SELECT * FROM nope'));
    failing.release();
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('end() resolves without closing PGlite, and the pool refuses new clients', async () => {
    const pool = new Pool();
    await new Promise<void>((resolve, reject) =>
      pool.end((err) => (err ? reject(err) : resolve())),
    );
    await expect(pool.connect()).rejects.toThrow(/after calling end/);
    expect(handle.db.closed).toBe(false);
    expect((await new Pool().query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });
});

describe('openPglite: data directory lock', () => {
  const compiledDir = tempDir('compiled');
  const compiledModule = path.join(compiledDir, 'src/database/pglite/pglite-instance.js');

  beforeAll(() => {
    // The child processes load plain JS: every module of src/database/pglite, transpiled into
    // compiledDir/src/..., found through NODE_PATH like the app's absolute `src/...` imports.
    const sourceDir = path.join(__dirname, '../../src/database/pglite');
    fs.mkdirSync(path.dirname(compiledModule), { recursive: true });
    for (const name of fs.readdirSync(sourceDir)) {
      if (!name.endsWith('.ts') || name.endsWith('.spec.ts')) {
        continue;
      }
      const { outputText } = ts.transpileModule(
        fs.readFileSync(path.join(sourceDir, name), 'utf8'),
        {
          compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
          },
        },
      );
      fs.writeFileSync(
        path.join(path.dirname(compiledModule), name.replace(/\.ts$/, '.js')),
        outputText,
      );
    }
  });

  const lockOf = (dir: string) => path.join(dir, LOCK_FILE_NAME);
  const lockPid = (dir: string) => readLockOwner(lockOf(dir))?.pid;

  /** Runs a child Watcher-like process that opens `dir`, writes a row and waits. */
  function startChild(dir: string, then: 'hold' | 'exit'): Promise<ChildProcess> {
    const script = `
      const { openPglite } = require(${JSON.stringify(compiledModule)});
      openPglite(${JSON.stringify(dir)}).then(async ({ db }) => {
        await db.exec("CREATE TABLE IF NOT EXISTS child_rows (x int); INSERT INTO child_rows VALUES (7)");
        process.stdout.write('ready\\n');
        if (${JSON.stringify(then)} === 'exit') process.exit(0);
        setInterval(() => {}, 1000);
      }, (err) => { process.stderr.write(String(err && err.message)); process.exit(3); });`;
    const child = spawn(process.execPath, ['-e', script], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_PATH: [compiledDir, path.join(__dirname, '../../node_modules')].join(path.delimiter),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          resolve(child);
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
    });
  }

  function exited(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
      return Promise.resolve();
    }
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  it('memory:// takes no lock', async () => {
    const a = await openPglite('memory://');
    const b = await openPglite('memory://');
    expect((await a.db.query('SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
    await Promise.all([a.close(), b.close()]);
  });

  it('locks the directory, refuses a second open in this process, and keeps data on reopen', async () => {
    const dir = path.join(tempDir('same'), 'nested', 'data');
    const first = await openPglite(dir);
    expect(first.dataDir).toBe(fs.realpathSync(dir));
    expect(lockPid(dir)).toBe(process.pid);
    await first.db.exec('CREATE TABLE kept (v text)');
    await first.db.query('INSERT INTO kept VALUES ($1)', ['before restart']);

    const second = await caught(openPglite(dir));
    expect(second).toBeInstanceOf(PgliteDataDirInUseError);
    expect((second as Error).message).toBe(
      `Embedded data directory ${fs.realpathSync(dir)} is already in use by another Watcher ` +
        `instance in this process (pid ${process.pid}). Stop that process, or set ` +
        'WATCHER_DATA_DIR to another directory, or set DATABASE_URL to use PostgreSQL.',
    );
    expect(fs.existsSync(lockOf(dir))).toBe(true);

    await first.close();
    expect(fs.existsSync(lockOf(dir))).toBe(false);
    await first.close();

    const reopened = await openPglite(dir);
    expect((await reopened.db.query('SELECT v FROM kept')).rows).toEqual([{ v: 'before restart' }]);
    releasePgliteLocksSync();
    expect(fs.existsSync(lockOf(dir))).toBe(false);
    await reopened.close();
  });

  it('takes over a stale lock left by this pid or by a dead process', async () => {
    const dir = tempDir('stale');
    fs.writeFileSync(lockOf(dir), `${process.pid}\n`);
    const own = await openPglite(dir);
    await own.close();

    const sleeper = spawn('sleep', ['30']);
    fs.writeFileSync(lockOf(dir), `${sleeper.pid}\n`);
    const refused = await caught(openPglite(dir));
    expect((refused as Error).message).toBe(
      `Embedded data directory ${fs.realpathSync(dir)} is already in use by another Watcher ` +
        `process (pid ${sleeper.pid}). Stop that process, or set WATCHER_DATA_DIR to another ` +
        'directory, or set DATABASE_URL to use PostgreSQL.',
    );
    expect(lockPid(dir)).toBe(sleeper.pid);
    sleeper.kill('SIGKILL');
    await exited(sleeper);

    const takenOver = await openPglite(dir);
    expect(lockPid(dir)).toBe(process.pid);
    await takenOver.close();

    fs.writeFileSync(lockOf(dir), 'garbage');
    const fromGarbage = await openPglite(dir);
    await fromGarbage.close();
  });

  it('is refused while another process holds the directory; survives that process crashing', async () => {
    const dir = path.join(tempDir('cross'), 'data');
    const child = await startChild(dir, 'hold');
    try {
      const refused = await caught(openPglite(dir));
      expect(refused).toBeInstanceOf(PgliteDataDirInUseError);
      expect((refused as Error).message).toContain(
        `${fs.realpathSync(dir)} is already in use by another Watcher process (pid ${child.pid})`,
      );
      expect(lockPid(dir)).toBe(child.pid);
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
    expect(lockPid(dir)).toBe(child.pid);

    const recovered = await openPglite(dir);
    try {
      expect(lockPid(dir)).toBe(process.pid);
      expect((await recovered.db.query('SELECT x FROM child_rows')).rows).toEqual([{ x: 7 }]);
    } finally {
      await recovered.close();
    }
  });

  it('removes its lock on process exit even without close()', async () => {
    const dir = path.join(tempDir('exit'), 'data');
    const child = await startChild(dir, 'exit').catch((err: Error) => {
      if (/exited with 0/.test(err.message)) {
        return undefined;
      }
      throw err;
    });
    if (child) {
      await exited(child);
    }
    expect(fs.existsSync(dir)).toBe(true);
    expect(fs.existsSync(lockOf(dir))).toBe(false);
  });
});
