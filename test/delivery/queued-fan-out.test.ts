import { afterEach, describe, expect, test } from "bun:test";
import { DeliveryStore } from "../../src/delivery/delivery-store.ts";
import { EventStore } from "../../src/events/event-store.ts";
import type { WebhookEvent } from "../../src/events/event.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

const NOW = Date.parse("2026-11-28T12:00:00.000Z");

/** An event whose stored data is `{"note":"xx…"}`, `size` characters long in all. */
function event(i: number, size: number): WebhookEvent {
  return { uuid: `0000000${i}-0000-4000-8000-000000000000`, type: "ticket.logged_in", ticketId: String(i), createdAt: new Date(NOW).toISOString(), data: { note: "x".repeat(size - 11) } };
}

/** A webhook for ticket events, with `filter` when given; the webhooks as the dispatcher reads them. */
async function webhook(filter?: unknown[]) {
  const res = await t.api("/api/webhooks", { body: { name: "front desk", url: "http://127.0.0.1:9/hook", events: ["ticket.*"], ...(filter && { filter }) } });
  expect(res.status).toBe(201);
  return [...(await t.webhooks.list())];
}

async function deliveries(): Promise<number> {
  const rs = await t.database.client.execute("SELECT count(*) AS n FROM deliveries");
  return Number(rs.rows[0]!.n);
}

/** Events as another process queues them (the `emit` command, or while sending was off): stored, not fanned out. */
async function queue(events: WebhookEvent[]) {
  await new EventStore(t.database.client, () => new Date(NOW)).append(events);
}

describe("fanning out queued events", () => {
  test("with a filter to read them for, large events are taken as many as their data fits, the first whatever its size", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await webhook([{ field: "event.ticket_id", op: "ne", value: "none" }]);
    await queue([1, 2, 3, 4, 5].map((i) => event(i, 10_000)));
    const store = new DeliveryStore(t.database.client);
    const taken: number[] = [];
    for (let n = await store.fanOut(hooks, NOW, 500, 25_000); n > 0; n = await store.fanOut(hooks, NOW, 500, 25_000)) taken.push(n);
    expect(taken).toEqual([2, 2, 1]);
    expect(await deliveries()).toBe(5);
    // one larger than the room alone
    await queue([event(6, 40_000)]);
    expect(await store.fanOut(hooks, NOW, 500, 25_000)).toBe(1);
  });

  test("without a filter their data is not read: a batch is taken whole", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await webhook();
    await queue([1, 2, 3, 4, 5].map((i) => event(i, 10_000)));
    expect(await new DeliveryStore(t.database.client).fanOut(hooks, NOW, 500, 25_000)).toBe(5);
    expect(await deliveries()).toBe(5);
  });

  test("data another process stored unreadable counts as empty for the filters: the fan-out goes on", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await webhook([{ field: "client_ip", op: "eq", value: "10.0.0.7" }]);
    await queue([1, 2].map((i) => ({ ...event(i, 100), data: { client_ip: "10.0.0.7" } })));
    await t.database.client.execute("UPDATE events SET data = '{not json' WHERE uuid LIKE '00000001%'");
    expect(await new DeliveryStore(t.database.client).fanOut(hooks, NOW, 500, Infinity)).toBe(2);
    const rs = await t.database.client.execute("SELECT e.uuid, e.filtered_out IS NOT NULL AS turned_away FROM events e ORDER BY e.id");
    expect(rs.rows.map((r) => [String(r.uuid).slice(0, 8), Number(r.turned_away)])).toEqual([
      ["00000001", 1],
      ["00000002", 0],
    ]);
    expect(await deliveries()).toBe(1);
  });
});
