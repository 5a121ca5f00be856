import type { Client } from "@libsql/client";

/** One drizzle-kit migration, embedded by scripts/embed.ts. */
export interface Migration {
  tag: string;
  /** drizzle-kit's journal timestamp; migrations apply in this order. */
  createdAt: number;
  hash: string;
  statements: string[];
}

/**
 * Applies the migrations not yet recorded, each atomically with its record. Uses
 * drizzle's own bookkeeping table so `drizzle-kit` and this loader agree on what ran.
 * The write transaction serialises instances that start against one database at once.
 * Returns the tags it applied.
 */
export async function applyMigrations(client: Client, migrations: Migration[]): Promise<string[]> {
  await client.execute(
    "CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)",
  );
  // A migration that rebuilds a table drops the old one, which must not cascade to the
  // rows referring to it. The pragma is ignored inside a transaction, so it is set around it.
  await client.execute("PRAGMA foreign_keys=OFF");
  const tx = await client.transaction("write");
  try {
    const last = await tx.execute("SELECT max(created_at) AS last FROM __drizzle_migrations");
    const lastApplied = Number(last.rows[0]?.last ?? 0);
    const pending = migrations.filter((m) => m.createdAt > lastApplied);
    for (const migration of pending) {
      for (const statement of migration.statements) await tx.execute(statement);
      await tx.execute({
        sql: "INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)",
        args: [migration.hash, migration.createdAt],
      });
    }
    const broken = await tx.execute("PRAGMA foreign_key_check");
    if (broken.rows.length > 0) throw new Error(`migrating left ${broken.rows.length} rows referring to rows that do not exist`);
    await tx.commit();
    return pending.map((m) => m.tag);
  } finally {
    tx.close();
    await client.execute("PRAGMA foreign_keys=ON");
  }
}
