import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { LEASE_MS } from "../../src/delivery/lease.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually, heldAnswer, type Responder } from "../helpers/receiver.ts";

const cleanups = cleanupAfterEach();

/** Answers the first `fast` requests at once, then holds every answer until `release()`. */
function answerThenHang(fast: number, before?: () => void) {
  const held: (() => void)[] = [];
  const respond: Responder = (_request, index) => {
    if (index < fast) {
      before?.();
      return new Response("ok");
    }
    return new Promise((resolve) => held.push(() => resolve(new Response("ok"))));
  };
  return { respond, held, release: () => held.splice(0).forEach((answer) => answer()) };
}

async function start(respond: Responder | undefined, options: Parameters<typeof startDeliveryHarness>[1] = {}) {
  const h = await startDeliveryHarness(respond, options);
  cleanups.add(() => h.close());
  return h;
}

async function countDeliveries(h: DeliveryHarness, where: string): Promise<number> {
  const rs = await h.t.database.client.execute(`SELECT count(*) AS n FROM deliveries WHERE ${where}`);
  return Number(rs.rows[0]!.n);
}

const claimedCount = (h: DeliveryHarness) => countDeliveries(h, "claimed_by IS NOT NULL");

const events = (n: number) => Array.from({ length: n }, () => ({ type: "ticket.logged_in" }));

