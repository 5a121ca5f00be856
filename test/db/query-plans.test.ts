import { afterEach, describe, expect, test } from "bun:test";
import type { Client, InStatement, InValue } from "@libsql/client";
import { AttemptLog, type AttemptRecord } from "../../src/delivery/attempt-log.ts";
import { DeliveryStore, type ClaimedDelivery } from "../../src/delivery/delivery-store.ts";
import { LEASE_MS } from "../../src/delivery/lease.ts";
import { drizzle } from "drizzle-orm/libsql";
import * as schema from "../../src/db/schema.ts";
import { EventQueries } from "../../src/log/event-queries.ts";
import { cleanupLog } from "../../src/log/log-cleanup.ts";
import { DELIVERY_STATUSES, LogQueries } from "../../src/log/log-queries.ts";
import { ServiceMetrics } from "../../src/metrics/service-metrics.ts";
import { Recoveries } from "../../src/delivery/recoveries.ts";
import { StatsQueries } from "../../src/log/stats-queries.ts";
import { EventStore } from "../../src/events/event-store.ts";
import { LIST_SIZES } from "../../src/db/values-lists.ts";
import { createLogger } from "../../src/logger.ts";
import { capturing } from "../helpers/capturing-client.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

const NOW = Date.parse("2026-11-28T12:00:00.000Z");

/** Runs every statement of the queue's hot paths once, as the service does. */
async function hotStatements(client: Client, names = ["a", "b"]) {
  const created = new Set<number>();
  for (const name of names) {
    const res = await t.api("/api/webhooks", { body: { name, url: `http://127.0.0.1:9/${name}`, events: ["*"] } });
    expect(res.status).toBe(201);
    created.add(((await res.json()) as { id: number }).id);
  }
  // those of an earlier run were switched off by its results (410 Gone)
  const hooks = [...(await t.webhooks.list())].filter((w) => created.has(w.id));
  const statements: InStatement[] = [];
  const seen = capturing(client, statements);
  let room = 2;
  const handOff = { owner: "box-a", claimExpiresAt: NOW + LEASE_MS, wants: () => room-- > 0, take: () => {} };
  // each its own ticket: none waits for another, so every statement finds rows to work on
  let tickets = 0;
  const event = () => ({ uuid: crypto.randomUUID(), type: "ticket.logged_in", ticketId: String(++tickets), createdAt: new Date(NOW).toISOString(), data: {} });
  // three events: one list claims (and returns its rows), the next claims none
  await new EventStore(seen, () => new Date(NOW), async () => ({ webhooks: hooks, handOff })).append([event(), event(), event()]);
  await new EventStore(seen, () => new Date(NOW)).append([event(), event(), event()]);
  const store = new DeliveryStore(seen);
  await store.fanOut(hooks, NOW, 500, Infinity);
  const due = await store.dueDeliveries(new Map(hooks.map((h) => [h.id, 8])), new Set(hooks.map((h) => h.id)), NOW);
  const claimed = await store.claim([...due.values()].flat(), "box-a", NOW, LEASE_MS);
  await store.loadEvents(claimed.map((c) => c.eventId), Infinity, true);
  await store.nextDueAt(NOW);
  // the same roles every run, so each run takes the same branches: results of both webhooks,
  // one ending with a failure and one with a success, and the claims given back
  const [ok, failing, givenBack] = claimed.filter((c) => c.webhookId === hooks[0]!.id);
  const [otherFailing, otherOk, lapsing, crashing] = claimed.filter((c) => c.webhookId === hooks[1]!.id);
  const claimOf = (d: { id: number } | undefined) => ({ id: d!.id, claimExpiresAt: NOW + LEASE_MS });
  await store.release([claimOf(givenBack)], "box-a");
  await store.releaseAtLeaseEnd([claimOf(lapsing)], "box-a");
  await store.failClaimed([claimOf(crashing)], "box-a", "crashed", NOW);
  const log = new AttemptLog(seen, createLogger({ write: () => {} }));
  const record = (delivery: ClaimedDelivery | undefined, ok: boolean): AttemptRecord => ({
    delivery: delivery!,
    claim: { owner: "box-a", expiresAt: NOW + LEASE_MS },
    startedAt: NOW,
    request: { method: "POST", url: "http://127.0.0.1:9/a", headers: {}, body: "{}" },
    result: ok ? { kind: "response", status: 200, statusText: "OK", headers: {}, body: null, bodyTruncated: false, durationMs: 1 } : { kind: "error", error: "down", durationMs: 1, retryable: true },
    step: ok ? { status: "succeeded", nextAttemptAt: null, error: null } : { status: "retrying", nextAttemptAt: NOW + 5000, error: "down" },
    logDetails: false,
    disableReason: ok ? null : "gone",
    autoDisable: { failingSince: NOW, failedAttempts: 6 },
    orderedTicket: "1",
  });
  await Promise.all([log.record(record(ok, true)), log.record(record(failing, false)), log.record(record(otherFailing, false)), log.record(record(otherOk, true))]);
  await store.releaseClaims("box-a");
  await cleanupLog(seen, NOW + 1);
  return statements.filter((s) => typeof s !== "string" || !/^(BEGIN|COMMIT|ROLLBACK)/.test(s));
}

