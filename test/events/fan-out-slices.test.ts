import { afterEach, describe, expect, test } from "bun:test";
import type { InStatement, InValue } from "@libsql/client";
import { DeliveryStore } from "../../src/delivery/delivery-store.ts";
import { EventStore } from "../../src/events/event-store.ts";
import type { WebhookEvent } from "../../src/events/event.ts";
import { NOTES_PER_STATEMENT, PAIRS_PER_STATEMENT } from "../../src/events/fan-out.ts";
import { LIST_SIZES } from "../../src/db/values-lists.ts";
import type { Webhook } from "../../src/webhooks/model.ts";
import { capturing } from "../helpers/capturing-client.ts";
import { taker as takeHandOff } from "../helpers/hand-off-taker.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

const NOW = Date.parse("2026-11-28T12:00:00.000Z");
const EVENTS = 1_200;

/** `count` events, every third of a ticket seen before, so order per ticket matters across slices. */
function events(count: number): WebhookEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    uuid: crypto.randomUUID(),
    type: "ticket.logged_in",
    ticketId: `T${i % 3 === 2 ? i - 1 : i}`,
    createdAt: new Date(NOW).toISOString(),
    data: { ticket_type: i % 2 === 0 ? "guest" : "parent" },
  }));
}

async function createWebhooks(bodies: object[]): Promise<Webhook[]> {
  for (const [i, body] of bodies.entries()) {
    const res = await t.api("/api/webhooks", { body: { name: `w${i}`, url: `http://127.0.0.1:9/w${i}`, events: ["ticket.*"], ...body } });
    expect(res.status).toBe(201);
  }
  return [...(await t.webhooks.list())];
}

/** Claims `room` deliveries per webhook, and keeps what it is handed. */
const taker = (room: number) => takeHandOff(room, NOW + 30_000);

const sqlOf = (s: InStatement) => (typeof s === "string" ? s : s.sql);
/** The rows an INSERT carried in its VALUES list. */
const listRows = (s: InStatement) => (sqlOf(s).split("VALUES ")[1]?.match(/\((\?, )*\?\)/g) ?? []).length;
/** The notes a statement carried as its JSON argument (its last). */
const jsonRows = (s: InStatement) => (JSON.parse(String((s as { args: InValue[] }).args.at(-1))) as unknown[]).length;

/**
 * The rows each delivery INSERT and each filter note carried, and after which INSERT the
 * fan-out read deliveries back (to tell those it claimed).
 */
function slices(statements: InStatement[]) {
  const inserts = statements.filter((s) => sqlOf(s).startsWith("INSERT INTO deliveries"));
  const notes = statements.filter((s) => sqlOf(s).startsWith("UPDATE events SET filtered_out"));
  const readsAfter = statements.flatMap((s, i) => (inserts.includes(s) ? [/^SELECT .* FROM deliveries/.test(sqlOf(statements[i + 1] ?? ""))] : []));
  return {
    insertRows: inserts.map(listRows),
    returning: inserts.map((s) => sqlOf(s).includes("RETURNING")),
    readsAfter,
    noteRows: notes.map(jsonRows),
  };
}

