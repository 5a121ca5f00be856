import Database from "libsql";
import {
  LibsqlBatchError,
  LibsqlError,
  type Client,
  type InArgs,
  type InStatement,
  type InValue,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
  type Value,
} from "@libsql/client";
import { storageFailure } from "./storage-errors.ts";

/**
 * The embedded database file through the native `libsql` driver directly, shaped as a
 * `@libsql/client` Client so drizzle and the stores use it unchanged. Two things the
 * packaged client cannot do, and the delivery path pays for:
 * - it compiles every statement anew; here the last `CACHED_STATEMENTS` are kept by their
 *   SQL text, so the hot statements (constant text, values as arguments) compile once;
 * - it needs a connection per durability level; here one connection serves both
 *   (`synchronous`, and where temporary data goes, are set right before each call, and the
 *   driver runs every call synchronously, so no other call comes between), so neither
 *   loses its page cache each time the other commits.
 */

/** Statements kept compiled: the hot paths use about twenty, the page's queries a few dozen more. */
const CACHED_STATEMENTS = 128;

export type Synchronous = "FULL" | "NORMAL";
/** Where SQLite keeps temporary data: statement journals, sorts, temporary b-trees. */
export type TempStore = "FILE" | "MEMORY";

interface Prepared {
  statement: Database.Statement;
  /** Returns rows (a SELECT, or a write with RETURNING); else it reports changes. */
  reader: boolean;
  columns: string[];
  columnTypes: string[];
  /** Makes a row of the values in column order, readable by index and by name. */
  toRow: (values: unknown[]) => Row;
}

const SET_SYNCHRONOUS: Record<Synchronous, string> = { FULL: "PRAGMA synchronous=FULL", NORMAL: "PRAGMA synchronous=NORMAL" };
const SET_TEMP_STORE: Record<TempStore, string> = { FILE: "PRAGMA temp_store=FILE", MEMORY: "PRAGMA temp_store=MEMORY" };

const BEGIN: Record<TransactionMode, string> = {
  write: "BEGIN IMMEDIATE",
  read: "BEGIN TRANSACTION READONLY",
  deferred: "BEGIN DEFERRED",
};

/** One connection to a database file, shared by the clients its `client()` makes of it. */
export class LocalConnection {
  private db: Database.Database;
  private readonly statements = new Map<string, Prepared>();
  private synchronous: Synchronous | null = null;
  private tempStore: TempStore | null = null;
  /** Settles when the interactive transaction holding the connection ends; null while none does. */
  private held: Promise<void> | null = null;
  closed = false;

  /** Opens `path` (throws as the driver does when it cannot); `setUp` runs on it now and after every reopening. */
  constructor(
    private readonly path: string,
    private readonly timeoutMs: number,
    private readonly setUp: (run: (sql: string) => void) => void,
  ) {
    this.db = this.open();
  }

  private open(): Database.Database {
    let db: Database.Database | undefined;
    try {
      db = new Database(this.path, { timeout: this.timeoutMs });
      const opened = db;
      this.setUp((sql) => opened.exec(sql));
      return db;
    } catch (err) {
      if (db?.open) db.close();
      throw mapError(err);
    }
  }

  /**
   * A client whose writes commit at `synchronous` (FULL: on disk before they return), its
   * temporary data kept as `tempStore` says. Every call sets both first, in the same
   * synchronous run as its statements.
   */
  client(synchronous: Synchronous, tempStore: TempStore = "FILE"): Client {
    return new LocalClient(this, { synchronous, tempStore });
  }

  /** Waits while an interactive transaction holds the connection, then sets the levels for what runs next. */
  async acquire(levels: Levels): Promise<void> {
    while (this.held) await this.held;
    this.checkOpen();
    this.setSynchronous(levels.synchronous);
    this.setTempStore(levels.tempStore);
  }

  /** Holds the connection for an interactive transaction until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return () => {
      this.held = null;
      release();
    };
  }

  private setSynchronous(level: Synchronous): void {
    if (this.synchronous === level) return;
    this.setting(SET_SYNCHRONOUS[level]);
    this.synchronous = level;
  }

  private setTempStore(place: TempStore): void {
    if (this.tempStore === place) return;
    this.setting(SET_TEMP_STORE[place]);
    this.tempStore = place;
  }

  /**
   * Runs a PRAGMA that sets a level, compiled anew: SQLite applies such a PRAGMA as it
   * compiles it, so a kept statement is compiled again at every run anyway.
   */
  private setting(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (err) {
      throw this.failed(err);
    }
  }

  get inTransaction(): boolean {
    return this.db.open && this.db.inTransaction;
  }

