import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { CRASH_LIMIT_ERROR, DeliveryStore } from "../../src/delivery/delivery-store.ts";
import { LEASE_MS } from "../../src/delivery/lease.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually } from "../helpers/receiver.ts";

const cleanups = cleanupAfterEach();

/** Several instances, each its own connection and dispatcher, on one database file and one clock. */
async function instances(ids: string[]) {
  const dir = await cleanups.tempDir();
  const clock = { now: Date.parse("2026-11-28T12:00:00.000Z") };
  const started: DeliveryHarness[] = [];
  for (const instanceId of ids) {
    const h = await startDeliveryHarness(undefined, { dir: dir, clock, instanceId });
    cleanups.add(() => h.close());
    started.push(h);
  }
  return { all: started, clock, dir: dir };
}

/** A delivery another instance claimed and never finished (it died with the claim). */
async function claimedByOther(h: DeliveryHarness, owner: string, leaseLeftMs: number) {
  await h.t.dispatcher.stop(1000);
  const webhook = await h.createWebhook();
  const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
  const claimed = await h.t.database.client.execute({
    sql: "UPDATE deliveries SET claimed_by = ?, claim_expires_at = ? WHERE event_id = (SELECT id FROM events WHERE uuid = ?) AND webhook_id = ? AND status = 'pending'",
    args: [owner, h.clock.now + leaseLeftMs, uuid, webhook.id],
  });
  expect(claimed.rowsAffected).toBe(1);
  return uuid;
}

