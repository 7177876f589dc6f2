import { EventEmitter } from 'node:events';
import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';
import {
  callerStack,
  PgliteLeaseTimeoutError,
  PgliteSessionDeadlockError,
  sessionHolderContext,
} from 'src/database/pglite/session-holder';
import { pgliteParsers, type TypeParser } from 'src/database/pglite/type-parsers';

/**
 * A `pg`-shaped module over one PGlite instance, for TypeORM's postgres driver:
 * `{ type: 'postgres', driver: createPglitePgModule(db) }`.
 *
 * PGlite has a single session, so the pool hands out one client at a time (FIFO). A client
 * holds the session until it is released, which keeps a TypeORM transaction (BEGIN ... COMMIT on
 * one query runner) isolated from every other request. Anything else that talks to the same
 * PGlite instance directly bypasses this queue and can land inside someone else's transaction.
 */

export interface PgField {
  name: string;
  dataTypeID: number;
}

export interface PgQueryResult {
  command: string | null;
  rows: Record<string, unknown>[];
  rowCount: number | null;
  fields: PgField[];
}

export type QueryCallback = (err: Error | null, result?: PgQueryResult) => void;
export type ConnectCallback = (
  err: Error | null,
  client?: PgliteClient,
  done?: (err?: unknown) => void,
) => void;

interface QueryConfig {
  text: string;
  values?: unknown[];
}

type ParamsOrCallback = unknown[] | QueryCallback | undefined;

/** FIFO mutex over the single PGlite session; shared by every pool built on the same instance. */
class SessionQueue {
  private busy = false;
  private holderAcquiredAt = '';
  private readonly waiters: Array<{ grant: () => void }> = [];

  get waiting(): number {
    return this.waiters.length;
  }

  get idle(): boolean {
    return !this.busy;
  }

  /**
   * Waits for the session, at most `timeoutMs` (0 = no limit). A caller inside a transaction that
   * holds the session is refused at once: it would be waiting for itself.
   */
  acquire(timeoutMs: number): Promise<void> {
    const holder = sessionHolderContext.getStore();
    if (holder?.isOpen) {
      return Promise.reject(new PgliteSessionDeadlockError(holder.acquiredAt));
    }
    const acquiredAt = callerStack();
    if (!this.busy) {
      this.busy = true;
      this.holderAcquiredAt = acquiredAt;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          this.holderAcquiredAt = acquiredAt;
          resolve();
        },
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) {
            this.waiters.splice(index, 1);
          }
          reject(new PgliteLeaseTimeoutError(timeoutMs, this.holderAcquiredAt));
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) {
      next.grant();
    } else {
      this.busy = false;
      this.holderAcquiredAt = '';
    }
  }
}

const queues = new WeakMap<PGlite, SessionQueue>();

function queueFor(db: PGlite): SessionQueue {
  let queue = queues.get(db);
  if (!queue) {
    queue = new SessionQueue();
    queues.set(db, queue);
  }
  return queue;
}

const BYTEA_OID = 17;
const BOOL_OID = 16;

function byteaHex(value: unknown): string {
  if (value instanceof Uint8Array) {
    return '\\x' + Buffer.from(value).toString('hex');
  }
  return String(value);
}

/**
 * Values reach PGlite already prepared the pg way (strings, Buffers or null). PGlite's own
 * serializers pass strings through, except bool and bytea which reject text: send it as is,
 * like pg does, and let PostgreSQL parse it.
 */