  run(stmt: InStatement): ResultSet {
    const { sql, args } = typeof stmt === "string" ? { sql: stmt, args: [] as InArgs } : stmt;
    try {
      const prepared = this.prepared(sql);
      const bound = toSqlArgs(args ?? []);
      if (prepared.reader) {
        const rows = (prepared.statement.all(bound) as unknown[][]).map(prepared.toRow);
        return new Result(prepared.columns, prepared.columnTypes, rows, 0, undefined);
      }
      const info = prepared.statement.run(bound);
      return new Result([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (err) {
      throw this.failed(err);
    }
  }

  /** Runs `statements` in one transaction begun as `mode`; on any failure nothing of it stays. */
  runBatch(statements: InStatement[], mode: TransactionMode): ResultSet[] {
    this.run(BEGIN[mode]);
    const results: ResultSet[] = [];
    try {
      for (const [index, stmt] of statements.entries()) {
        try {
          results.push(this.run(stmt));
        } catch (err) {
          throw batchError(err, index);
        }
      }
      this.run("COMMIT");
    } catch (err) {
      this.rollBack();
      throw err;
    }
    return results;
  }

  /** Runs a script (a migration's DDL); the cached statements may then describe the old schema. */
  exec(sql: string): void {
    this.statements.clear();
    try {
      this.db.exec(sql);
    } catch (err) {
      throw this.failed(err);
    }
  }

  rollBack(): void {
    if (!this.inTransaction) return;
    try {
      this.db.exec("ROLLBACK");
    } catch {
      this.reopen(); // the transaction cannot be ended on this connection: a new one starts clean
    }
  }

  /** Closes the connection and opens a new one: nothing of the old one's state (transaction, active statement) carries over. */
  reopen(): void {
    this.statements.clear();
    this.synchronous = null;
    this.tempStore = null;
    if (this.db.open) this.db.close();
    this.db = this.open();
  }

  close(): void {
    this.closed = true;
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new LibsqlError("The client is closed", "CLIENT_CLOSED");
  }

  private prepared(sql: string): Prepared {
    const cached = this.statements.get(sql);
    if (cached) {
      // least recently used first: a hit moves to the end
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.db.prepare(sql);
    const reader = statement.reader;
    const definitions = reader ? statement.columns() : [];
    if (reader) statement.raw(true);
    const columns = definitions.map((c) => c.name);
    const prepared: Prepared = { statement, reader, columns, columnTypes: definitions.map((c) => c.type ?? ""), toRow: rowMaker(columns) };
    this.statements.set(sql, prepared);
    if (this.statements.size > CACHED_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
    return prepared;
  }

  /**
   * The error as the packaged client gives it. A refusal of the storage may leave a
   * statement active (a write that timed out on a lock), after which no later transaction
   * could commit: the connection is then opened anew, the database may still refuse, and
   * the next failure reopens it again.
   */
  private failed(err: unknown): unknown {
    const mapped = mapError(err);
    if (storageFailure(mapped) !== undefined && !this.closed) {
      try {
        this.reopen();
      } catch {
        // still refusing; the next call tries again
      }
    }
    return mapped;
  }
}

/** What a client's calls run at. */
interface Levels {
  synchronous: Synchronous;
  tempStore: TempStore;
}

/** A view of the shared connection at one durability level, with the packaged client's interface. */
class LocalClient implements Client {
  readonly protocol = "file";

  constructor(
    private readonly connection: LocalConnection,
    private readonly levels: Levels,
  ) {}

  get closed(): boolean {
    return this.connection.closed;
  }

  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    await this.connection.acquire(this.levels);
    return this.connection.run(typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql);
  }

  async batch(stmts: (InStatement | [string, InArgs?])[], mode: TransactionMode = "deferred"): Promise<ResultSet[]> {
    await this.connection.acquire(this.levels);
    return this.connection.runBatch(stmts.map(normalize), mode);
  }

  /** Like `batch`, with foreign keys off (a migration rebuilding a table must not cascade). */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    await this.connection.acquire(this.levels);
    this.connection.run("PRAGMA foreign_keys=off");
    try {
      return this.connection.runBatch(stmts, "deferred");
    } finally {
      this.connection.exec("PRAGMA foreign_keys=on");
    }
  }

  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    await this.connection.acquire(this.levels);
    const release = this.connection.hold();
    try {
      this.connection.run(BEGIN[mode]);
    } catch (err) {
      release();
      throw err;
    }
    return new LocalTransaction(this.connection, release);
  }

  async executeMultiple(sql: string): Promise<void> {
    await this.connection.acquire(this.levels);
    try {
      this.connection.exec(sql);
    } finally {
      this.connection.rollBack(); // a transaction the script left open
    }
  }

  /** A plain file has no replica to bring up to date. */
  async sync(): Promise<undefined> {
    return undefined;
  }

  async reconnect(): Promise<void> {
    await this.connection.acquire(this.levels);
    this.connection.reopen();
  }

  close(): void {
    this.connection.close();
  }
}

/** An interactive transaction: it holds the shared connection until it ends, so no other call can slip into it. */
class LocalTransaction implements Transaction {
  private ended = false;

  constructor(
    private readonly connection: LocalConnection,
    private readonly release: () => void,
  ) {}

  get closed(): boolean {
    return this.ended || !this.connection.inTransaction;
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    this.checkOpen();
    return this.connection.run(stmt);
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    this.checkOpen();
    return stmts.map((stmt, index) => {
      try {
        return this.connection.run(stmt);
      } catch (err) {
        throw batchError(err, index);
      }
    });
  }

  async executeMultiple(sql: string): Promise<void> {
    this.checkOpen();
    this.connection.exec(sql);
  }

  async commit(): Promise<void> {
    this.checkOpen();
    try {
      this.connection.run("COMMIT");
    } finally {
      this.end();
    }
  }

  async rollback(): Promise<void> {
    this.end();
  }

  close(): void {
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.connection.rollBack();
    } finally {
      this.release();
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
  }
}

class Result implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}

  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((row) => Array.from({ length: row.length }, (_, i) => row[i])),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid?.toString() ?? null,
    };
  }
}

