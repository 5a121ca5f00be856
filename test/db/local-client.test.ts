import { describe, expect, test } from "bun:test";
import { LibsqlBatchError, LibsqlError } from "@libsql/client";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { statSync } from "node:fs";
import { openDatabase, type Database } from "../../src/db/client.ts";

const cleanups = cleanupAfterEach();

async function freshDatabase(): Promise<Database> {
  const dir = await cleanups.tempDir();
  const database = await openDatabase(`file:${dir}/webhooks.db`);
  cleanups.add(() => database.close());
  await database.client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, data BLOB)");
  return database;
}

const rejection = (promise: Promise<unknown>) => promise.then(() => expect.unreachable("it should have failed"), (err: unknown) => err);

describe("the embedded database's client", () => {
  test("rows read by name and by index, a repeated column name by each index; values as the packaged client gives them", async () => {
    const { client } = await freshDatabase();
    await client.execute({ sql: "INSERT INTO t (name, data) VALUES (:name, :data)", args: { ":name": "a", data: new Uint8Array([1, 2]).buffer } });
    const rs = await client.execute("SELECT t.id, t.name, u.id, t.data FROM t JOIN t u ON u.id = t.id ORDER BY t.id");
    expect(rs.columns).toEqual(["id", "name", "id", "data"]);
    const [first] = rs.rows;
    expect(first!.name).toBe("a");
    expect([first![0], first![1], first![2], first!.length]).toEqual([1, "a", 1, 4]);
    expect(first!.data).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(first!.data as ArrayBuffer)]).toEqual([1, 2]);
    expect((await client.execute({ sql: "SELECT ? AS yes, ? AS no", args: [true, false] })).rows[0]).toMatchObject({ yes: 1, no: 0 });
    expect(Object.keys(first!)).toEqual(["id", "name", "data"]);
    expect(JSON.parse(JSON.stringify(first))).toEqual({ id: 1, name: "a", data: {} });
  });

  test("a write reports the rows it changed; an undefined or infinite argument is refused before it reaches SQL", async () => {
    const { client } = await freshDatabase();
    await client.batch(["INSERT INTO t (name) VALUES ('a')", "INSERT INTO t (name) VALUES ('b')"], "write");
    expect((await client.execute("UPDATE t SET data = NULL")).rowsAffected).toBe(2);
    expect(await rejection(client.execute({ sql: "SELECT ?", args: [undefined as never] }))).toBeInstanceOf(TypeError);
    expect(await rejection(client.execute({ sql: "SELECT ?", args: [Infinity] }))).toBeInstanceOf(RangeError);
  });

  test("a failing statement of a batch rolls back the batch and names its place and SQLite's code", async () => {
    const { client } = await freshDatabase();
    await client.execute("INSERT INTO t (name) VALUES ('taken')");
    const err = await rejection(client.batch(["INSERT INTO t (name) VALUES ('new')", "INSERT INTO t (name) VALUES ('taken')"], "write"));
    expect(err).toBeInstanceOf(LibsqlBatchError);
    expect(err).toMatchObject({ statementIndex: 1, code: "SQLITE_CONSTRAINT", extendedCode: "SQLITE_CONSTRAINT_UNIQUE" });
    expect((await client.execute("SELECT name FROM t")).rows.map((r) => r.name)).toEqual(["taken"]);
    // the connection is left sound: the next transaction commits
    await client.batch(["INSERT INTO t (name) VALUES ('next')"], "write");
    expect((await client.execute("SELECT count(*) AS n FROM t")).rows[0]!.n).toBe(2);
  });

  test("one connection at two durability levels: each call runs at its client's", async () => {
    const { client, workClient } = await freshDatabase();
    for (let round = 0; round < 2; round++) {
      expect((await client.execute("PRAGMA synchronous")).rows[0]![0]).toBe(2); // FULL
      expect((await workClient.execute("PRAGMA synchronous")).rows[0]![0]).toBe(1); // NORMAL
    }
  });

  test("an interactive transaction holds the connection: a call of the other client waits for it and stays outside it", async () => {
    const { client, workClient } = await freshDatabase();
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO t (name) VALUES ('in the transaction')");
    let outsideDone = false;
    const outside = workClient.execute("INSERT INTO t (name) VALUES ('outside')").then(() => (outsideDone = true));
    await Bun.sleep(0);
    expect(outsideDone).toBe(false);
    await tx.rollback();
    await outside;
    expect((await client.execute("SELECT name FROM t")).rows.map((r) => r.name)).toEqual(["outside"]);
    expect(tx.closed).toBe(true);
    expect(await rejection(tx.execute("SELECT 1"))).toMatchObject({ code: "TRANSACTION_CLOSED" });
  });

  test("the WAL is checkpointed once it holds about 16 MB: fewer copies of the same pages, and the file stays bounded", async () => {
    const dir = await cleanups.tempDir();
    const database = await openDatabase(`file:${dir}/webhooks.db`);
    cleanups.add(() => database.close());
    await database.client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)");
    // 30 MB in transactions of 100 KB, each page of it new: past two checkpoints
    const rows = Array.from({ length: 100 }, () => ({ sql: "INSERT INTO t (data) VALUES (randomblob(1000))", args: [] }));
    for (let i = 0; i < 300; i++) await database.workClient.batch(rows, "write");
    const walBytes = statSync(`${dir}/webhooks.db-wal`).size;
    // SQLite's default (1,000 pages) would keep it near 4 MB; none at all, 30 MB
    expect(walBytes).toBeGreaterThan(12 * 1024 * 1024);
    expect(walBytes).toBeLessThan(17.5 * 1024 * 1024);
  });

  test("a statement kept compiled sees the schema a later script changed", async () => {
    const { client } = await freshDatabase();
    await client.execute("INSERT INTO t (name) VALUES ('a')");
    expect((await client.execute("SELECT * FROM t")).columns).toEqual(["id", "name", "data"]);
    await client.executeMultiple("ALTER TABLE t ADD COLUMN added TEXT DEFAULT 'yes';");
    const rs = await client.execute("SELECT * FROM t");
    expect(rs.columns).toEqual(["id", "name", "data", "added"]);
    expect(rs.rows[0]!.added).toBe("yes");
  });

  test("a database file that cannot be opened fails with SQLite's code", async () => {
    const dir = await cleanups.tempDir();
    const err = await rejection(openDatabase(`file:${dir}/no/such/dir/webhooks.db`));
    expect(err).toBeInstanceOf(LibsqlError);
    expect(err).toMatchObject({ code: "SQLITE_CANTOPEN" });
  });

  test("file:/abs, file:///abs and file://localhost/abs name the same file", async () => {
    const dir = await cleanups.tempDir();
    for (const url of [`file:${dir}/same.db`, `file://${dir}/same.db`, `file://localhost${dir}/same.db`]) {
      const database = await openDatabase(url);
      await database.client.execute("CREATE TABLE IF NOT EXISTS opened (url TEXT)");
      await database.client.execute({ sql: "INSERT INTO opened VALUES (?)", args: [url] });
      database.close();
    }
    const database = await openDatabase(`file:${dir}/same.db`);
    cleanups.add(() => database.close());
    expect((await database.client.execute("SELECT count(*) AS n FROM opened")).rows[0]!.n).toBe(3);
  });
});
