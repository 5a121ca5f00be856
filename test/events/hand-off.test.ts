import { afterEach, describe, expect, test } from "bun:test";
import type { DeliveryHandOff, HandedOffDelivery } from "../../src/delivery/fan-out.ts";
import { EventStore } from "../../src/events/event-store.ts";
import type { WebhookEvent } from "../../src/events/event.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

const NOW = Date.parse("2026-11-28T12:00:00.000Z");

function event(uuid: string, type = "ticket.logged_in"): WebhookEvent {
  return { uuid, type, ticketId: "4711", createdAt: new Date(NOW).toISOString(), data: { room: "12" } };
}

/** A dispatcher's side of the hand-off that wants `room` deliveries per webhook and keeps what it is given. */
function taker(room: number) {
  const taken: HandedOffDelivery[] = [];
  const left = new Map<number, number>();
  const handOff: DeliveryHandOff = {
    owner: "box-a",
    claimExpiresAt: NOW + 30_000,
    wants(webhookId) {
      const n = left.get(webhookId) ?? room;
      left.set(webhookId, n - 1);
      return n > 0;
    },
    take: (deliveries) => taken.push(...deliveries),
  };
  return { handOff, taken };
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

  test("a repeated uuid of an event queued earlier and not yet fanned out: its deliveries are created, none handed over without its data", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await webhooks(t, 1);
    const uuid = "0000000b-0000-4000-8000-000000000000";
    // as the `emit` command queues it: stored, the fan-out left to the dispatcher
    await new EventStore(t.database.client, () => new Date(NOW - 1000)).append([event(uuid, "ticket.revoked")]);
    const { handOff, taken } = taker(10);
    const store = new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff }));
    expect(await store.append([event(uuid), event("0000000c-0000-4000-8000-000000000000")])).toEqual(["duplicate", "stored"]);
    expect(taken.map((d) => d.event.uuid)).toEqual(["0000000c-0000-4000-8000-000000000000"]);
    const rs = await t.database.client.execute("SELECT e.uuid, e.type FROM deliveries d JOIN events e ON e.id = d.event_id ORDER BY d.id");
    expect(rs.rows.map((r) => [r.uuid, r.type])).toEqual([
      [uuid, "ticket.revoked"],
      ["0000000c-0000-4000-8000-000000000000", "ticket.logged_in"],
    ]);
  });
});