/** A walk over a table that grows with the log… */
const WHOLE_TABLE = /^SCAN (deliveries|events|attempts)\b/;
/** …is fine over the partial indexes that hold only the queue's unfinished work. */
const QUEUE_INDEX = /USING INDEX (deliveries_webhook_due_idx|events_unfanned_idx)$/;
/** The log's filter indexes each take a row per delivery ever made: a hot path using one walks the log. */
const LOG_INDEX = /deliveries_(created|webhook|type|ticket|status)_idx/;
/** The order per ticket looks up one ticket's unfinished deliveries, never all of a webhook's. */
const TICKET_QUEUE = /deliveries_ticket_queue_idx/;
const ONE_TICKET = /deliveries_ticket_queue_idx \(webhook_id=\? AND ticket_id=\?/;

/** A statement's text, as a cache of compiled statements keys it. */
const textOf = (stmt: InStatement) => (typeof stmt === "string" ? stmt : stmt.sql);
/** A VALUES list of rows of bound values, and how many rows it holds. */
const VALUES_LIST = /VALUES ((?:\((?:\?, )*\?\)(?:, )?)+)/;
const listRows = (sql: string) => VALUES_LIST.exec(sql)?.[1]!.split("(").length! - 1;

describe("the queue's hot statements", () => {
  test("each has one text whatever ids, webhooks and rows it works on, but for the size of its VALUES list: a few, each compiled once", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const first = (await hotStatements(t.database.workClient)).map(textOf);
    const shapes = (texts: string[]) => new Set(texts.map((sql) => sql.replace(VALUES_LIST, "VALUES <list>")));
    // more webhooks, other deliveries, other claims: the same few shapes
    const again = (await hotStatements(t.database.workClient, ["c", "d", "e"])).map(textOf);
    const known = shapes(first);
    expect([...shapes(again)].filter((shape) => !known.has(shape))).toEqual([]);
    const lists = [...first, ...again].filter((sql) => VALUES_LIST.test(sql));
    expect(lists.length).toBeGreaterThan(5);
    expect(new Set(lists.map(listRows).filter((rows) => !(LIST_SIZES as readonly number[]).includes(rows)))).toEqual(new Set());
  });
});

