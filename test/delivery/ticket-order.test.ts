import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import type { ReceivedRequest } from "../helpers/receiver.ts";

const cleanups = cleanupAfterEach();

/**
 * A harness whose receiver answers `failing`'s status to the events named there, as many
 * times as given (a first attempt: once), and 200 otherwise.
 */
async function harness(options: Parameters<typeof startDeliveryHarness>[1] = {}) {
  const failing = new Map<string, { status: number; times: number }>();
  const h = await startDeliveryHarness((r) => {
    const failure = failing.get(eventOf(r));
    if (!failure || failure.times-- <= 0) return new Response("ok");
    return new Response("not now", { status: failure.status });
  }, options);
  cleanups.add(() => h.close());
  return { h, failing };
}

const eventOf = (r: ReceivedRequest) => r.headers["webhook-id"]!;

/** The events the receiver got, in the order they arrived, of `uuids` only. */
function arrivals(h: DeliveryHarness, uuids: string[]): string[] {
  return h.receiver.requests.map(eventOf).filter((uuid) => uuids.includes(uuid));
}

/** A login and a logout of one ticket. */
function visit(ticket: string) {
  const login = crypto.randomUUID();
  const logout = crypto.randomUUID();
  return {
    login,
    logout,
    events: [
      { uuid: login, type: "ticket.logged_in", ticket_id: ticket },
      { uuid: logout, type: "ticket.logged_out", ticket_id: ticket },
    ],
  };
}

