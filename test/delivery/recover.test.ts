import { afterEach, describe, expect, test } from "bun:test";
import { Recoveries } from "../../src/delivery/recoveries.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually } from "../helpers/receiver.ts";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { expectErrorShape, jsonOf } from "../helpers/test-app.ts";

let h: DeliveryHarness;
afterEach(() => h?.close());
const cleanups = cleanupAfterEach();

interface ApiRecovery {
  id: number;
  matched: number;
  requeued: number;
  since: string;
  until: string;
  finished_at: string | null;
}

/** A receiver that is down (500) until `up` is set: the outage recovered from. */
function outage() {
  const state = { up: false };
  return { state, respond: () => new Response(state.up ? "ok" : "down", { status: state.up ? 200 : 500 }) };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("POST /api/webhooks/:id/recover", () => {
  test("sends again each delivery that finally failed in the range, once, a ticket's in order; answers how many", async () => {
    const { state, respond } = outage();
    h = await startDeliveryHarness(respond);
    await h.patchSettings({ max_attempts: 1 });
    const webhook = await h.createWebhook({ body: '{"t":"{{event.ticket_id}}","type":"{{event.type}}"}' });
    const start = h.clock.now;
    const [loggedIn, loggedOut, other] = (
      await h.postEvents([
        { type: "ticket.logged_in", ticket_id: "T-1" },
        { type: "ticket.logged_out", ticket_id: "T-1" },
        { type: "ticket.logged_in", ticket_id: "T-2" },
      ])
    ).accepted;
    for (const uuid of [loggedIn!, loggedOut!, other!]) await h.waitForEntry(uuid, (e) => e.status === "failed");
    h.advance(3_600_000);
    const [later] = (await h.postEvents({ type: "ticket.revoked", ticket_id: "T-3" })).accepted;
    await h.waitForEntry(later!, (e) => e.status === "failed");
    const failedRequests = h.receiver.requests.length;

    state.up = true;
    const res = await h.t.api(`/api/webhooks/${webhook.id}/recover`, { body: { since: iso(start), until: iso(start + 1_800_000) } });
    expect(res.status, await res.clone().text()).toBe(202);
    const recovery = await jsonOf<ApiRecovery>(res);
    expect(recovery).toMatchObject({ matched: 3, requeued: 0, since: iso(start), until: iso(start + 1_800_000), finished_at: null });

    h.t.recoveryRunner.start();
    const resent = (await h.receiver.waitForCount(failedRequests + 3)).slice(failedRequests);
    const bodies = resent.map((r) => JSON.parse(r.body) as { t: string; type: string });
    expect(bodies.filter((b) => b.t === "T-1").map((b) => b.type)).toEqual(["ticket.logged_in", "ticket.logged_out"]);
    expect(bodies.map((b) => b.t).sort()).toEqual(["T-1", "T-1", "T-2"]);
    for (const uuid of [loggedIn!, loggedOut!, other!]) await h.waitForEntry(uuid, (e) => e.status === "succeeded" && e.attempts === 2);
    expect((await h.log(`?event_uuid=${later}`)).items[0]!.status).toBe("failed");

    const done = await eventually(async () => {
      const r = await jsonOf<ApiRecovery>(h.t.api(`/api/recoveries/${recovery.id}`));
      return r.finished_at !== null && r;
    });
    expect(done.requeued).toBe(3);
    // asked again: nothing left failed in the range
    expect(await jsonOf<ApiRecovery>(h.t.api(`/api/webhooks/${webhook.id}/recover`, { body: { since: iso(start), until: iso(start + 1_800_000) } }))).toMatchObject({ matched: 0 });
    expect(h.receiver.requests.length).toBe(failedRequests + 3);
  });

  test("bad ranges are a 422 naming the field; an unknown webhook or recovery a 404; a switched-off webhook a 409", async () => {
    h = await startDeliveryHarness();
    const webhook = await h.createWebhook();
    const now = h.clock.now;
    const recover = (body: unknown, id = webhook.id) => h.t.api(`/api/webhooks/${id}/recover`, { body });
    expect((await expectErrorShape(await recover({ since: iso(now - 60_000), until: iso(now - 120_000) }), 422, "validation_failed")).issues).toEqual([
      { path: "until", message: "must be after since" },
    ]);
    expect((await expectErrorShape(await recover({ since: iso(now + 60_000) }), 422, "validation_failed")).issues[0]!.path).toBe("since");
    expect((await expectErrorShape(await recover({ since: "yesterday" }), 422, "validation_failed")).issues[0]!.path).toBe("since");
    expect((await expectErrorShape(await recover({}), 422, "validation_failed")).issues[0]!.path).toBe("since");
    await expectErrorShape(await recover({ since: iso(now - 60_000) }, 9999), 404, "not_found");
    await expectErrorShape(await h.t.api("/api/recoveries/9999"), 404, "not_found");
    await h.t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { enabled: false } });
    const off = await expectErrorShape(await recover({ since: iso(now - 60_000) }), 409, "conflict");
    expect(off.message).toContain("switch it on");
  });

  test("works in batches and, after a restart, goes on by itself where it stopped, queuing each delivery once", async () => {
    const { state, respond } = outage();
    const dir = await cleanups.tempDir();
    const clock = { now: Date.parse("2026-11-28T12:00:00.000Z") };
    const before = await startDeliveryHarness(respond, { dir, clock });
    await before.patchSettings({ max_attempts: 1 });
    const webhook = await before.createWebhook();
    const start = clock.now;
    const events = Array.from({ length: 450 }, (_, i) => ({ type: "ticket.logged_in", ticket_id: `R-${i % 50}` }));
    await before.postEvents(events);
    await eventually(async () => (await before.log("?status=failed&limit=500")).items.length === 450, 20_000);
    const { id } = await jsonOf<ApiRecovery>(before.t.api(`/api/webhooks/${webhook.id}/recover`, { body: { since: iso(start - 1), until: iso(start + 60_000) } }));
    const failedRequests = before.receiver.requests.length;

    // two batches of 100, then the process ends; sending stays off until every batch is counted
    await before.patchSettings({ enabled: false });
    const first = new Recoveries(before.t.database.client, 100);
    expect(await first.step(start)).toEqual({ queued: 100 });
    expect(await first.step(start)).toEqual({ queued: 100 });
    await before.t.close();

    state.up = true;
    h = await startDeliveryHarness(respond, { dir, clock });
    // the service's runner takes the unfinished recovery up by itself
    h.t.recoveryRunner.start();
    const finished = await eventually(async () => {
      const r = await jsonOf<ApiRecovery>(h.t.api(`/api/recoveries/${id}`));
      return r.finished_at !== null && r;
    });
    expect(finished).toMatchObject({ matched: 450, requeued: 450 });
    const queued = await h.t.database.client.execute("SELECT count(*) AS n, count(DISTINCT event_id) AS events FROM deliveries WHERE status = 'pending' AND retry_base = 1");
    expect(queued.rows[0]).toMatchObject({ n: 450, events: 450 });

    // sent once each, from the receiver's side too
    await h.patchSettings({ enabled: true });
    h.t.dispatcher.wake(true);
    const resent = (await before.receiver.waitForCount(failedRequests + 450, 20_000)).slice(failedRequests);
    expect(new Set(resent.map((r) => r.headers["webhook-id"] ?? r.body)).size).toBe(450);
    await eventually(async () => (await h.log("?status=succeeded&limit=500")).items.length === 450, 20_000);
    before.receiver.stop();
  }, 30_000);
});
