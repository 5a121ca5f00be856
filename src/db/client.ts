import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { LocalConnection } from "./local-client.ts";
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
  /**
   * The ingest's: `client`'s durability, with the statement journals of its transactions
   * in memory. Each of its statements writes one list of rows (db/values-lists.ts), so a
   * journal holds a few dozen pages; on file, as everywhere else, every storing
   * transaction created, wrote and deleted a temporary file (3 writes per event).
   */
  eventClient: Client;
  /** True for an embedded database file, false for a remote libSQL server. */
  local: boolean;
  close(): void;
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
    return { client, workClient: client, eventClient: client, db: drizzle(client, { schema }), local, close: () => client.close() };
  }
  const connection = new LocalConnection(filePath(url), busyTimeoutMs, (run) => {
    run("PRAGMA journal_mode=WAL");
    // 8 MB of page cache (SQLite keeps 2 MB): the log's indexes stay in memory as it grows
    run("PRAGMA cache_size=-8000");
    // A checkpoint every 4,000 WAL pages (16 MB), not SQLite's 1,000: the pages every write
    // touches (each index's root and last leaves) are copied to the database once per
    // checkpoint however often they were written, so fewer checkpoints copy fewer pages.
    // Commits' CPU per delivery 35 → 32 µs; the WAL file stays at about 16 MB.
    run("PRAGMA wal_autocheckpoint=4000");
    // The libSQL build keeps temporary data in memory: sorting a million rows (building
    // an index in a migration, a large cleanup) would then take tens of MB beyond the
    // cache, past the unit's memory limit. On file it spills beyond the cache instead.
    run("PRAGMA temp_store=FILE");
  });
  const client = connection.client("FULL");
  return {
    client,
    workClient: connection.client("NORMAL"),
    eventClient: connection.client("FULL", "MEMORY"),
    db: drizzle(client, { schema }),
    local,
    close: () => connection.close(),
  };
}

/** The file a local URL names: `file:/abs`, `file:///abs` and `file://localhost/abs` alike, `file:relative`, or `:memory:`. */
function filePath(url: string): string {
  if (url === ":memory:") return url;
  const rest = url.slice("file:".length);
  return rest.startsWith("//") ? rest.replace(/^\/\/(localhost)?/, "") : rest;
}