describe("claiming ahead", () => {
  test("a fast endpoint's deliveries are claimed rounds ahead; stopping gives back those not sent", async () => {
    const receiver = answerThenHang(10);
    const h = await start(receiver.respond);
    cleanups.add(receiver.release);
    await h.createWebhook();
    await h.postEvents(events(100));
    await h.receiver.waitForCount(18); // 10 answered, 8 hanging in the webhook's slots
    await eventually(async () => (await claimedCount(h)) > 8);

    await h.t.dispatcher.stop(50);
    // no claim is left to be taken back as a crash's: the requests cut off are due again
    // when their leases run out, the others at once
    expect(await claimedCount(h)).toBe(0);
    expect(await countDeliveries(h, `status = 'pending' AND next_attempt_at > ${h.clock.now}`)).toBe(8);
    expect(await countDeliveries(h, `status = 'pending' AND next_attempt_at <= ${h.clock.now}`)).toBe(82);
  });

  test("an endpoint known to be slow is claimed only for its free slots", async () => {
    const clock = { now: Date.parse("2026-11-28T12:00:00.000Z") };
    // each of the first answers takes 5 s on the service's clock: 8 rounds of them would not fit in a lease
    const receiver = answerThenHang(3, () => (clock.now += 5_000));
    const h = await start(receiver.respond, { clock });
    cleanups.add(receiver.release);
    await h.createWebhook();
    await h.postEvents(events(3));
    await h.receiver.waitForCount(3);
    await h.passes();
    await h.postEvents(events(30));
    await h.receiver.waitForCount(11);
    await h.passes();
    expect(await claimedCount(h)).toBe(8);
  });

  test("with little room for held claims, every webhook still gets all its deliveries without waiting for the read interval", async () => {
    const h = await start(undefined, { dispatcherLimits: { maxHeld: 10, maxInFlight: 32, maxPerWebhook: 4 } });
    await h.patchSettings({ read_interval_seconds: 3600 });
    for (let i = 1; i <= 8; i++) await h.createWebhook({ name: `w${i}` }, `/w${i}`);
    await h.postEvents(events(12));
    await h.receiver.waitForCount(96, 5_000);
    const perPath = new Map<string, number>();
    for (const r of h.receiver.requests) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
    expect([...perPath.values()]).toEqual(Array(8).fill(12));
  });

  test("with more webhooks than room to hold their claims, a pass claims a round of the slots, not one delivery per send", async () => {
    const h = await start(undefined, { dispatcherLimits: { maxHeld: 16, maxInFlight: 8, maxPerWebhook: 2 } });
    await h.patchSettings({ read_interval_seconds: 3600 });
    for (let i = 1; i <= 20; i++) await h.createWebhook({ name: `w${i}` }, `/w${i}`);
    const before = h.t.dispatcher.passCount;
    await h.postEvents(events(20));
    await h.receiver.waitForCount(400, 10_000);
    // all but the 16 handed over at ingest are claimed by passes: at a pass per send, about 384
    expect(h.t.dispatcher.passCount - before).toBeLessThan(100);
  }, 15_000);

  test("claims held too long are given back, not sent late: each delivery goes out once, but for those in flight", async () => {
    const dir = await cleanups.tempDir();
    const clock = { now: Date.parse("2026-11-28T12:00:00.000Z") };
    let hang = true;
    const held: (() => void)[] = [];
    const respond: Responder = (_request, index) =>
      index < 10 || !hang ? new Response("ok") : new Promise((resolve) => held.push(() => resolve(new Response("ok"))));
    const a = await start(respond, { dir: dir, clock, instanceId: "box-a" });
    cleanups.add(() => held.forEach((answer) => answer()));
    await a.createWebhook();
    const uuids = (await a.postEvents(events(60))).accepted;
    await a.receiver.waitForCount(18);
    await eventually(async () => (await claimedCount(a)) > 8);
    // the 10 answered are recorded: only the 8 hanging are in flight when the lease runs out
    await eventually(async () => (await countDeliveries(a, "status = 'succeeded'")) === 10);

    // box-a's claims run out while its requests hang; box-b takes over all that is not done
    clock.now += LEASE_MS + 1;
    hang = false;
    const b = await start(undefined, { dir: dir, clock, instanceId: "box-b" });
    await a.receiver.waitForCount(68);
    // box-a's hanging requests end: what it still holds is stale and must not go out
    held.forEach((answer) => answer());
    await Promise.all([a.passes(), b.passes()]);
    await eventually(async () => (await countDeliveries(a, "status = 'succeeded' AND claimed_by IS NULL")) === 60);
    const sent = a.receiver.requests.map((r) => r.headers["webhook-id"]!);
    expect(new Set(sent)).toEqual(new Set(uuids));
    // only the 8 requests in flight when the lease ran out went out twice
    expect(sent).toHaveLength(68);
  });

  test("large events: those held and being sent stay within the room for their data, and all go out; one larger than all of it too", async () => {
    let hang = true;
    const held: (() => void)[] = [];
    const respond: Responder = () => (hang ? new Promise((resolve) => held.push(() => resolve(new Response("ok")))) : new Response("ok"));
    const h = await start(respond, { dispatcherLimits: { maxHeldBytes: 50_000 } });
    cleanups.add(() => held.forEach((answer) => answer()));
    await h.patchSettings({ read_interval_seconds: 3600 });
    await h.createWebhook();
    // 20,000 characters of data each: two fit in the room, a third does not
    const large = (n: number, length = 20_000) => Array.from({ length: n }, () => ({ type: "system.started", data: { note: "x".repeat(length - 11) } }));
    const handedOver = await h.postEvents(large(10));
    // before the bound: all 10 claimed, 8 of them sent at once
    await h.receiver.waitForCount(2);
    await h.passes();
    expect([h.receiver.requests.length, await claimedCount(h)]).toEqual([2, 2]);
    // queued while sending is off: claimed from the queue within the room as well
    await h.patchSettings({ enabled: false });
    await h.passes();
    const queued = await h.postEvents(large(10));
    held.splice(0).forEach((answer) => answer());
    await eventually(async () => (await countDeliveries(h, "status = 'succeeded'")) === 2);
    await h.patchSettings({ enabled: true });
    await h.receiver.waitForCount(4);
    await h.passes();
    expect([h.receiver.requests.length, await claimedCount(h)]).toEqual([4, 2]);
    hang = false;
    held.splice(0).forEach((answer) => answer());
    await h.receiver.waitForCount(20);
    await eventually(async () => (await countDeliveries(h, "status = 'succeeded'")) === 20);
    const sent = h.receiver.requests.map((r) => r.headers["webhook-id"]);
    expect(new Set(sent)).toEqual(new Set([...handedOver.accepted, ...queued.accepted]));
    // larger than the room, alone in memory: sent all the same
    const [alone] = (await h.postEvents(large(1, 80_000))).accepted;
    await h.receiver.waitFor((requests) => requests.some((r) => r.headers["webhook-id"] === alone));
  });

  test("large events queued while sending was off, read for a filter a few at a time, are all fanned out at once when it is on", async () => {
    const h = await start(undefined, { dispatcherLimits: { maxHeldBytes: 50_000 } });
    await h.patchSettings({ read_interval_seconds: 3600, enabled: false });
    await h.createWebhook({ filter: [{ field: "event.ticket_id", op: "ne", value: "none" }] });
    await h.passes();
    await h.postEvents(Array.from({ length: 10 }, (_, i) => ({ type: "ticket.logged_in", ticket_id: String(i), data: { note: "x".repeat(19_989) } })));
    await h.patchSettings({ enabled: true });
    await h.receiver.waitForCount(10, 5_000);
  });

  test("events handed over whole need no pass; deliveries left in the queue start one at once", async () => {
    const h = await start(undefined, { dispatcherLimits: { maxHeld: 1 } });
    await h.patchSettings({ read_interval_seconds: 3600 });
    await h.createWebhook();
    await h.passes();
    const before = h.t.dispatcher.passCount;
    await h.postEvents(events(1));
    await h.receiver.waitForCount(1);
    await eventually(async () => (await countDeliveries(h, "status = 'succeeded'")) === 1);
    expect(h.t.dispatcher.passCount).toBe(before);
    // room to hold one: the other two are left to a pass, which must not wait for the read interval
    await h.postEvents(events(3));
    await h.receiver.waitForCount(4, 5_000);
    expect(h.t.dispatcher.passCount).toBeGreaterThan(before);
  });

  test("deleting a webhook gives back what is held for it at once: nothing more is sent to it", async () => {
    const { respond, held, release } = answerThenHang(0);
    const h = await start(respond, { dispatcherLimits: { maxPerWebhook: 1 } });
    const webhook = await h.createWebhook();
    await h.postEvents(Array.from({ length: 5 }, () => ({ type: "system.started" })));
    await h.receiver.waitForCount(1);
    expect((await h.t.api(`/api/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(204);
    await h.passes();
    release();
    await eventually(async () => held.length === 0 && (await h.log("?status=failed")).items.length === 5);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
  });

  test("on a running clock, a retry falling due while its webhook's one slot is busy goes out once the slot frees", async () => {
    const clock = {
      get now() {
        return Date.now();
      },
      set now(_: number) {},
    };
    // answers held until let go: the first (a 503 asking for a retry in 1 s) until the second event is queued,
    // the second until the first's retry has fallen due
    const answers = [heldAnswer(() => new Response(null, { status: 503, headers: { "Retry-After": "1" } })), heldAnswer(() => new Response("ok"))];
    const h = await start((_, i) => answers[i]?.answer ?? new Response("ok"), { clock, dispatcherLimits: { maxPerWebhook: 1 } });
    await h.patchSettings({ request_timeout_seconds: 25, read_interval_seconds: 3600 });
    await h.createWebhook();
    const a = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.receiver.waitForCount(1);
    await h.postEvents({ type: "system.started" });
    answers[0]!.release();
    await h.receiver.waitForCount(2);
    await eventually(async () => (await countDeliveries(h, `status = 'retrying' AND next_attempt_at <= ${Date.now()}`)) === 1);
    answers[1]!.release();
    const requests = await h.receiver.waitForCount(3, 15_000);
    expect(requests[2]!.headers["webhook-id"]).toBe(a);
  });
});