const VALUES = Symbol("values");

/**
 * Rows as the packaged client makes them: each value by index (drizzle reads them so) and
 * by column name, the first of a repeated name (our queries read them so); only the names
 * are enumerable. The index accessors live on one prototype per statement.
 */
function rowMaker(columns: string[]): (values: unknown[]) => Row {
  const proto: Record<string | number, unknown> = {};
  columns.forEach((_, i) => Object.defineProperty(proto, i, { get(this: { [VALUES]: Value[] }) { return this[VALUES][i]; } }));
  Object.defineProperty(proto, "length", { value: columns.length });
  const named = columns.map((name, i) => columns.indexOf(name) === i);
  return (raw) => {
    const values = raw.map(fromSql);
    const row = Object.create(proto) as Row & { [VALUES]: Value[] };
    Object.defineProperty(row, VALUES, { value: values });
    for (let i = 0; i < columns.length; i++) if (named[i]) row[columns[i]!] = values[i]!;
    return row;
  };
}

/**
 * A value as the packaged client returns it: a blob as an ArrayBuffer. Integers come as
 * numbers: every integer stored is one of ours (keys, times, counts), far below 2^53.
 */
function fromSql(value: unknown): Value {
  if (value instanceof Uint8Array) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  return value as Value;
}

function toSqlArgs(args: InArgs): unknown[] | Record<string, unknown> {
  // a list's hundreds of values are mostly bound as they are: copied only when one is not
  if (Array.isArray(args)) return args.every(bindsAsIs) ? args : args.map(toSql);
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) named[/^[:@$]/.test(name) ? name.slice(1) : name] = toSql(value);
  return named;
}

function bindsAsIs(value: InValue): boolean {
  return value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

function toSql(value: InValue): unknown {
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
      return value;
    case "boolean":
      return value ? 1 : 0;
    case "undefined":
      throw new TypeError("undefined cannot be passed as argument to the database");
  }
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value instanceof Date) return value.valueOf();
  return value;
}

function normalize(stmt: InStatement | [string, InArgs?]): InStatement {
  return Array.isArray(stmt) ? { sql: stmt[0], args: stmt[1] ?? [] } : stmt;
}

/** SQLite's primary result codes by number: an extended code's low byte is its primary code. */
const PRIMARY_CODES = [
  "SQLITE_OK", "SQLITE_ERROR", "SQLITE_INTERNAL", "SQLITE_PERM", "SQLITE_ABORT", "SQLITE_BUSY", "SQLITE_LOCKED",
  "SQLITE_NOMEM", "SQLITE_READONLY", "SQLITE_INTERRUPT", "SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_NOTFOUND",
  "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL", "SQLITE_EMPTY", "SQLITE_SCHEMA", "SQLITE_TOOBIG",
  "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_MISUSE", "SQLITE_NOLFS", "SQLITE_AUTH", "SQLITE_FORMAT",
  "SQLITE_RANGE", "SQLITE_NOTADB", "SQLITE_NOTICE", "SQLITE_WARNING",
];

/**
 * The driver's error as a LibsqlError with the primary code (`SQLITE_BUSY`) and the extended
 * one beside it. A file it cannot open comes as a bare error naming SQLite's code only in
 * its text (`ConnectionFailed("Unable to open … : 14")`).
 */
function mapError(err: unknown): unknown {
  if (err instanceof Database.SqliteError) {
    const raw = (err as { rawCode?: number }).rawCode;
    return new LibsqlError(err.message, primaryCode(raw), err.code, raw, err);
  }
  const notOpened = err instanceof Error ? /^ConnectionFailed\("(.*): (\d+)"\)$/s.exec(err.message) : null;
  if (notOpened) return new LibsqlError(notOpened[1]!, primaryCode(Number(notOpened[2])), undefined, Number(notOpened[2]), err as Error);
  return err;
}

function primaryCode(raw: number | undefined): string {
  return raw === undefined ? "SQLITE_UNKNOWN" : (PRIMARY_CODES[raw & 0xff] ?? `SQLITE_UNKNOWN_${raw & 0xff}`);
}

function batchError(err: unknown, index: number): unknown {
  if (err instanceof LibsqlBatchError || !(err instanceof LibsqlError)) return err;
  return new LibsqlBatchError(err.message, index, err.code, err.extendedCode, err.rawCode, err.cause instanceof Error ? err.cause : undefined);
}
