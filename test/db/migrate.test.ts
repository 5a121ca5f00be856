import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { statSync } from "node:fs";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { applyMigrations, type Migration } from "../../src/db/migrate.ts";
import { migrations } from "../../src/generated/migrations.ts";

const cleanups = cleanupAfterEach();

async function freshDatabase(): Promise<{ database: Database; url: string }> {
  const dir = await cleanups.tempDir();
  const url = `file:${dir}/webhooks.db`;
  const database = await openDatabase(url);
  cleanups.add(() => database.close());
  return { database, url };
}

/** A migration after every real one, as the next version would ship it. */
function nextMigration(tag: string, statements: string[]): Migration {
  return { tag, createdAt: Math.max(...migrations.map((m) => m.createdAt)) + 1, hash: tag, statements };
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
    cleanups.add(() => reopened.close());
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

  test("deliveries of an older log are moved to the integer event key with their attempts, nothing cascading away", async () => {
    const { database, url } = await freshDatabase();
    const c = database.client;
    const before = migrations.filter((m) => m.tag < "0003");
    await applyMigrations(c, before);
    await c.execute("INSERT INTO webhooks (id, name, url, method, events, body_mime_type, created_at, updated_at) VALUES (7, 'w', 'http://x', 'POST', '[\"*\"]', 'application/json', 0, 0)");
    for (const [i, uuid] of ["bbbb", "aaaa", "cccc"].entries()) {
      await c.execute({ sql: "INSERT INTO events (uuid, type, created_at, received_at, fanned_out_at) VALUES (?, 'system.started', 0, ?, ?)", args: [uuid, i, i] });
    }
    // the log was cleaned up to delivery 40: new deliveries must not take used ids again
    await c.execute("INSERT INTO deliveries (id, event_uuid, webhook_id, webhook_name, event_type, status, created_at, updated_at) VALUES (40, 'aaaa', 7, 'w', 'system.started', 'succeeded', 0, 0)");
    await c.execute("DELETE FROM deliveries WHERE id = 40");
    for (const [id, uuid] of [[41, "cccc"], [42, "bbbb"]] as const) {
      await c.execute({ sql: "INSERT INTO deliveries (id, event_uuid, webhook_id, webhook_name, event_type, status, created_at, updated_at) VALUES (?, ?, 7, 'w', 'system.started', 'succeeded', 0, 0)", args: [id, uuid] });
      await c.execute({ sql: "INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, method, url) VALUES (?, 1, 0, 1, 'POST', 'http://x')", args: [id] });
    }

    await applyMigrations(c, migrations);
    // the rebuild's write-ahead log is given back to the disk
    expect(statSync(`${url.slice("file:".length)}-wal`).size).toBe(0);
    const rows = await c.execute("SELECT d.id, e.uuid, (SELECT count(*) FROM attempts a WHERE a.delivery_id = d.id) AS attempts FROM deliveries d JOIN events e ON e.id = d.event_id ORDER BY d.id");
    expect(rows.rows.map((r) => [Number(r.id), r.uuid, Number(r.attempts)])).toEqual([[41, "cccc", 1], [42, "bbbb", 1]]);
    expect((await c.execute("SELECT uuid FROM events ORDER BY id")).rows.map((r) => r.uuid)).toEqual(["bbbb", "aaaa", "cccc"]);
    expect(Number((await c.execute("PRAGMA foreign_keys")).rows[0]![0])).toBe(1);
    const next = await c.execute("INSERT INTO deliveries (event_id, webhook_id, webhook_name, event_type, status, created_at, updated_at) SELECT id, 7, 'w', type, 'pending', 0, 0 FROM events WHERE uuid = 'aaaa' RETURNING id");
    expect(Number(next.rows[0]!.id)).toBe(43);
    // the rebuilt tables cascade as before: an event takes its deliveries and their attempts with it
    await c.execute("DELETE FROM events WHERE uuid = 'bbbb'");
    expect(Number((await c.execute("SELECT count(*) AS n FROM attempts")).rows[0]!.n)).toBe(1);
    await expect(c.execute("INSERT INTO deliveries (event_id, webhook_name, event_type, status, created_at, updated_at) VALUES (999, 'w', 't', 'pending', 0, 0)")).rejects.toThrow(/FOREIGN KEY/);
  });

  test("events of an older log that led to no delivery are marked so, to be found by ticket as new ones are", async () => {
    const { database } = await freshDatabase();
    const c = database.client;
    await applyMigrations(c, migrations.filter((m) => m.tag < "0005"));
    await c.execute("INSERT INTO webhooks (id, name, url, method, events, body_mime_type, created_at, updated_at) VALUES (7, 'w', 'http://x', 'POST', '[\"*\"]', 'application/json', 0, 0)");
    for (const [uuid, fannedOutAt] of [["delivered", 1], ["unmatched", 1], ["waiting", null]] as const) {
      await c.execute({ sql: "INSERT INTO events (uuid, type, ticket_id, created_at, received_at, fanned_out_at) VALUES (?, 'custom.x', 'T', 0, 0, ?)", args: [uuid, fannedOutAt] });
    }
    await c.execute("INSERT INTO deliveries (event_id, webhook_id, webhook_name, event_type, ticket_id, status, created_at, updated_at) SELECT id, 7, 'w', type, 'T', 'succeeded', 0, 0 FROM events WHERE uuid = 'delivered'");

    await applyMigrations(c, migrations);
    const rows = await c.execute("SELECT uuid, deliveries_made FROM events ORDER BY id");
    expect(rows.rows.map((r) => [r.uuid, r.deliveries_made])).toEqual([["delivered", null], ["unmatched", 0], ["waiting", null]]);
    const byTicket = await c.execute("SELECT uuid FROM events INDEXED BY events_no_delivery_ticket_idx WHERE ticket_id = 'T' AND deliveries_made = 0");
    expect(byTicket.rows.map((r) => r.uuid)).toEqual(["unmatched"]);
  });

  test("two processes starting on one new database at once: the migrations run once, neither fails", async () => {
    const { database, url } = await freshDatabase();
    const other = await openDatabase(url);
    cleanups.add(() => other.close());
    const applied = await Promise.all([applyMigrations(database.client, migrations), applyMigrations(other.client, migrations)]);
    expect(applied.map((tags) => tags.length).sort()).toEqual([0, migrations.length]);
    const recorded = await database.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(Number(recorded.rows[0]?.n)).toBe(migrations.length);
  });

  test("only migrations newer than the last applied one run", async () => {
    const { database } = await freshDatabase();
    await applyMigrations(database.client, migrations);
    const next = nextMigration("9999_test_extra", ["CREATE TABLE test_extra (id integer primary key)"]);
    expect(await applyMigrations(database.client, [...migrations, next])).toEqual(["9999_test_extra"]);
    expect(await tableNames(database)).toContain("test_extra");
  });

  test("a failing migration leaves nothing half-applied", async () => {
    const { database } = await freshDatabase();
    await applyMigrations(database.client, migrations);
    const broken = nextMigration("9999_broken", ["CREATE TABLE half_done (id integer)", "THIS IS NOT SQL"]);
    await expect(applyMigrations(database.client, [...migrations, broken])).rejects.toThrow();
    expect(await tableNames(database)).not.toContain("half_done");
    const recorded = await database.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(Number(recorded.rows[0]?.n)).toBe(migrations.length);
  });

  test("a migration that would leave rows referring to nothing fails and rolls back whole, and fails again next time", async () => {
    const { database } = await freshDatabase();
    await applyMigrations(database.client, migrations);
    const orphaning = nextMigration("9999_orphaning", ["CREATE TABLE kept_back (id integer)", "INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, method, url) VALUES (4242, 1, 0, 0, 'POST', 'x')"]);
    for (let start = 0; start < 2; start++) {
      await expect(applyMigrations(database.client, [...migrations, orphaning])).rejects.toThrow("rows_referring_to_missing_rows");
    }
    expect(await tableNames(database)).not.toContain("kept_back");
    const attempts = await database.client.execute("SELECT count(*) AS n FROM attempts");
    expect(Number(attempts.rows[0]!.n)).toBe(0);
  });

  test("a database a newer version upgraded is refused, not migrated back nor used", async () => {
    const { database } = await freshDatabase();
    await applyMigrations(database.client, migrations);
    await database.client.execute("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-the-future', 99999999999999)");
    await expect(applyMigrations(database.client, migrations)).rejects.toThrow("upgraded by a newer version");
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
    // temporary data (sorting for an index, a large cleanup) spills to a file, not to memory;
    // the ingest's statement journals (a list of rows each) stay in memory, at FULL
    const tempStore = async (c: typeof database.client) => Number((await c.execute("PRAGMA temp_store")).rows[0]![0]);
    for (let round = 0; round < 2; round++) {
      expect([await tempStore(database.client), await tempStore(database.workClient), await tempStore(database.eventClient)]).toEqual([1, 1, 2]);
    }
    expect(Number((await database.eventClient.execute("PRAGMA synchronous")).rows[0]![0])).toBe(2);
    const busy = await database.client.execute("PRAGMA busy_timeout");
    expect(Number(Object.values(busy.rows[0] ?? {})[0])).toBeGreaterThan(0);
  });
});

describe("the local client", () => {
  test("a batch failing on its own statements fails alone: requests queued beside it go through", async () => {
    const { database } = await freshDatabase();
    const client = database.client;
    await client.execute("CREATE TABLE t (x)");
    const results = await Promise.allSettled([
      client.execute("SELECT 1"),
      client.batch(["INSERT INTO t VALUES (1)", "SELECT * FROM no_such_table"], "write"),
      client.execute("INSERT INTO t VALUES (2)"),
      client.batch(["INSERT INTO t VALUES (3)"], "write"),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const rows = await client.execute("SELECT x FROM t ORDER BY x");
    expect(rows.rows.map((r) => Number(r.x))).toEqual([2, 3]);
  });
});
