import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { createClient } from "@libsql/client";
import { readdir, rename, rm, stat } from "node:fs/promises";
import type { FileProbe } from "../../src/db/file-identity.ts";
import { createLogger } from "../../src/logger.ts";
import { startService, type Service } from "../../src/service.ts";
import { directRuntime } from "../helpers/direct-runtime.ts";
import { eventually, heldAnswer, startReceiver } from "../helpers/receiver.ts";
import { startServiceProcess } from "../helpers/service-process.ts";

const cleanups = cleanupAfterEach();

const TOKEN = "file-lost-test-admin-token-0123";

/** `rm webhooks.db*`, as an admin clearing the data folder by hand would. */
async function removeDatabaseFiles(dir: string) {
  for (const name of await readdir(dir)) if (name.startsWith("webhooks.db")) await rm(`${dir}/${name}`);
}

/**
 * The service in this process on `dir`, its file checked every 10 ms (by `probe` when
 * given); requests go straight to it. `tokenInFolder`: no admin token configured, so
 * the service keeps one in `dir`.
 */
async function startInProcess(dir: string, options: { tokenInFolder?: boolean; probe?: FileProbe; graceMs?: number } = {}) {
  const { runtime, request } = directRuntime();
  const logLines: string[] = [];
  const { tokenInFolder, probe, graceMs } = options;
  const config = { host: "127.0.0.1", port: 0, dbUrl: `file:${dir}/webhooks.db`, dataDir: dir, basePath: "", adminToken: tokenInFolder ? undefined : TOKEN };
  const logger = createLogger({ write: (line) => logLines.push(line) });
  const service: Service = await startService(config, runtime, logger, { everyMs: 10, probe, graceMs });
  cleanups.add(() => service.stop());
  const api = (path: string, body?: unknown) =>
    request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const unavailable = async () => {
    const res = await request("/api/health");
    return res.status === 503 ? res : null;
  };
  return { service, request, api, logLines, unavailable };
}

async function expectUnavailable(res: Response, change: "deleted" | "replaced") {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("5");
  // made outside the app, with its security headers all the same
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  expect(await res.json()).toEqual({
    error: { code: "unavailable", message: `The database file was ${change}; nothing is stored until the service restarts`, issues: [] },
  });
}

/** POST /api/events whose body arrives only when `finish()` is called: a request the test keeps under way. */
function ingestUnderWay(request: (path: string, init?: RequestInit) => Promise<Response>) {
  let finish!: () => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"type":'));
      finish = () => {
        controller.enqueue(new TextEncoder().encode('"ticket.revoked"}'));
        controller.close();
      };
    },
  });
  const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
  return { answer: request("/api/events", { method: "POST", headers, body }), finish: () => finish() };
}

