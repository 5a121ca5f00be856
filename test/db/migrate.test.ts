import { afterEach, describe, expect, test } from "bun:test";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { applyMigrations, type Migration } from "../../src/db/migrate.ts";
import { migrations } from "../../src/generated/migrations.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase(): Promise<{ database: Database; url: string }> {
  const dir = await makeTempDir();
  cleanups.push(dir.remove);
  const url = `file:${dir.path}/webhooks.db`;
  const database = await openDatabase(url);
  cleanups.push(() => database.close());
  return { database, url };
}

async function tableNames(database: Database): Promise<string[]> {
  const rs = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return rs.rows.map((r) => String(r.name));
}

describe("migrations", () => {
  test("a fresh database gets every table of the feature", async () => {
    const { database } = await freshDatabase();
    expect(await applyMigrations(database.client, migrations)).toEqual(migrations.map((m) => m.tag));
    expect(await tableNames(database)).toEqual(
      expect.arrayContaining(["webhooks", "events", "deliveries", "attempts", "settings", "auth_tokens", "__drizzle_migrations"]),
    );
    const indexes = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'deliveries_%'");
    const names = indexes.rows.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["deliveries_event_webhook_uq", "deliveries_webhook_due_idx"]));
    // the queue needs only its own index; these two were dropped again
    expect(names).not.toContain("deliveries_due_idx");
    expect(names).not.toContain("deliveries_claimed_idx");
  });

  test("an already migrated database is left as it is, data included", async () => {
    const { database, url } = await freshDatabase();
    await applyMigrations(database.client, migrations);
    await database.client.execute({
      sql: "INSERT INTO settings (key, value, updated_at) VALUES ('read_interval_seconds', '5', 1)",
      args: [],
    });
    database.close();

    const reopened = await openDatabase(url);
    cleanups.push(() => reopened.close());
    expect(await applyMigrations(reopened.client, migrations)).toEqual([]);
    const rs = await reopened.client.execute("SELECT value FROM settings WHERE key = 'read_interval_seconds'");
    expect(rs.rows[0]?.value).toBe("5");
    const recorded = await reopened.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(Number(recorded.rows[0]?.n)).toBe(migrations.length);
  });

  test("a database from an older version gets the newer migrations, its data kept", async () => {
    const { database } = await freshDatabase();
    const [first, ...later] = migrations;
    expect(later.length).toBeGreaterThan(0);
    await applyMigrations(database.client, [first!]);
    await database.client.execute("INSERT INTO settings (key, value, updated_at) VALUES ('enabled', 'false', 1)");
    expect(await applyMigrations(database.client, migrations)).toEqual(later.map((m) => m.tag));
    const kept = await database.client.execute("SELECT value FROM settings WHERE key = 'enabled'");
    expect(kept.rows[0]?.value).toBe("false");
  });

  test("only migrations newer than the last applied one run", async () => {
    const { database } = await freshDatabase();
    await applyMigrations(database.client, migrations);
    const next: Migration = {
      tag: "9999_test_extra",
      createdAt: Math.max(...migrations.map((m) => m.createdAt)) + 1,
      hash: "test",
      statements: ["CREATE TABLE test_extra (id integer primary key)"],
    };
    expect(await applyMigrations(database.client, [...migrations, next])).toEqual(["9999_test_extra"]);
    expect(await tableNames(database)).toContain("test_extra");
  });

  test("a failing migration leaves nothing half-applied", async () => {
    const { database } = await freshDatabase();
    await applyMigrations(database.client, migrations);
    const broken: Migration = {
      tag: "9999_broken",
      createdAt: Math.max(...migrations.map((m) => m.createdAt)) + 1,
      hash: "broken",
      statements: ["CREATE TABLE half_done (id integer)", "THIS IS NOT SQL"],
    };
    await expect(applyMigrations(database.client, [...migrations, broken])).rejects.toThrow();
    expect(await tableNames(database)).not.toContain("half_done");
    const recorded = await database.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(Number(recorded.rows[0]?.n)).toBe(migrations.length);
  });
});

describe("durability settings", () => {
  test("a local database runs in WAL mode and fsyncs every commit the API acknowledges", async () => {
    const { database } = await freshDatabase();
    const journal = await database.client.execute("PRAGMA journal_mode");
    expect(journal.rows[0]?.journal_mode).toBe("wal");
    const sync = await database.client.execute("PRAGMA synchronous");
    expect(Number(sync.rows[0]?.synchronous)).toBe(2);
    // the dispatcher's connection: claims and results may be redone after a power cut
    const work = await database.workClient.execute("PRAGMA synchronous");
    expect(Number(work.rows[0]?.synchronous)).toBe(1);
    const busy = await database.client.execute("PRAGMA busy_timeout");
    expect(Number(Object.values(busy.rows[0] ?? {})[0])).toBeGreaterThan(0);
  });
});
