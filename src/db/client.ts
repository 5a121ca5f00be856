import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema.ts";

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  client: Client;
  db: Db;
  /** True for an embedded database file, false for a remote libSQL server. */
  local: boolean;
}

/**
 * A local client whose connections are reopened when a batch fails. A batch whose BEGIN
 * timed out on a lock (SQLITE_BUSY) leaves its statement active on the pooled
 * connection, and every later batch there then fails to COMMIT ("SQL statements in
 * progress"): without this, a database locked once by another process would stay
 * unusable to this one.
 */
function reopeningAfterFailedBatch(client: Client): Client {
  const batch: Client["batch"] = async (...args) => {
    try {
      return await client.batch(...args);
    } catch (err) {
      await client.reconnect();
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

/** How long a statement waits for another writer (another process, the `emit` CLI). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database. A local file runs in WAL mode with `synchronous=FULL`: every
 * commit is fsynced before the API acknowledges it, so an accepted event survives a
 * power cut. The cost of that fsync is paid once per batch, not per event: ingest
 * groups concurrent requests into one transaction.
 */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const local = url.startsWith("file:") || url === ":memory:";
  const created = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
  const client = local ? reopeningAfterFailedBatch(created) : created;
  try {
    if (local) {
      await client.execute("PRAGMA journal_mode=WAL");
      await client.execute("PRAGMA synchronous=FULL");
    } else {
      await client.execute("SELECT 1");
    }
  } catch (err) {
    client.close();
    throw err;
  }
  return { client, db: drizzle(client, { schema }), local };
}