describe("several instances on one database", () => {
  test("an edit another instance made is what the next event is sent with, though this one has not looked since", async () => {
    const { all: [a, b] } = await instances(["box-a", "box-b"]);
    const webhook = await a!.createWebhook({ events: ["system.started"] }, "/before");
    await b!.t.dispatcher.stop(1000);
    await a!.passes();
    // box-b moves the webhook; box-a was not told and its last pass saw it as it was
    const moved = await b!.t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { url: `${a!.receiver.url}/after` } });
    expect(moved.status).toBe(200);
    await a!.postEvents({ type: "system.started" });
    const [received] = await a!.receiver.waitForCount(1);
    expect(received!.path).toBe("/after");
  });

  test("never send a delivery twice", async () => {
    const { all } = await instances(["box-a", "box-b", "box-c"]);
    const [a, b, c] = all as [DeliveryHarness, DeliveryHarness, DeliveryHarness];
    await a.createWebhook({ url: `${a.receiver.url}/shared` });
    const posted = await Promise.all(
      [a, b, c].flatMap((h) => Array.from({ length: 4 }, () => h.postEvents(Array.from({ length: 25 }, () => ({ type: "ticket.logged_in" }))))),
    );
    const uuids = new Set(posted.flatMap((p) => p.accepted));
    expect(uuids.size).toBe(300);
    await a.receiver.waitFor((r) => new Set(r.map((x) => x.headers["webhook-id"])).size === 300, 30_000);
    await Promise.all(all.map((h) => h.passes()));
    expect(a.receiver.requests).toHaveLength(300);
    const log = await a.t.database.client.execute("SELECT count(*) AS n, sum(attempts) AS attempts FROM deliveries WHERE status = 'succeeded'");
    expect(log.rows[0]).toMatchObject({ n: 300, attempts: 300 });
  });

  test("a crashed instance's claim is taken over once its lease runs out, not before", async () => {
    const { all, clock } = await instances(["box-b"]);
    const b = all[0]!;
    await b.t.dispatcher.stop(1000);
    const uuid = await claimedByOther(b, "box-dead", LEASE_MS);
    const restarted = await startDeliveryHarness(undefined, { dir: b.t.dir, clock, instanceId: "box-b" });
    cleanups.add(() => restarted.close());
    await restarted.passes();
    expect(b.receiver.requests).toHaveLength(0);
    restarted.advance(LEASE_MS + 1);
    const [request] = await b.receiver.waitForCount(1);
    expect(request!.headers["webhook-id"]).toBe(uuid);
  });

  test("a claim taken over after its lease lapsed counts as a crash; at the third, the delivery is failed, not sent", async () => {
    const { all, clock } = await instances(["box-b"]);
    const b = all[0]!;
    const once = await claimedByOther(b, "box-dead", LEASE_MS);
    const thrice = (await b.postEvents({ type: "system.started" })).accepted[0]!;
    // claimed too by the instance that died, as two had before it
    await b.t.database.client.execute({
      sql: "UPDATE deliveries SET claimed_by = 'box-dead', claim_expires_at = ?, crashes = 2 WHERE event_id = (SELECT id FROM events WHERE uuid = ?)",
      args: [clock.now + LEASE_MS, thrice],
    });
    const restarted = await startDeliveryHarness(undefined, { dir: b.t.dir, clock, instanceId: "box-b" });
    cleanups.add(() => restarted.close());
    restarted.advance(LEASE_MS + 1);
    await restarted.waitForEntry(once, (e) => e.status === "succeeded");
    const failed = await restarted.waitForEntry(thrice, (e) => e.status === "failed");
    expect(failed).toMatchObject({ attempts: 0, error: CRASH_LIMIT_ERROR });
    await restarted.passes();
    expect(b.receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([once]);
    const crashes = await b.t.database.client.execute("SELECT e.uuid, d.crashes FROM deliveries d JOIN events e ON e.id = d.event_id");
    expect(Object.fromEntries(crashes.rows.map((r) => [r.uuid, r.crashes]))).toEqual({ [once]: 1, [thrice]: 3 });
    // an admin's resend tries it again, with a fresh count
    expect((await restarted.t.api(`/api/log/${failed.id}/resend`, { method: "POST" })).status).toBe(202);
    await restarted.waitForEntry(thrice, (e) => e.status === "succeeded");
    const after = await b.t.database.client.execute({ sql: "SELECT crashes FROM deliveries WHERE id = ?", args: [failed.id] });
    expect(after.rows[0]!.crashes).toBe(0);
  });

  test("a clean stop gives back every claim, those of requests cut off too: none counts as a crash", async () => {
    const { all, clock } = await instances(["box-a"]);
    const a = all[0]!;
    a.receiver.setResponder(() => new Promise<Response>(() => {}));
    await a.createWebhook();
    const uuids = (await a.postEvents(Array.from({ length: 20 }, () => ({ type: "system.started" })))).accepted;
    await a.receiver.waitForCount(8);
    await a.t.dispatcher.stop(50);
    a.receiver.setResponder(() => new Response("ok"));
    const restarted = await startDeliveryHarness(undefined, { dir: a.t.dir, clock, instanceId: "box-a" });
    cleanups.add(() => restarted.close());
    restarted.advance(LEASE_MS);
    for (const uuid of uuids) await restarted.waitForEntry(uuid, (e) => e.status === "succeeded");
    const crashes = await a.t.database.client.execute("SELECT max(crashes) AS n FROM deliveries");
    expect(crashes.rows[0]!.n).toBe(0);
  });

  test("an instance restarted with the same identity resumes its own claims at once", async () => {
    const { all, clock } = await instances(["box-a"]);
    const a = all[0]!;
    const uuid = await claimedByOther(a, "box-a", LEASE_MS);
    // the webhook still points at the first harness's receiver; the clock does not move
    const restarted = await startDeliveryHarness(undefined, { dir: a.t.dir, clock, instanceId: "box-a" });
    cleanups.add(() => restarted.close());
    const [request] = await a.receiver.waitForCount(1);
    expect(request!.headers["webhook-id"]).toBe(uuid);
    await eventually(async () => (await restarted.log()).items.find((i) => i.event_uuid === uuid && i.status === "succeeded"));
  });

  test("a delivery found due and meanwhile sent by another instance, now retrying later, is not claimed", async () => {
    const { all: [a], clock } = await instances(["box-a"]);
    await a!.t.dispatcher.stop(1000);
    const webhook = await a!.createWebhook();
    await a!.postEvents({ type: "system.started" });
    const store = new DeliveryStore(a!.t.database.workClient);
    const due = (await store.dueDeliveries(new Map([[webhook.id, 8]]), new Set([webhook.id]), clock.now)).get(webhook.id)!;
    expect(due).toHaveLength(1);
    // what the other instance did between this one's read and its claim: sent it, got a 503
    await a!.t.database.client.execute({ sql: "UPDATE deliveries SET status = 'retrying', attempts = 1, next_attempt_at = ?", args: [clock.now + 5000] });
    expect(await store.claim(due, "box-a", clock.now, LEASE_MS)).toEqual([]);
    expect(await store.claim(due, "box-a", clock.now + 5000, LEASE_MS)).toHaveLength(1);
  });
});
