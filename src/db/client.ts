import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema.ts";

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  /** Writes here are on disk before they return (`synchronous=FULL`): for what the API acknowledges. */
  client: Client;
  db: Db;
  /**
   * The dispatcher's connection. On a local file it commits without waiting for the disk
   * (`synchronous=NORMAL`; WAL keeps it consistent): what it writes (claims, attempt
   * results) can be redone, so after a power cut at worst a delivery is sent again, with
   * the same Webhook-Id. Accepted events never go through it.
   */
  workClient: Client;
  /** True for an embedded database file, false for a remote libSQL server. */
  local: boolean;
  close(): void;
}

/**
 * A local client whose connections are reopened when a batch fails on the storage. A batch
 * whose BEGIN timed out on a lock (SQLITE_BUSY) leaves its statement active on the
 * pooled connection, and every later batch there then fails to COMMIT ("SQL statements
 * in progress"): without this, a database locked once by another process would stay
 * unusable to this one; a full disk or an I/O error may leave a transaction half-open too.
 * Other failures (a constraint) leave the connection sound, and reopening it would fail
 * the requests queued on it.
 */
function reopeningAfterFailedBatch(client: Client, setUp: (client: Client) => Promise<void>): Client {
  const batch: Client["batch"] = async (...args) => {
    try {
      return await client.batch(...args);
    } catch (err) {
      // the storage refusing (locked, full, I/O): the transaction may be left half-open
      if (!/^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN)/.test(String((err as { code?: unknown }).code))) throw err;
      await client.reconnect();
      await setUp(client).catch(() => {}); // the database may still be refusing; the next failure reopens again
      throw err;
    }
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === "batch") return batch;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export interface OpenOptions {
  /** For a remote libSQL server. */
  authToken?: string;
  /** How long a statement waits for another writer (another process, the `emit` CLI); 5 s by default. */
  busyTimeoutMs?: number;
}

/**
 * Opens the database. A local file runs in WAL mode with `synchronous=FULL`: every
 * commit is fsynced before the API acknowledges it, so an accepted event survives a
 * power cut. The cost of that fsync is paid once per batch, not per event: ingest
 * groups concurrent requests into one transaction.
 */
export async function openDatabase(url: string, { authToken, busyTimeoutMs = 5000 }: OpenOptions = {}): Promise<Database> {
  const local = url.startsWith("file:") || url === ":memory:";
  if (!local) {
    const client = createClient({ url, authToken, timeout: busyTimeoutMs });
    try {
      await client.execute("SELECT 1");
    } catch (err) {
      client.close();
      throw err;
    }
    return { client, workClient: client, db: drizzle(client, { schema }), local, close: () => client.close() };
  }
  // One connection each, so a per-connection pragma holds for every statement.
  const open = async (synchronous: "FULL" | "NORMAL") => {
    const setUp = async (c: Client) => {
      await c.execute(`PRAGMA synchronous=${synchronous}`);
      // 8 MB of page cache (SQLite keeps 2 MB): the log's indexes stay in memory as it grows
      await c.execute("PRAGMA cache_size=-8000");
      // The libSQL build keeps temporary data in memory: sorting a million rows (building
      // an index in a migration, a large cleanup) would then take tens of MB beyond the
      // cache, past the unit's memory limit. On file it spills beyond the cache instead.
      await c.execute("PRAGMA temp_store=FILE");
    };
    const client = reopeningAfterFailedBatch(createClient({ url, timeout: busyTimeoutMs, concurrency: 1 }), setUp);
    try {
      await client.execute("PRAGMA journal_mode=WAL");
      await setUp(client);
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  };
  const client = await open("FULL");
  let workClient: Client;
  try {
    workClient = await open("NORMAL");
  } catch (err) {
    client.close();
    throw err;
  }
  return {
    client,
    workClient,
    db: drizzle(client, { schema }),
    local,
    close() {
      workClient.close();
      client.close();
    },
  };
}
