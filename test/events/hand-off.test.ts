import { afterEach, describe, expect, test } from "bun:test";
import { EventStore } from "../../src/events/event-store.ts";
import type { WebhookEvent } from "../../src/events/event.ts";
import { DeliveryStore } from "../../src/delivery/delivery-store.ts";
import { startDeliveryHarness } from "../helpers/delivery-harness.ts";
import { taker as takeHandOff } from "../helpers/hand-off-taker.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

const NOW = Date.parse("2026-11-28T12:00:00.000Z");

/** An event of its own ticket (named after its uuid) unless `ticketId` says. */
function event(uuid: string, type = "ticket.logged_in", ticketId = uuid.slice(0, 8)): WebhookEvent {
  return { uuid, type, ticketId, createdAt: new Date(NOW).toISOString(), data: { room: "12" } };
}

/** Claims `room` deliveries per webhook, and keeps what it is handed. */
const taker = (room: number) => takeHandOff(room, NOW + 30_000);

async function webhook(t: TestApp, name: string, events: string[]): Promise<number> {
  const res = await t.api("/api/webhooks", { body: { name, url: `http://127.0.0.1:9/${name}`, events } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

/** Each delivery's event uuid, event type and webhook, in the order created. */
async function deliveryRows(t: TestApp) {
  const rs = await t.database.client.execute("SELECT e.uuid, d.event_type, d.webhook_id FROM deliveries d JOIN events e ON e.id = d.event_id ORDER BY d.id");
  return rs.rows.map((r) => [r.uuid, r.event_type, Number(r.webhook_id)]);
}

async function webhooks(t: TestApp, n: number) {
  for (let i = 1; i <= n; i++) {
    const res = await t.api("/api/webhooks", { body: { name: `w${i}`, url: `http://127.0.0.1:9/w${i}`, events: ["ticket.*"] } });
    expect(res.status).toBe(201);
  }
  return [...(await t.webhooks.list())];
}

describe("handing new deliveries to the dispatcher", () => {
  test("deliveries created claimed in the storing transaction reach the dispatcher with their events; the rest wait unclaimed", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await webhooks(t, 2);
    const { handOff, taken } = taker(3);
    const store = new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff }));
    const events = ["a", "b", "c", "d", "e"].map((s) => event(`0000000${s}-0000-4000-8000-000000000000`));
    await store.append([...events, event(events[0]!.uuid, "ticket.revoked")]);

    expect(taken).toHaveLength(6);
    for (const hook of hooks) {
      expect(taken.filter((d) => d.webhookId === hook.id).map((d) => d.event)).toEqual(events.slice(0, 3));
    }
    const rows = await t.database.client.execute("SELECT id, webhook_id, event_id, claimed_by, claim_expires_at FROM deliveries ORDER BY id");
    expect(rows.rows).toHaveLength(10);
    const claimed = rows.rows.filter((r) => r.claimed_by === "box-a");
    expect(claimed.map((r) => Number(r.id)).sort()).toEqual(taken.map((d) => d.id).sort());
    expect(claimed.every((r) => Number(r.claim_expires_at) === NOW + 30_000)).toBe(true);
    expect(rows.rows.filter((r) => r.claimed_by === null)).toHaveLength(4);
  });

  test("order per ticket: a delivery is not handed over while an earlier one of its ticket is unfinished, nor the second of a ticket in one batch", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    await webhook(t, "ordered", ["ticket.*", "system.*"]);
    const unordered = await t.api("/api/webhooks", { body: { name: "unordered", url: "http://127.0.0.1:9/u", events: ["*"], ordering: "none" } });
    expect(unordered.status).toBe(201);
    const hooks = [...(await t.webhooks.list())];
    const [ordered, none] = hooks.map((h) => h.id) as [number, number];
    const { handOff, taken } = taker(10);
    const store = new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff }));
    const uuid = (n: number) => `0000000${n}-0000-4000-8000-000000000000`;
    await store.append([event(uuid(1), "ticket.logged_in", "T1")]);
    await store.append([
      event(uuid(2), "ticket.logged_out", "T1"),
      event(uuid(3), "ticket.logged_in", "T2"),
      event(uuid(4), "ticket.logged_out", "T2"),
      event(uuid(5), "system.started", ""),
      event(uuid(6), "system.started", ""),
    ]);
    const handed = (webhookId: number) => taken.filter((d) => d.webhookId === webhookId).map((d) => d.event.uuid);
    expect(handed(ordered)).toEqual([uuid(1), uuid(3), uuid(5), uuid(6)]);
    expect(handed(none)).toEqual([1, 2, 3, 4, 5, 6].map(uuid));
    const waiting = await t.database.client.execute({ sql: "SELECT e.uuid FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.claimed_by IS NULL ORDER BY d.id", args: [] });
    expect(waiting.rows.map((r) => r.uuid)).toEqual([uuid(2), uuid(4)]);
  });

  test("a webhook deleted or switched off after the list was read gets nothing; the events are stored all the same", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const [kept, deleted, disabled] = await webhooks(t, 3);
    expect((await t.api(`/api/webhooks/${deleted!.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await t.api(`/api/webhooks/${disabled!.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    const { handOff, taken } = taker(10);
    const store = new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: [kept!, deleted!, disabled!], handOff }));
    // six pairs in lists of 4, 1 and 1: the first makes two deliveries of its four
    const [first, second] = [event("0000000e-0000-4000-8000-000000000000"), event("0000000f-0000-4000-8000-000000000000")];
    expect(await store.append([first!, second!])).toEqual(["stored", "stored"]);
    expect(taken.map((d) => [d.event.uuid, d.webhookId])).toEqual([first!, second!].map((e) => [e.uuid, kept!.id]));
    const rs = await t.database.client.execute("SELECT id, webhook_id FROM deliveries ORDER BY id");
    expect(rs.rows.map((r) => Number(r.webhook_id))).toEqual([kept!.id, kept!.id]);
    expect(taken.map((d) => d.id)).toEqual(rs.rows.map((r) => Number(r.id)));
  });

  test("an event handed over weighs its stored data's UTF-8 bytes, as the database counts them when it is read back", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await webhooks(t, 1);
    const { handOff, taken } = taker(10);
    const store = new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff }));
    const texts = ["Smith", "Müller", "Zimmer 12 – 3 €", "山田太郎", "🏨 room 7", "\ud800 lone half", "\u0000\n\"quoted\""];
    await store.append(texts.map((name, i) => ({ ...event(`0000000${i}-0000-4000-8000-000000000000`), data: { name } })));

    const stored = await t.database.client.execute("SELECT e.uuid, octet_length(e.data) AS bytes FROM events e ORDER BY e.id");
    expect(taken.map((d) => [d.event.uuid, d.size])).toEqual(stored.rows.map((r) => [String(r.uuid), Number(r.bytes)]));
    expect(new Set(taken.map((d) => d.size)).size).toBe(texts.length);
  });

  test("a repeated uuid hands nothing over a second time", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await webhooks(t, 1);
    const first = taker(10);
    const uuid = "0000000a-0000-4000-8000-000000000000";
    await new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff: first.handOff })).append([event(uuid)]);
    const second = taker(10);
    const results = await new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff: second.handOff })).append([
      event(uuid),
    ]);
    expect(results).toEqual(["duplicate"]);
    expect(first.taken).toHaveLength(1);
    expect(second.taken).toHaveLength(0);
  });

  test("a repeated uuid of an event queued earlier, not yet fanned out, leaves it to the dispatcher's fan-out by its own type", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const onRevoked = await webhook(t, "on revoked", ["ticket.revoked"]);
    const onLogin = await webhook(t, "on login", ["ticket.logged_in"]);
    const hooks = [...(await t.webhooks.list())];
    const uuid = "0000000b-0000-4000-8000-000000000000";
    // as the `emit` command queues it: stored, the fan-out left to the dispatcher
    await new EventStore(t.database.client, () => new Date(NOW - 1000)).append([event(uuid, "ticket.revoked")]);
    const { handOff, taken } = taker(10);
    const store = new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff }));
    const fresh = "0000000c-0000-4000-8000-000000000000";
    expect(await store.append([event(uuid), event(fresh), event(fresh, "ticket.revoked")])).toEqual(["duplicate", "stored", "duplicate"]);
    // the repeat's type (and the second `fresh`'s) chose no webhook
    expect(taken.map((d) => [d.event.uuid, d.webhookId])).toEqual([[fresh, onLogin]]);
    expect(await deliveryRows(t)).toEqual([[fresh, "ticket.logged_in", onLogin]]);

    expect(await new DeliveryStore(t.database.client).fanOut(hooks, NOW, 10, Infinity)).toBe(1);
    expect(await deliveryRows(t)).toEqual([
      [fresh, "ticket.logged_in", onLogin],
      [uuid, "ticket.revoked", onRevoked],
    ]);
    const unfanned = await t.database.client.execute("SELECT count(*) AS n FROM events WHERE fanned_out_at IS NULL OR fanned_out_at < 0");
    expect(Number(unfanned.rows[0]!.n)).toBe(0);
  });

  test("known uuids amid new ones in one list: each new event keeps its own key, deliveries and hand-off", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await webhooks(t, 1);
    const uuid = (n: number) => `0000001${n}-0000-4000-8000-000000000000`;
    const store = (handOff?: ReturnType<typeof taker>["handOff"]) =>
      new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff: handOff ?? null }));
    await store().append([event(uuid(2)), event(uuid(5))]);
    const { handOff, taken } = taker(20);
    // six new events and two known ones in lists of 4 and 4: a skipped row may use up a key
    const batch = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => event(uuid(n), n % 2 === 0 ? "ticket.logged_out" : "ticket.logged_in"));
    expect(await store(handOff).append(batch)).toEqual(["stored", "duplicate", "stored", "stored", "duplicate", "stored", "stored", "stored"]);
    const fresh = [1, 3, 4, 6, 7, 8].map(uuid);
    expect(taken.map((d) => d.event.uuid)).toEqual(fresh);
    const keys = await t.database.client.execute("SELECT id, uuid, type FROM events ORDER BY id");
    const keyOf = new Map(keys.rows.map((r) => [String(r.uuid), Number(r.id)]));
    expect(taken.map((d) => d.eventId)).toEqual(fresh.map((u) => keyOf.get(u)!));
    const typeOf = (u: string) => (fresh.includes(u) ? batch.find((e) => e.uuid === u)!.type : "ticket.logged_in");
    expect(await deliveryRows(t)).toEqual([uuid(2), uuid(5), ...fresh].map((u) => [u, typeOf(u), hooks[0]!.id]));
  });

  test("through the dispatcher: the earlier event goes to the webhooks of its own type, with its own data", async () => {
    const h = await startDeliveryHarness();
    t = h.t;
    try {
      const onRevoked = await h.createWebhook({ events: ["ticket.revoked"] }, "/revoked");
      const onLogin = await h.createWebhook({ events: ["ticket.logged_in"] }, "/login");
      const uuid = "0000000d-0000-4000-8000-000000000000";
      await new EventStore(t.database.client, () => new Date(h.clock.now - 1000)).append([event(uuid, "ticket.revoked")]);
      expect(await h.postEvents({ uuid, type: "ticket.logged_in", ticket_id: "4711", data: { room: "99" } })).toMatchObject({ duplicates: [uuid] });
      t.dispatcher.wake(true);
      const entry = await h.waitForEntry(uuid, (e) => e.status === "succeeded");
      expect([entry.webhook_id, entry.event_type]).toEqual([onRevoked.id, "ticket.revoked"]);
      const sent = h.receiver.requests.filter((r) => r.headers["webhook-id"] === uuid);
      expect(sent.map((r) => r.path)).toEqual(["/revoked"]);
      expect(JSON.parse(sent[0]!.body)).toMatchObject({ type: "ticket.revoked", data: { room: "12" } });
      expect((await h.log(`?webhook_id=${onLogin.id}`)).items).toEqual([]);
    } finally {
      h.receiver.stop();
    }
  });
});
