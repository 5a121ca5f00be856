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
  const client = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
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
