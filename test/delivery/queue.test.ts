import { afterEach, describe, expect, test } from "bun:test";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { cleanupLog } from "../../src/log/log-cleanup.ts";

let h: DeliveryHarness;
afterEach(() => h.close());

describe("the queue", () => {
  test("switching the feature off keeps events and sends nothing; switching it on sends them", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook();
    await h.patchSettings({ enabled: false });
    const { accepted } = await h.postEvents([{ type: "system.started" }, { type: "ticket.revoked" }]);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(0);
    const stored = await h.t.database.client.execute("SELECT count(*) AS n FROM events WHERE fanned_out_at IS NULL");
    expect(Number(stored.rows[0]!.n)).toBe(2);
    await h.patchSettings({ enabled: true });
    const requests = await h.receiver.waitForCount(2);
    expect(requests.map((r) => r.headers["webhook-id"]).sort()).toEqual([...accepted].sort());
  });

  test("events another process writes into the queue are picked up within the read interval", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook();
    await h.patchSettings({ read_interval_seconds: 1 });
    await h.passes();
    const uuid = "a6c1d7e2-5f4b-4c3a-9e8d-7b6a5f4e3d21";
    await h.t.database.client.execute({
      sql: "INSERT INTO events (uuid, type, ticket_id, created_at, data, received_at) VALUES (?, 'ticket.revoked', '77', ?, '{}', ?)",
      args: [uuid, h.clock.now, h.clock.now],
    });
    const started = Date.now();
    const [request] = await h.receiver.waitForCount(1, 5_000);
    expect(request!.headers["webhook-id"]).toBe(uuid);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  test("a settings change takes effect at once: max attempts", async () => {
    h = await startDeliveryHarness(() => new Response(null, { status: 500 }));
    await h.patchSettings({ max_attempts: 1 });
    await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const entry = await h.waitForEntry(uuid, (e) => e.status === "failed");
    expect(entry.error).toBe("answered 500 Internal Server Error (gave up after 1 attempts)");
  });

  test("cleanup removes finished deliveries and their events past the retention, never queued work", async () => {
    h = await startDeliveryHarness((req) => new Response(null, { status: req.path === "/down" ? 503 : 200 }));
    await h.createWebhook({}, "/up");
    const old = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.waitForEntry(old, (e) => e.status === "succeeded");
    await h.t.api("/api/webhooks", { body: { name: "down", url: `${h.receiver.url}/down`, events: ["ticket.*"] } });
    const queued = (await h.postEvents({ type: "ticket.revoked" })).accepted;
    await h.waitForEntry(queued[0]!, (e) => e.status === "retrying" && e.webhook_name === "down");
    h.clock.now += 200 * 3_600_000;
    const fresh = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.waitForEntry(fresh, (e) => e.status === "succeeded");

    const removed = await cleanupLog(h.t.database.client, h.clock.now - 168 * 3_600_000);
    expect(removed.events).toBeGreaterThanOrEqual(1);
    const uuids = (await h.log("?limit=500")).items.map((i) => i.event_uuid);
    expect(uuids).not.toContain(old);
    expect(uuids).toContain(fresh);
    expect(uuids).toContain(queued[0]!);
    const events = await h.t.database.client.execute("SELECT uuid FROM events");
    expect(events.rows.map((r) => r.uuid)).not.toContain(old);
    const attempts = await h.t.database.client.execute("SELECT count(*) AS n FROM attempts a LEFT JOIN deliveries d ON d.id = a.delivery_id WHERE d.id IS NULL");
    expect(Number(attempts.rows[0]!.n)).toBe(0);
  });

  test("events queued while webhooks are switched off wait for the retention, not for good", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook();
    await h.patchSettings({ enabled: false });
    const old = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    h.clock.now += 200 * 3_600_000;
    const recent = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    expect(await cleanupLog(h.t.database.client, h.clock.now - 168 * 3_600_000)).toEqual({ deliveries: 0, events: 1 });
    const waiting = await h.t.database.client.execute("SELECT uuid FROM events WHERE fanned_out_at IS NULL");
    expect(waiting.rows.map((r) => r.uuid)).toEqual([recent]);
    expect(old).not.toBe(recent);
  });

  test("cleanup works through a large log in small batches", async () => {
    h = await startDeliveryHarness();
    const client = h.t.database.client;
    await client.execute("INSERT INTO webhooks (name, url, method, events, body_mime_type, created_at, updated_at) VALUES ('w', 'http://x', 'POST', '[\"*\"]', 'application/json', 0, 0)");
    await client.execute(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2600)
      INSERT INTO events (uuid, type, created_at, received_at, fanned_out_at) SELECT 'e' || i, 'system.started', 0, 0, 0 FROM n`);
    await client.execute(`INSERT INTO deliveries (event_id, webhook_id, webhook_name, event_type, status, attempts, created_at, updated_at, finished_at)
      SELECT id, (SELECT max(id) FROM webhooks), 'w', type, 'succeeded', 1, 0, 0, 1 FROM events`);
    expect(await cleanupLog(client, 1000)).toEqual({ deliveries: 2600, events: 2600 });
  });
});