const pgLikeSerializers: QueryOptions['serializers'] = {
  [BOOL_OID]: (value: unknown) => String(value),
  [BYTEA_OID]: byteaHex,
};

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** pg's dateToString: local time with its UTC offset. */
export function dateToPgString(date: Date): string {
  let offset = -date.getTimezoneOffset();
  let year = date.getFullYear();
  const isBC = year < 1;
  if (isBC) {
    year = Math.abs(year) + 1;
  }
  let text =
    `${pad(year, 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}`;
  text += offset < 0 ? '-' : '+';
  offset = Math.abs(offset);
  text += `${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
  return isBC ? `${text} BC` : text;
}

function escapeArrayElement(text: string): string {
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** pg's arrayString: a JS array as a PostgreSQL array literal. */
function arrayLiteral(values: unknown[]): string {
  const items = values.map((item): string => {
    if (item === null || item === undefined) {
      return 'NULL';
    }
    if (Array.isArray(item)) {
      return arrayLiteral(item);
    }
    if (ArrayBuffer.isView(item)) {
      const bytes = Buffer.from(item.buffer, item.byteOffset, item.byteLength);
      return '\\\\x' + bytes.toString('hex');
    }
    return escapeArrayElement(String(prepareValue(item)));
  });
  return `{${items.join(',')}}`;
}

interface ToPostgres {
  toPostgres(prepare: (value: unknown) => unknown): unknown;
}

function hasToPostgres(value: object): value is ToPostgres {
  return typeof (value as Partial<ToPostgres>).toPostgres === 'function';
}

/** pg's prepareValue: how a JS value is sent as a query parameter. */
export function prepareValue(value: unknown): string | Buffer | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value !== 'object') {
    throw new TypeError(`A ${typeof value} cannot be sent as a query parameter`);
  }
  if (Buffer.isBuffer(value)) {
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (value instanceof Date) {
    return dateToPgString(value);
  }
  if (Array.isArray(value)) {
    return arrayLiteral(value);
  }
  if (hasToPostgres(value)) {
    return prepareValue(value.toPostgres(prepareValue));
  }
  return JSON.stringify(value);
}

function rawText(text: string): string {
  return text;
}

/**
 * PGlite parses more types than pg (for instance every array type, enum arrays included). Types
 * pg does not parse are returned as text, so both modes give identical rows.
 */
function parsersFor(db: PGlite, overrides: Record<number, TypeParser>): QueryOptions['parsers'] {
  const parsers: Record<number, TypeParser> = {};
  for (const oid of Object.keys(db.parsers)) {
    parsers[Number(oid)] = rawText;
  }
  return Object.assign(parsers, pgliteParsers, overrides);
}

function toPgResult(result: Results<Record<string, unknown>>): PgQueryResult {
  return {
    command: result.command ?? null,
    rows: result.rows,
    rowCount: result.rowCount ?? null,
    fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
  };
}

/**
 * Command tags (first word only, as PGlite reports them) that may leave a transaction block open.
 * 'ROLLBACK' is not a closing tag here: it is also the tag of ROLLBACK TO SAVEPOINT.
 */
const MAY_OPEN_TRANSACTION = new Set(['BEGIN', 'START', 'SAVEPOINT']);
const CLOSES_TRANSACTION = 'COMMIT';

/** Shared state of one module: the PGlite instance, its queue and its parsers. */
class PgliteSession {
  readonly queue: SessionQueue;
  readonly parserOverrides: Record<number, TypeParser> = {};
  private parsers: QueryOptions['parsers'];
  private parsersBuiltFor = -1;

  constructor(
    readonly db: PGlite,
    readonly leaseTimeoutMs: number,
  ) {
    this.queue = queueFor(db);
  }

  private currentParsers(): QueryOptions['parsers'] {
    const known = Object.keys(this.db.parsers).length + Object.keys(this.parserOverrides).length;
    if (known !== this.parsersBuiltFor) {
      this.parsers = parsersFor(this.db, this.parserOverrides);
      this.parsersBuiltFor = known;
    }
    return this.parsers;
  }

  invalidateParsers(): void {
    this.parsersBuiltFor = -1;
  }

  /** Runs one statement (extended protocol) or a script (simple protocol, last result). */
  async run(sql: string, values: unknown[] | undefined): Promise<Results[]> {
    const options: QueryOptions = { parsers: this.currentParsers() };
    if (values && values.length > 0) {
      options.serializers = pgLikeSerializers;
      return [await this.db.query(sql, values.map(prepareValue), options)];
    }
    return this.db.exec(sql, options);
  }
}

function normaliseQuery(
  textOrConfig: string | QueryConfig,
  paramsOrCallback: ParamsOrCallback,
  callback: QueryCallback | undefined,
): { text: string; values: unknown[] | undefined; callback: QueryCallback | undefined } {
  if (typeof textOrConfig !== 'string' && typeof textOrConfig?.text !== 'string') {
    throw new TypeError('PGlite pg module: only text queries are supported (no query streams)');
  }
  const text = typeof textOrConfig === 'string' ? textOrConfig : textOrConfig.text;
  if (typeof paramsOrCallback === 'function') {
    return { text, values: undefined, callback: paramsOrCallback };
  }
  const values =
    paramsOrCallback ?? (typeof textOrConfig === 'string' ? undefined : textOrConfig.values);
  return { text, values, callback };
}

function settle(promise: Promise<PgQueryResult>, callback: QueryCallback | undefined) {
  if (!callback) {
    return promise;
  }
  promise.then(
    (result) => callback(null, result),
    (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
  );
  return undefined;
}

/** The connection handed out by the pool; valid until `release()` is called. */
export class PgliteClient extends EventEmitter {
  private released = false;
  /** True while a transaction block may be open (or after an error left the state unknown). */
  private mayBeInTransaction = false;

  constructor(
    private readonly session: PgliteSession,
    private readonly onReleased: (rollback: boolean) => void,
  ) {
    super();
  }

  query(text: string | QueryConfig, params?: unknown[]): Promise<PgQueryResult>;
  query(text: string | QueryConfig, callback: QueryCallback): undefined;
  query(
    text: string | QueryConfig,
    params: unknown[] | undefined,
    callback: QueryCallback,
  ): undefined;
  query(
    textOrConfig: string | QueryConfig,
    paramsOrCallback?: ParamsOrCallback,
    maybeCallback?: QueryCallback,
  ): Promise<PgQueryResult> | undefined {
    const { text, values, callback } = normaliseQuery(
      textOrConfig,
      paramsOrCallback,
      maybeCallback,
    );
    return settle(this.execute(text, values), callback);
  }

  private async execute(text: string, values: unknown[] | undefined): Promise<PgQueryResult> {
    if (this.released) {
      throw new Error('PGlite pg module: client used after release()');
    }
    let results: Results[];
    try {
      results = await this.session.run(text, values);
    } catch (err: unknown) {
      this.mayBeInTransaction = true;
      throw err;
    }
    for (const { command } of results) {
      if (command && MAY_OPEN_TRANSACTION.has(command)) {
        this.mayBeInTransaction = true;
      }
      if (command === CLOSES_TRANSACTION) {
        this.mayBeInTransaction = false;
      }
    }
    return toPgResult(results[results.length - 1]);
  }

  /**
   * Gives the session back. If a transaction block may still be open (or a query failed), the
   * session is reset with ROLLBACK first, so the next holder never inherits it. Idempotent.
   * (pg's `release(err)` destroys the connection; here there is only one, so it is reset.)
   */
  release(): void {
    if (this.released) {
      return;
    }
    this.released = true;
    this.onReleased(this.mayBeInTransaction);
  }
}

/** pg.Pool look-alike of size 1. */
export class PglitePool extends EventEmitter {
  private ended = false;

  /** Pool options (size, host, ...) do not apply: there is one in-process session. */
  constructor(private readonly session: PgliteSession) {
    super();
  }

  get totalCount(): number {
    return 1;
  }

  get idleCount(): number {
    return this.session.queue.idle ? 1 : 0;
  }

  get waitingCount(): number {
    return this.session.queue.waiting;
  }

  connect(): Promise<PgliteClient>;
  connect(callback: ConnectCallback): undefined;
  connect(callback?: ConnectCallback): Promise<PgliteClient> | undefined {
    const leased = this.lease();
    if (!callback) {
      return leased;
    }
    leased.then(
      (client) => callback(null, client, () => client.release()),
      (err: Error) => callback(err),
    );
    return undefined;
  }

  query(text: string | QueryConfig, params?: unknown[]): Promise<PgQueryResult>;
  query(text: string | QueryConfig, callback: QueryCallback): undefined;
  query(
    text: string | QueryConfig,
    params: unknown[] | undefined,
    callback: QueryCallback,
  ): undefined;
  query(
    textOrConfig: string | QueryConfig,
    paramsOrCallback?: ParamsOrCallback,
    maybeCallback?: QueryCallback,
  ): Promise<PgQueryResult> | undefined {
    const { text, values, callback } = normaliseQuery(
      textOrConfig,
      paramsOrCallback,
      maybeCallback,
    );
    const run = async (): Promise<PgQueryResult> => {
      const client = await this.lease();
      try {
        return await client.query(text, values);
      } finally {
        client.release();
      }
    };
    return settle(run(), callback);
  }

  /** Stops handing out clients. The PGlite instance is left open: closing it is the owner's job. */
  end(): Promise<void>;
  end(callback: (err?: Error) => void): undefined;
  end(callback?: (err?: Error) => void): Promise<void> | undefined {
    this.ended = true;
    if (!callback) {
      return Promise.resolve();
    }
    queueMicrotask(() => callback());
    return undefined;
  }

  private async lease(): Promise<PgliteClient> {
    if (this.ended) {
      throw new Error('Cannot use a pool after calling end on the pool');
    }
    await this.session.queue.acquire(this.session.leaseTimeoutMs);
    return new PgliteClient(this.session, (rollback) => this.giveBack(rollback));
  }

  private giveBack(rollback: boolean): void {
    if (!rollback) {
      this.session.queue.release();
      return;
    }
    this.session.db
      .exec('ROLLBACK')
      .catch((err: unknown) => {
        if (this.listenerCount('error') > 0) {
          this.emit('error', err);
        }
      })
      .finally(() => this.session.queue.release());
  }
}

export interface PglitePgTypes {
  getTypeParser(oid: number): TypeParser;
  setTypeParser(oid: number, parser: TypeParser): void;
}

export interface PglitePgModule {
  Pool: new (options?: unknown) => PglitePool;
  defaults: Record<string, unknown>;
  types: PglitePgTypes;
}

export interface PglitePgModuleOptions {
  /** Longest wait for the session before a query fails (0 = no limit). Default 30 s. */
  leaseTimeoutMs?: number;
}

export const DEFAULT_LEASE_TIMEOUT_MS = 30_000;

/** A `pg` module substitute for TypeORM (`driver` option) that runs on the given PGlite. */
export function createPglitePgModule(
  db: PGlite,
  options: PglitePgModuleOptions = {},
): PglitePgModule {
  const session = new PgliteSession(db, options.leaseTimeoutMs ?? DEFAULT_LEASE_TIMEOUT_MS);
  class Pool extends PglitePool {
    constructor() {
      super(session);
    }
  }
  const types: PglitePgTypes = {
    getTypeParser: (oid) => session.parserOverrides[oid] ?? pgliteParsers[oid] ?? rawText,
    setTypeParser: (oid, parser) => {
      session.parserOverrides[oid] = parser;
      session.invalidateParsers();
    },
  };
  return { Pool, defaults: {}, types };
}