describe("order per ticket", () => {
  test("a ticket's events arrive in order though the first attempt of its first fails; other tickets and events without one are not held up", async () => {
    const { h, failing } = await harness();
    await h.createWebhook();
    const first = visit("T1");
    const second = visit("T2");
    failing.set(first.login, { status: 503, times: 1 });
    await h.postEvents(first.events[0]);
    await h.postEvents(first.events[1]);
    const system = (await h.postEvents([...second.events, { type: "system.started" }])).accepted.at(-1)!;

    // the other ticket's two events (the second waited for the first), and the system event, go on
    await h.receiver.waitFor((r) => r.some((x) => eventOf(x) === second.logout) && r.some((x) => eventOf(x) === system));
    expect(arrivals(h, [second.login, second.logout])).toEqual([second.login, second.logout]);
    const login = await h.waitForEntry(first.login, (e) => e.status === "retrying");
    await h.passes();
    expect(arrivals(h, [first.login, first.logout])).toEqual([first.login]);
    expect(await h.waitForEntry(first.logout, (e) => e.status === "pending")).toMatchObject({ held_back_by: login.id, attempts: 0 });

    h.advance(5000);
    await h.receiver.waitFor((r) => r.some((x) => eventOf(x) === first.logout));
    expect(arrivals(h, [first.login, first.logout])).toEqual([first.login, first.login, first.logout]);
    const logout = await h.waitForEntry(first.logout, (e) => e.status === "succeeded");
    expect(logout.held_back_by).toBe(login.id);
    expect((await h.logEntry(logout.id)).held_back_by).toBe(login.id);
    expect((await h.waitForEntry(second.logout, (e) => e.status === "succeeded")).held_back_by).toBe(
      (await h.waitForEntry(second.login, (e) => e.status === "succeeded")).id,
    );
  });

  test("ordering none: a ticket's later event goes out while its earlier one waits for its retry, as before", async () => {
    const { h, failing } = await harness();
    const webhook = await h.createWebhook({ ordering: "none" });
    expect(webhook.ordering).toBe("none");
    const first = visit("T1");
    failing.set(first.login, { status: 503, times: 1 });
    await h.postEvents(first.events[0]);
    await h.postEvents(first.events[1]);
    await h.receiver.waitFor((r) => r.some((x) => eventOf(x) === first.logout));
    expect((await h.waitForEntry(first.logout, (e) => e.status === "succeeded")).held_back_by).toBeNull();
    h.advance(5000);
    await h.waitForEntry(first.login, (e) => e.status === "succeeded");
    expect(arrivals(h, [first.login, first.logout])).toEqual([first.login, first.logout, first.login]);
  });

  test("when the earlier delivery finally fails, the later ones go on, and the log says which they waited for", async () => {
    const { h, failing } = await harness();
    await h.patchSettings({ max_attempts: 2 });
    await h.createWebhook();
    const first = visit("T1");
    const revoked = crypto.randomUUID();
    failing.set(first.login, { status: 503, times: 2 });
    await h.postEvents([...first.events, { uuid: revoked, type: "ticket.revoked", ticket_id: "T1" }]);
    const login = await h.waitForEntry(first.login, (e) => e.status === "retrying");
    const logout = await h.waitForEntry(first.logout, (e) => e.held_back_by === login.id);
    // each waits for the one just before it
    expect((await h.waitForEntry(revoked, (e) => e.status === "pending")).held_back_by).toBe(logout.id);

    h.advance(5000);
    await h.waitForEntry(first.login, (e) => e.status === "failed");
    await h.waitForEntry(revoked, (e) => e.status === "succeeded");
    expect(arrivals(h, [first.login, first.logout, revoked])).toEqual([first.login, first.login, first.logout, revoked]);
    expect((await h.waitForEntry(first.logout, (e) => e.status === "succeeded")).held_back_by).toBe(login.id);
    expect((await h.waitForEntry(revoked, (e) => e.status === "succeeded")).held_back_by).toBe(logout.id);
  });

  test("across a restart: a new dispatcher on the same database keeps the later event back until the earlier one is done", async () => {
    const dir = await cleanups.tempDir();
    const clock = { now: Date.parse("2026-11-28T12:00:00.000Z") };
    const { h: before, failing } = await harness({ dir, clock, instanceId: "box-a" });
    await before.createWebhook();
    const first = visit("T1");
    failing.set(first.login, { status: 503, times: 1 });
    await before.postEvents(first.events);
    await before.waitForEntry(first.login, (e) => e.status === "retrying");
    await before.t.dispatcher.stop(1000);

    // the webhook still points at the first harness's receiver
    const after = await startDeliveryHarness(undefined, { dir, clock, instanceId: "box-a" });
    cleanups.add(() => after.close());
    await after.passes();
    expect(arrivals(before, [first.login, first.logout])).toEqual([first.login]);
    after.advance(5000);
    await before.receiver.waitFor((r) => r.some((x) => eventOf(x) === first.logout));
    expect(arrivals(before, [first.login, first.logout])).toEqual([first.login, first.login, first.logout]);
  });

  test("several instances on one database: a later event accepted by another instance waits for the earlier one", async () => {
    const dir = await cleanups.tempDir();
    const clock = { now: Date.parse("2026-11-28T12:00:00.000Z") };
    const { h: a, failing } = await harness({ dir, clock, instanceId: "box-a" });
    const b = await startDeliveryHarness(undefined, { dir, clock, instanceId: "box-b" });
    cleanups.add(() => b.close());
    await a.createWebhook();
    const first = visit("T1");
    failing.set(first.login, { status: 503, times: 1 });
    await a.postEvents(first.events[0]);
    await a.waitForEntry(first.login, (e) => e.status === "retrying");
    await b.postEvents(first.events[1]);
    await Promise.all([a.passes(), b.passes()]);
    expect(arrivals(a, [first.login, first.logout])).toEqual([first.login]);
    a.advance(5000);
    await a.receiver.waitFor((r) => r.some((x) => eventOf(x) === first.logout));
    expect(arrivals(a, [first.login, first.logout])).toEqual([first.login, first.login, first.logout]);
  });

  test("a resend goes out at once, not held back by a later delivery of its ticket that is retrying", async () => {
    const { h, failing } = await harness();
    await h.createWebhook();
    const first = visit("T1");
    failing.set(first.login, { status: 400, times: 1 });
    failing.set(first.logout, { status: 503, times: 1 });
    await h.postEvents(first.events);
    const login = await h.waitForEntry(first.login, (e) => e.status === "failed");
    await h.waitForEntry(first.logout, (e) => e.status === "retrying");

    expect((await h.t.api(`/api/log/${login.id}/resend`, { method: "POST" })).status).toBe(202);
    await h.waitForEntry(first.login, (e) => e.status === "succeeded");
    expect(arrivals(h, [first.login, first.logout])).toEqual([first.login, first.logout, first.login]);
    h.advance(5000);
    await h.waitForEntry(first.logout, (e) => e.status === "succeeded");
    expect(arrivals(h, [first.login, first.logout])).toEqual([first.login, first.logout, first.login, first.logout]);
  });

  test("a webhook switched off keeps its deliveries in order: switched on, they go out in order", async () => {
    const { h, failing } = await harness();
    const webhook = await h.createWebhook();
    const switchTo = async (enabled: boolean) =>
      expect((await h.t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { enabled } })).status).toBe(200);
    const first = visit("T1");
    failing.set(first.login, { status: 503, times: 1 });
    await h.postEvents(first.events);
    await h.waitForEntry(first.login, (e) => e.status === "retrying");
    await switchTo(false);
    h.advance(5000);
    await h.passes();
    expect(arrivals(h, [first.login, first.logout])).toEqual([first.login]);
    await switchTo(true);
    await h.waitForEntry(first.logout, (e) => e.status === "succeeded");
    expect(arrivals(h, [first.login, first.logout])).toEqual([first.login, first.login, first.logout]);
  });
});