describe("a fan-out of many events to many webhooks", () => {
  test("is written in slices of bounded size, in the events' order, the hand-off and the filters' notes included", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    // the third turns every parent ticket away: 600 notes, each naming it
    const hooks = await createWebhooks([{}, {}, { filter: [{ field: "ticket_type", op: "ne", value: "parent" }] }]);
    const { handOff, taken } = taker(4);
    const statements: InStatement[] = [];
    const store = new EventStore(capturing(t.database.client, statements), () => new Date(NOW), async () => ({ webhooks: hooks, handOff }));
    const sent = events(EVENTS);
    expect(new Set(await store.append(sent))).toEqual(new Set(["stored"]));

    const pairs = EVENTS * 2 + EVENTS / 2;
    const { insertRows, returning, readsAfter } = slices(statements);
    expect(insertRows.reduce((a, b) => a + b, 0)).toBe(pairs);
    // full lists, then the rest in lists of the smaller sizes
    const full = Math.floor(pairs / PAIRS_PER_STATEMENT);
    expect(insertRows.slice(0, full)).toEqual(Array(full).fill(PAIRS_PER_STATEMENT));
    expect(insertRows.slice(full).every((n) => n < PAIRS_PER_STATEMENT && (LIST_SIZES as readonly number[]).includes(n))).toBe(true);
    // no INSERT returns its rows; only after the list that claims are the few it left unclaimed looked up
    expect(returning.every((r) => !r)).toBe(true);
    expect(readsAfter).toEqual(insertRows.map((_, i) => i === 0));

    const rs = await t.database.client.execute(
      "SELECT e.uuid, d.webhook_id, d.claimed_by FROM deliveries d JOIN events e ON e.id = d.event_id ORDER BY d.id",
    );
    expect(rs.rows.length).toBe(pairs);
    const position = new Map(sent.map((e, i) => [e.uuid, i]));
    for (const hook of hooks) {
      const order = rs.rows.filter((r) => Number(r.webhook_id) === hook.id).map((r) => position.get(String(r.uuid))!);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    const claimed = rs.rows.filter((r) => r.claimed_by === "box-a");
    expect(taken.length).toBe(claimed.length);
    expect(taken.length).toBeGreaterThan(0);
    expect(taken.every((d) => d.event === sent[position.get(d.event.uuid)!])).toBe(true);

    const noted = await t.database.client.execute("SELECT count(*) AS n FROM events WHERE filtered_out IS NOT NULL");
    expect(Number(noted.rows[0]!.n)).toBe(EVENTS / 2);
    const made = await t.database.client.execute("SELECT deliveries_made AS n, count(*) AS events FROM events GROUP BY 1 ORDER BY 1");
    expect(made.rows.map((r) => [Number(r.n), Number(r.events)])).toEqual([
      [2, EVENTS / 2],
      [3, EVENTS / 2],
    ]);
  });

  test("filter notes are written in slices too", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await createWebhooks([{ filter: [{ field: "ticket_type", op: "eq", value: "nobody" }] }, { filter: [{ field: "ticket_type", op: "eq", value: "nobody" }] }]);
    const statements: InStatement[] = [];
    const store = new EventStore(capturing(t.database.client, statements), () => new Date(NOW), async () => ({ webhooks: hooks, handOff: null }));
    await store.append(events(EVENTS));
    const { insertRows, noteRows } = slices(statements);
    expect(insertRows).toEqual([]);
    // a note is per event, naming both webhooks: a slice ends once it names NOTES_PER_STATEMENT
    expect(NOTES_PER_STATEMENT).toBe(1_000);
    expect(noteRows).toEqual([500, 500, 200]);
    const noted = await t.database.client.execute("SELECT count(*) AS n FROM events WHERE filtered_out LIKE '%w1%' AND fanned_out_at > 0");
    expect(Number(noted.rows[0]!.n)).toBe(EVENTS);
  });

  test("a slice that fails leaves nothing of the transaction: no event, no delivery, nothing handed over", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await createWebhooks([{}, {}]);
    // the storage gives out part way: after the first slice was written
    await t.database.client.execute(
      `CREATE TRIGGER give_out BEFORE INSERT ON deliveries WHEN (SELECT count(*) FROM deliveries) >= ${PAIRS_PER_STATEMENT + 10}
       BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    const { handOff, taken } = taker(4);
    const store = new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff }));
    const sent = events(EVENTS);
    await expect(store.append(sent)).rejects.toThrow(/disk I\/O error/);
    const count = async (table: string) => Number((await t.database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    expect([await count("events"), await count("deliveries"), taken.length]).toEqual([0, 0, 0]);

    // the connection is not left inside the failed transaction: the same events go in once it is fixed
    await t.database.client.execute("DROP TRIGGER give_out");
    expect(new Set(await store.append(sent))).toEqual(new Set(["stored"]));
    expect([await count("events"), await count("deliveries")]).toEqual([EVENTS, EVENTS * 2]);
  });

  test("the dispatcher's fan-out of events queued by others is sliced the same way", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await createWebhooks([{}, {}]);
    // as the `emit` command queues them: stored, the fan-out left to the dispatcher
    await new EventStore(t.database.client, () => new Date(NOW)).append(events(EVENTS));
    const statements: InStatement[] = [];
    expect(await new DeliveryStore(capturing(t.database.client, statements)).fanOut(hooks, NOW, EVENTS, Infinity)).toBe(EVENTS);
    const { insertRows, returning, readsAfter } = slices(statements);
    // 2,400: 37 full lists and two of 16
    expect(insertRows).toEqual([...Array(37).fill(PAIRS_PER_STATEMENT), 16, 16]);
    expect(returning.some((r) => r) || readsAfter.some((r) => r)).toBe(false);
    const left = await t.database.client.execute("SELECT count(*) AS n FROM events WHERE fanned_out_at IS NULL OR deliveries_made <> 2");
    expect(Number(left.rows[0]!.n)).toBe(0);
  });

  test("with many webhooks, requests share a transaction only while their deliveries stay under the bound; one alone goes whole", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    // 100 webhooks: 50,000 deliveries a transaction allow 500 events. They take system events
    // only, so these ticket events make no rows: the grouping is what is looked at.
    for (let i = 0; i < 100; i++) {
      const res = await t.api("/api/webhooks", { body: { name: `s${i}`, url: `http://127.0.0.1:9/s${i}`, events: ["system.*"] } });
      expect(res.status).toBe(201);
    }
    const hooks = [...(await t.webhooks.list())];
    const statements: InStatement[] = [];
    const store = new EventStore(capturing(t.database.client, statements), () => new Date(NOW), async () => ({ webhooks: hooks, handOff: null }));
    // the events each transaction stored: its inserts' rows, summed
    const eventInserts = () =>
      statements.reduce<number[]>((groups, s) => {
        if (sqlOf(s) === "BEGIN") groups.push(0);
        else if (sqlOf(s).startsWith("INSERT INTO events")) groups[groups.length - 1]! += listRows(s);
        return groups;
      }, []);
    // the first transaction tells the store how many webhooks an event goes to
    await store.append(events(1));
    await Promise.all([store.append(events(300)), store.append(events(300)), store.append(events(200)), store.append(events(1_000))]);
    // 300 + 300 would pass 500: apart; 300 + 200 share one; 1,000 alone is whole
    expect(eventInserts()).toEqual([1, 300, 500, 1_000]);
  });

  test("events are stored saying the deliveries they make, and not written again once those are made", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await createWebhooks([{}, { filter: [{ field: "ticket_type", op: "eq", value: "guest" }] }]);
    const statements: InStatement[] = [];
    const store = new EventStore(capturing(t.database.client, statements), () => new Date(NOW), async () => ({ webhooks: hooks, handOff: null }));
    await store.append(events(4));
    const eventWrites = statements.map(sqlOf).filter((sql) => /^UPDATE events/.test(sql) && !sql.includes("filtered_out"));
    expect(eventWrites).toEqual([]);
    const made = await t.database.client.execute("SELECT deliveries_made AS made, fanned_out_at AS at FROM events ORDER BY id");
    expect(made.rows.map((r) => [Number(r.made), Number(r.at)])).toEqual([[2, NOW], [1, NOW], [2, NOW], [1, NOW]]);
  });

  test("a webhook switched off or deleted after the list was read makes none, and the events count only what was made", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const hooks = await createWebhooks([{}, {}, {}]);
    // the list the ingest read still has all three
    expect((await t.api(`/api/webhooks/${hooks[1]!.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    expect((await t.api(`/api/webhooks/${hooks[2]!.id}`, { method: "DELETE" })).status).toBe(204);
    const store = new EventStore(t.database.client, () => new Date(NOW), async () => ({ webhooks: hooks, handOff: null }));
    await store.append(events(3));
    const rows = await t.database.client.execute(
      "SELECT e.deliveries_made AS made, (SELECT count(*) FROM deliveries d WHERE d.event_id = e.id) AS n FROM events e ORDER BY e.id",
    );
    expect(rows.rows.map((r) => [Number(r.made), Number(r.n)])).toEqual([[1, 1], [1, 1], [1, 1]]);
  });
});