describe("query plans of the queue's hot statements", () => {
  test("none walks a table that grows with the log, nor a log index: each finds its rows by key or by the queue's own indexes", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const statements = await hotStatements(t.database.workClient);
    expect(statements.length).toBeGreaterThan(12);
    let ticketLookups = 0;
    for (const stmt of statements) {
      const { sql, args } = typeof stmt === "string" ? { sql: stmt, args: [] } : stmt;
      const plan = await t.database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args ?? [] });
      const details = plan.rows.map((r) => String(r.detail));
      const statement = sql.replace(/\s+/g, " ").slice(0, 80);
      for (const step of details) {
        expect(WHOLE_TABLE.test(step) && !QUEUE_INDEX.test(step), `${statement}: ${step}`).toBe(false);
        expect(LOG_INDEX.test(step), `${statement}: ${step}`).toBe(false);
        if (TICKET_QUEUE.test(step)) expect(ONE_TICKET.test(step), `${statement}: ${step}`).toBe(true);
        if (TICKET_QUEUE.test(step)) ticketLookups++;
      }
    }
    // the hand-off's claim (per insert), the claim pass's find (per webhook), the release after a result
    expect(ticketLookups).toBeGreaterThanOrEqual(5);
  });

  test("the fan-out inserts deliveries in the order of its pairs, without sorting them: the pairs are the outer loop", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    const inserts = (await hotStatements(t.database.workClient)).filter((s) => typeof s !== "string" && s.sql.startsWith("INSERT INTO deliveries"));
    expect(inserts.length).toBeGreaterThanOrEqual(2);
    for (const stmt of inserts) {
      const { sql, args } = stmt as { sql: string; args: InValue[] };
      const plan = await t.database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args });
      const details = plan.rows.map((r) => String(r.detail));
      // ids follow the pairs' order, which follows the events' (the order per ticket relies on it)
      // (the list itself is made row by row in its co-routine, in the order written)
      expect(details.find((d) => /^(SCAN|SEARCH) /.test(d) && !/CONSTANT ROWS?$/.test(d))).toBe("SCAN p");
      expect(details.filter((d) => /TEMP B-TREE/.test(d))).toEqual([]);
    }
  });
});

/** Every statement of the event lookups, the log by event and the figures, as the API runs them. */
async function lookupStatements(client: Client) {
  const statements: InStatement[] = [];
  const seen = capturing(client, statements);
  const db = drizzle(seen, { schema });
  const events = new EventQueries(db);
  const uuid = crypto.randomUUID();
  await t.api("/api/events", { body: { uuid, type: "ticket.logged_in", ticket_id: "7" } });
  const page = { limit: 50 };
  await events.list({ ...page, eventType: "ticket.logged_in" });
  await events.list({ ...page, ticketId: "7" });
  await events.list({ ...page, ticketId: "7", eventType: "ticket.*", beforeId: 1000 });
  await events.get(uuid);
  const log = new LogQueries(db);
  await log.list({ ...page, eventUuid: uuid });
  // a webhook that exists, and one that was deleted (no such id: read as deleted)
  await log.list({ ...page, webhookId: 1 });
  await log.list({ ...page, webhookId: 999 });
  await log.webhookChoices();
  // each filter of the log's page and API
  for (const status of DELIVERY_STATUSES) await log.list({ ...page, status });
  await log.list({ ...page, eventType: "ticket.logged_in" });
  await log.list({ ...page, ticketId: "7" });
  await log.list({ ...page, since: NOW - 3_600_000, until: NOW });
  await log.list({ ...page, webhookId: 1, status: "failed", beforeId: 1000 });
  const stats = new StatsQueries(seen);
  await stats.perWebhook(NOW);
  await stats.hourly(NOW, 24);
  await new ServiceMetrics().render(seen, NOW);
  const recoveries = new Recoveries(seen);
  await recoveries.start(1, NOW - 3_600_000, NOW, NOW);
  await recoveries.step(NOW);
  return statements;
}

describe("query plans of the event lookups, the log's filters and the figures", () => {
  test("each filter finds its rows by an index: none walks the events or the deliveries whole", async () => {
    t = await createTestApp({ now: () => new Date(NOW) });
    expect((await t.api("/api/webhooks", { body: { name: "a", url: "http://127.0.0.1:9/a", events: ["*"] } })).status).toBe(201);
    const statements = await lookupStatements(t.database.client);
    expect(statements.length).toBeGreaterThan(8);
    for (const stmt of statements) {
      const { sql, args } = typeof stmt === "string" ? { sql: stmt, args: [] } : stmt;
      const plan = await t.database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args ?? [] });
      const statement = sql.replace(/\s+/g, " ").slice(0, 100);
      for (const step of plan.rows.map((r) => String(r.detail))) {
        expect(WHOLE_TABLE.test(step) && !QUEUE_INDEX.test(step), `${statement}: ${step}`).toBe(false);
      }
    }
  });
});