describe("the database file deleted under the running service", () => {
  test("from then on every answer is 503, an ingest under way included, with an error naming the file; it stops", async () => {
    const dir = await cleanups.tempDir();
    const t = await startInProcess(dir);
    expect((await t.api("/api/events", { type: "ticket.logged_in" })).status).toBe(202);
    const underWay = ingestUnderWay(t.request);

    await removeDatabaseFiles(dir);
    await expectUnavailable(await eventually(t.unavailable), "deleted");
    await expectUnavailable(await t.api("/api/events", { type: "ticket.logged_in" }), "deleted");
    await expectUnavailable(await t.api("/api/webhooks"), "deleted");
    const logged = t.logLines.find((l) => l.includes('"msg":"database file deleted while in use: stopping"'));
    expect(JSON.parse(logged!)).toMatchObject({ level: "error", path: `${dir}/webhooks.db` });

    // stored, but in the deleted file: not acknowledged
    underWay.finish();
    await expectUnavailable(await underWay.answer, "deleted");
    expect(await t.service.failed).toBe("deleted");
  });

  test("nothing more is sent once it notices, though a stalled request holds up the stop for its grace", async () => {
    const dir = await cleanups.tempDir();
    const held: (() => void)[] = [];
    const receiver = startReceiver(() => {
      const { answer, release } = heldAnswer(() => new Response("ok"));
      held.push(release);
      return answer;
    });
    cleanups.add(() => receiver.stop());
    // a grace of 0.5 s, not 2: long enough for the freed slots to send, were they let
    const t = await startInProcess(dir, { graceMs: 500 });
    expect((await t.api("/api/webhooks", { name: "Receiver", url: `${receiver.url}/hook`, events: ["*"] })).status).toBe(201);
    const batch = Array.from({ length: 12 }, () => ({ type: "ticket.logged_in" }));
    expect((await t.api("/api/events", batch)).status).toBe(202);
    // the webhook's 8 slots busy, the other 4 deliveries waiting in the dispatcher
    await receiver.waitForCount(8);
    const stalled = ingestUnderWay(t.request);
    cleanups.add(stalled.finish);

    await removeDatabaseFiles(dir);
    await eventually(t.unavailable);
    for (const release of held) release();
    // freed slots would take the waiting deliveries at once; the stop waits out the stalled request
    await Promise.race([receiver.waitForCount(9, 20_000).catch(() => {}), t.service.failed]);
    expect(await t.service.failed).toBe("deleted");
    expect(receiver.requests).toHaveLength(8);
  });

  test("another database moved over it counts the same: 503, and it stops", async () => {
    const dir = await cleanups.tempDir();
    const t = await startInProcess(dir);
    expect((await t.request("/api/health")).status).toBe(200);
    const other = createClient({ url: `file:${dir}/restored.db` });
    await other.execute("CREATE TABLE restored (id INTEGER PRIMARY KEY)");
    other.close();
    await rename(`${dir}/restored.db`, `${dir}/webhooks.db`);

    await expectUnavailable(await eventually(t.unavailable), "replaced");
    expect(t.logLines.some((l) => l.includes('"msg":"database file replaced while in use: stopping"'))).toBe(true);
    expect(await t.service.failed).toBe("replaced");
  });

  test("its folder deleted: it stops, and a start after it makes the folder, the database and the keys again", async () => {
    const dir = `${await cleanups.tempDir()}/data`;
    const first = await startInProcess(dir, { tokenInFolder: true });
    await rm(dir, { recursive: true });
    await expectUnavailable(await eventually(first.unavailable), "deleted");
    expect(await first.service.failed).toBe("deleted");

    const again = await startInProcess(dir, { tokenInFolder: true });
    expect((await again.request("/api/health")).status).toBe(200);
    for (const file of ["webhooks.db", "admin-token", "secret.key"]) expect((await stat(`${dir}/${file}`)).isFile()).toBe(true);
  });
  test("deleted while it was starting (a migration may take seconds): noticed once it is up", async () => {
    const dir = await cleanups.tempDir();
    const t = await startInProcess(dir, { probe: async () => ({ exists: false }) });
    await expectUnavailable(await eventually(t.unavailable), "deleted");
    expect(await t.service.failed).toBe("deleted");
  });
});

describe("the service process", () => {
  test("rm webhooks.db*: no 202 once it notices, it exits 1 with a log line, and a restart works on a fresh database", async () => {
    const dir = await cleanups.tempDir();
    const args = ["--db", `file:${dir}/webhooks.db`];
    const env = { WEBHOOKS_ADMIN_TOKEN: TOKEN };
    const service = await startServiceProcess({ args, cwd: dir, env });
    cleanups.add(async () => {
      service.proc.kill("SIGKILL");
      await service.proc.exited;
    });
    const post = (url = service.url) =>
      fetch(`${url}/api/events`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify({ type: "ticket.logged_in" }),
      })
        .then((res) => res.status)
        .catch(() => "refused" as const);
    expect(await post()).toBe(202);

    await removeDatabaseFiles(dir);
    const noticed = () => service.lines.some((l) => l.includes('"msg":"database file deleted while in use: stopping"'));
    const afterNotice: (number | "refused")[] = [];
    let exitCode = null as number | null;
    void service.proc.exited.then((code) => (exitCode = code));
    await eventually(async () => {
      const seen = noticed();
      const [ingest, health] = await Promise.all([
        post(),
        fetch(`${service.url}/api/health`).then((res) => res.status).catch(() => "refused" as const),
      ]);
      if (seen) afterNotice.push(ingest, health);
      return exitCode !== null;
    }, 20_000);

    expect(exitCode).toBe(1);
    afterNotice.push(await post());
    expect(afterNotice.every((status) => status === 503 || status === "refused")).toBe(true);
    const detected = JSON.parse(service.lines.find((l) => l.includes('"msg":"database file deleted while in use: stopping"'))!);
    expect(detected).toMatchObject({ level: "error", path: `${dir}/webhooks.db` });
    expect(service.lines.some((l) => l.includes("exiting with code 1: the database file was deleted"))).toBe(true);

    const restarted = await startServiceProcess({ args, cwd: dir, env });
    cleanups.add(async () => {
      restarted.proc.kill("SIGKILL");
      await restarted.proc.exited;
    });
    expect(await post(restarted.url)).toBe(202);
  }, 60_000);
});
