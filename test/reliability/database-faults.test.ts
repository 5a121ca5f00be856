import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { createClient } from "@libsql/client";
import { readdir } from "node:fs/promises";
import { createTestApp, expectErrorShape, type TestApp } from "../helpers/test-app.ts";
import { SOURCE_COMMAND } from "../helpers/service-process.ts";
import { startDeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually } from "../helpers/receiver.ts";

const cleanups = cleanupAfterEach();

/** The busy timeout of the tests that hold a lock: they wait it out, and the service's 5 s would only make them slow. */
const LOCK_WAIT_MS = 1_000;

async function countEvents(t: TestApp): Promise<number> {
  return Number((await t.database.client.execute("SELECT count(*) AS n FROM events")).rows[0]!.n);
}

/** chattr +i: even root cannot write the files (file permissions do not stop root). */
async function setImmutable(dir: string, on: boolean) {
  const files = (await readdir(dir)).filter((f) => f.startsWith("webhooks.db")).map((f) => `${dir}/${f}`);
  const proc = Bun.spawn(["chattr", on ? "+i" : "-i", ...files], { stderr: "pipe" });
  const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  if (code !== 0) throw new Error(`chattr failed (needs root on ext4/xfs): ${err}`);
}

describe("database faults", () => {
  test(
    "a database locked by another process: 503 with the reason, nothing half-stored, and it recovers",
    async () => {
      const t = await createTestApp({ busyTimeoutMs: LOCK_WAIT_MS });
      cleanups.add(() => t.close());
      await t.dispatcher.start();
      expect((await t.api("/api/events", { body: { type: "system.started" } })).status).toBe(202);

      const other = createClient({ url: `file:${t.dir}/webhooks.db` });
      const lock = await other.transaction("write");
      await lock.execute("INSERT INTO settings (key, value, updated_at) VALUES ('held', '1', 0)");
      const res = await t.api("/api/events", { body: [{ type: "ticket.logged_in" }, { type: "ticket.revoked" }] });
      const error = await expectErrorShape(res, 503, "unavailable");
      expect(error.message).toBe("The database is locked by another process; try again shortly");
      expect(res.headers.get("retry-after")).toBe("5");
      await lock.rollback();
      other.close();

      expect(await countEvents(t)).toBe(1);
      expect((await t.api("/api/events", { body: { type: "ticket.logged_in" } })).status).toBe(202);
      expect(await countEvents(t)).toBe(2);
      expect(t.logLines.some((l) => l.includes('"msg":"database unavailable"'))).toBe(true);
    },
    30_000,
  );

  test(
    "a lock that makes the dispatcher's passes fail: delivery resumes after it, the queued event not lost",
    async () => {
      const clock = {
        get now() {
          return Date.now();
        },
        set now(_: number) {},
      };
      const h = await startDeliveryHarness(undefined, { clock, busyTimeoutMs: LOCK_WAIT_MS });
      cleanups.add(() => h.close());
      await h.patchSettings({ read_interval_seconds: 60 });
      await h.createWebhook();
      const before = (await h.postEvents({ type: "ticket.logged_in" })).accepted[0]!;
      await h.receiver.waitFor((r) => r.some((x) => x.headers["webhook-id"] === before));

      // another process queues an event (not fanned out yet, as `emit` leaves it), then holds the write lock
      const other = createClient({ url: `file:${h.t.dir}/webhooks.db` });
      const queued = crypto.randomUUID();
      await other.execute({
        sql: "INSERT INTO events (uuid, type, ticket_id, created_at, data, received_at) VALUES (?, 'ticket.logged_in', '', ?, '{}', ?)",
        args: [queued, Date.now(), Date.now()],
      });
      const lock = await other.transaction("write");
      await lock.execute("INSERT INTO settings (key, value, updated_at) VALUES ('held', '1', 0)");
      h.t.dispatcher.wake(true); // its pass must write to fan the event out: it waits out the busy timeout, and fails
      await eventually(async () => h.t.logLines.some((l) => l.includes("dispatcher pass failed")), 20_000);
      await lock.rollback();
      other.close();

      const after = (await h.postEvents({ type: "ticket.logged_in" })).accepted[0]!;
      await h.receiver.waitFor((r) => [after, queued].every((u) => r.some((x) => x.headers["webhook-id"] === u)), 40_000);
    },
    60_000,
  );

  test("a database that turns read-only under a running service: 503, the service lives on, and recovers", async () => {
    // chattr +i takes effect on a disk's file system, not on a RAM one
    const t = await createTestApp({ onDisk: true });
    cleanups.add(() => t.close());
    expect((await t.api("/api/events", { body: { type: "system.started" } })).status).toBe(202);
    await t.database.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    await setImmutable(t.dir, true);
    cleanups.add(() => setImmutable(t.dir, false));
    const res = await t.api("/api/events", { body: { type: "ticket.logged_in" } });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toMatch(/read-only|I\/O error|cannot be opened|locked/);
    expect((await t.app.request("/api/health")).status).toBe(200);
    expect((await t.api("/api/webhooks")).status).toBe(200);

    await setImmutable(t.dir, false);
    // a connection opened while the file was read-only stays so; the failed write replaces it
    const statuses: number[] = [];
    for (let i = 0; i < 3 && statuses.at(-1) !== 202; i++) {
      statuses.push((await t.api("/api/events", { body: { type: "ticket.logged_in", ticket_id: String(i) } })).status);
    }
    expect(statuses.at(-1)).toBe(202);
    expect(statuses.length).toBeLessThanOrEqual(2);
    expect(await countEvents(t)).toBe(2);
  });

  test("starting on a read-only database exits once with one clear line, and harms nothing", async () => {
    const dir = await cleanups.tempDir({ onDisk: true });
    const args = ["--db", `file:${dir}/webhooks.db`, "--port", "0"];
    // a database the service made, with an event a script queued into it
    const t = await createTestApp({ dir: dir });
    await t.close();
    const first = Bun.spawn([...SOURCE_COMMAND, "emit", "system.backup.done", "--db", `file:${dir}/webhooks.db`], { stdout: "pipe" });
    expect(await first.exited).toBe(0);
    await setImmutable(dir, true);
    cleanups.add(() => setImmutable(dir, false));
    const proc = Bun.spawn([...SOURCE_COMMAND, ...args], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toStartWith("iacbox-webhooks: cannot ");
    expect(stderr).toContain("read-only");
    await setImmutable(dir, false);
    const check = createClient({ url: `file:${dir}/webhooks.db` });
    expect(Number((await check.execute("SELECT count(*) AS n FROM events WHERE type = 'system.backup.done'")).rows[0]!.n)).toBe(1);
    check.close();
  });
});
