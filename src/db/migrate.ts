import type { Client } from "@libsql/client";

/** One drizzle-kit migration, embedded by scripts/embed.ts. */
export interface Migration {
  tag: string;
  /** drizzle-kit's journal timestamp; migrations apply in this order. */
  createdAt: number;
  hash: string;
  statements: string[];
}

async function lastApplied(client: Client): Promise<number> {
  const table = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
  if (table.rows.length === 0) return 0;
  const last = await client.execute("SELECT max(created_at) AS last FROM __drizzle_migrations");
  return Number(last.rows[0]?.last ?? 0);
}

async function pendingMigrations(client: Client, migrations: Migration[]): Promise<Migration[]> {
  const last = await lastApplied(client);
  return migrations.filter((m) => m.createdAt > last);
}

/** How a database's schema stands to these migrations: as they leave it, older, or made by a newer version. */
export async function schemaState(client: Client, migrations: Migration[]): Promise<"current" | "older" | "newer"> {
  const last = await lastApplied(client);
  const known = Math.max(0, ...migrations.map((m) => m.createdAt));
  return last > known ? "newer" : last < known ? "older" : "current";
}

/** An older binary on a newer schema would fail on every write it does not know the shape of. */
export const NEWER_SCHEMA = "the database was upgraded by a newer version of iacbox-webhooks: run that version";

/**
 * Applies the migrations not yet recorded, all in one transaction with their records.
 * Uses drizzle's own bookkeeping table so `drizzle-kit` and this loader agree on what
 * ran. The driver's `migrate` runs them with foreign keys off, locally and on a remote
 * server alike: a migration that rebuilds a table drops the old one, which must not
 * cascade to the rows referring to it. Returns the tags it applied.
 */
export async function applyMigrations(client: Client, migrations: Migration[]): Promise<string[]> {
  if ((await schemaState(client, migrations)) === "newer") throw new Error(NEWER_SCHEMA);
  await client.execute(
    "CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)",
  );
  const pending = await pendingMigrations(client, migrations);
  if (pending.length === 0) return [];
  try {
    await client.migrate([
      ...pending.flatMap((m) => [
        ...m.statements,
        { sql: "INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)", args: [m.hash, m.createdAt] },
      ]),
      // With foreign keys off, nothing stops a rebuild from leaving a row that refers to
      // nothing; checked before the commit, through a constraint, so such a migration
      // fails and rolls back whole instead of committing broken rows.
      "CREATE TEMP TABLE migration_check (rows_referring_to_missing_rows INTEGER CHECK (rows_referring_to_missing_rows = 0))",
      "INSERT INTO temp.migration_check SELECT count(*) FROM pragma_foreign_key_check",
      "DROP TABLE temp.migration_check",
    ]);
  } catch (err) {
    // Another instance starting at the same time applied them first: these statements
    // then fail on the changed schema and roll back, and there is nothing left to do.
    if ((await pendingMigrations(client, migrations)).length === 0) return [];
    throw err;
  }
  // A migration that rebuilt tables leaves a write-ahead log as large as they are (370 MB
  // for a million deliveries): give the disk space back now. Only a local file has one; a
  // remote server may refuse, which changes nothing.
  await client.execute("PRAGMA wal_checkpoint(TRUNCATE)").catch(() => {});
  return pending.map((m) => m.tag);
}
