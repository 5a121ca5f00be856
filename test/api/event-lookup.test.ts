import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { EventDetail, EventItem } from "../../src/api/event-lookup.routes.ts";
import { cleanupLog } from "../../src/log/log-cleanup.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually } from "../helpers/receiver.ts";
import { expectErrorShape, jsonOf } from "../helpers/test-app.ts";

const STATUS_OF_PATH: Record<string, number> = { "/good": 200, "/bad": 400, "/busy": 503 };

let h: DeliveryHarness;
beforeEach(async () => {
  h = await startDeliveryHarness((req) => new Response("answer", { status: STATUS_OF_PATH[req.path] ?? 200 }));
});
afterEach(() => h.close());

async function events(query = "") {
  const res = await h.t.api(`/api/events${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return jsonOf<{ items: EventItem[]; next_cursor: string | null }>(res);
}

async function event(uuid: string) {
  const res = await h.t.api(`/api/events/${uuid}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return jsonOf<EventDetail>(res);
}

const post = async (body: Record<string, unknown>) => (await h.postEvents(body)).accepted[0]!;

describe("GET /api/events/:uuid", () => {
  test("the event as received, and each delivery it led to with its status and last result", async () => {
    const good = await h.createWebhook({ name: "CRM" }, "/good");
    const bad = await h.createWebhook({ name: "PMS" }, "/bad");
    const uuid = await post({ type: "ticket.logged_in", ticket_id: "4711", data: { client_ip: "10.0.0.7" } });
    await h.waitForEntry(uuid, (e) => e.status === "succeeded", good.id);
    await h.waitForEntry(uuid, (e) => e.status === "failed", bad.id);
    const found = await event(uuid);
    expect(found).toMatchObject({
      uuid,
      type: "ticket.logged_in",
      ticket_id: "4711",
      created_at: "2026-11-28T12:00:00.000Z",
      received_at: "2026-11-28T12:00:00.000Z",
      data: { client_ip: "10.0.0.7" },
      status: "failed",
      deliveries_made: 2,
      delivery_counts: { pending: 0, retrying: 0, succeeded: 1, failed: 1 },
      test: false,
    });
    expect(found.deliveries.map((d) => [d.webhook_id, d.webhook_name, d.status, d.attempts, d.response_status, d.error])).toEqual([
      [good.id, "CRM", "succeeded", 1, 200, null],
      [bad.id, "PMS", "failed", 1, 400, "answered 400 Bad Request"],
    ]);
    // each opens as the log's entry
    expect((await h.logEntry(found.deliveries[0]!.id)).event_uuid).toBe(uuid);
  });

  test("an event that matched no webhook says so: a custom type nobody subscribed to, a start before any webhook", async () => {
    const started = await post({ type: "system.started" });
    await h.createWebhook({ events: ["ticket.*"] }, "/good");
    const custom = await post({ type: "custom.pms_checkout", data: { room: "12" } });
    for (const uuid of [started, custom]) {
      expect(await event(uuid)).toMatchObject({ uuid, status: "matched_no_webhook", deliveries_made: 0, deliveries: [] });
    }
  });

  test("an event still retrying is in progress; one accepted while sending is switched off is waiting", async () => {
    await h.createWebhook({}, "/busy");
    const retrying = await post({ type: "system.started" });
    await h.waitForEntry(retrying, (e) => e.status === "retrying");
    expect(await event(retrying)).toMatchObject({ status: "in_progress", delivery_counts: { retrying: 1 } });
    await h.patchSettings({ enabled: false });
    const waiting = await post({ type: "system.started" });
    expect(await event(waiting)).toMatchObject({ status: "waiting", deliveries_made: null, deliveries: [] });
    // switched on, the dispatcher matches it and counts what it made
    await h.patchSettings({ enabled: true });
    await h.waitForEntry(waiting, (e) => e.status === "retrying");
    expect(await event(waiting)).toMatchObject({ status: "in_progress", deliveries_made: 1 });
  });

  test("a uuid is found in any case; an unknown one, or none at all, is a 404", async () => {
    await h.createWebhook({}, "/good");
    const uuid = await post({ type: "system.started" });
    expect((await event(uuid.toUpperCase())).uuid).toBe(uuid);
    const unknown = await expectErrorShape(await h.t.api("/api/events/0190f9b2-0000-7000-8000-000000000000"), 404, "not_found");
    expect(unknown.message).toContain("retention");
    await expectErrorShape(await h.t.api("/api/events/not-a-uuid"), 404, "not_found");
  });

  test("past the log's retention an event is gone with its deliveries: a 404 saying why it may be", async () => {
    await h.createWebhook({ events: ["system.*"] }, "/good");
    const delivered = await post({ type: "system.started" });
    const unmatched = await post({ type: "custom.nobody" });
    await h.waitForEntry(delivered, (e) => e.status === "succeeded");
    h.advance(169 * 3_600_000);
    await cleanupLog(h.t.database.client, h.clock.now - 168 * 3_600_000);
    for (const uuid of [delivered, unmatched]) {
      const gone = await expectErrorShape(await h.t.api(`/api/events/${uuid}`), 404, "not_found");
      expect(gone.message).toBe(`No event with uuid ${uuid}: never received, or removed after the log's retention`);
    }
    expect((await events()).items).toEqual([]);
  });
});

describe("GET /api/events", () => {
  test("every event newest first, with what became of it; filters by type, ticket and time; pages with a cursor", async () => {
    await h.createWebhook({ events: ["ticket.*"] }, "/good");
    const login = await post({ type: "ticket.logged_in", ticket_id: "A" });
    h.advance(60_000);
    const checkout = await post({ type: "custom.pms_checkout", ticket_id: "A" });
    h.advance(60_000);
    const other = await post({ type: "ticket.logged_out.timeout", ticket_id: "B" });
    h.advance(60_000);
    await h.patchSettings({ enabled: false });
    const waiting = await post({ type: "ticket.revoked", ticket_id: "A" });
    await h.waitForEntry(login, (e) => e.status === "succeeded");
    await h.waitForEntry(other, (e) => e.status === "succeeded");

    const all = await events();
    expect(all.next_cursor).toBeNull();
    expect(all.items.map((e) => [e.uuid, e.status])).toEqual([
      [waiting, "waiting"],
      [other, "succeeded"],
      [checkout, "matched_no_webhook"],
      [login, "succeeded"],
    ]);
    expect(all.items[3]).toEqual({
      uuid: login,
      type: "ticket.logged_in",
      created_at: "2026-11-28T12:00:00.000Z",
      ticket_id: "A",
      received_at: "2026-11-28T12:00:00.000Z",
      status: "succeeded",
      deliveries_made: 1,
      delivery_counts: { pending: 0, retrying: 0, succeeded: 1, failed: 0 },
      test: false,
    });

    const uuids = async (query: string) => (await events(query)).items.map((e) => e.uuid);
    // a ticket's events whatever became of them: delivered, matched no webhook, waiting
    expect(await uuids("?ticket_id=A")).toEqual([waiting, checkout, login]);
    expect(await uuids("?ticket_id=nobody")).toEqual([]);
    expect(await uuids("?event_type=ticket.*")).toEqual([waiting, other, login]);
    expect(await uuids("?event_type=custom.pms_checkout")).toEqual([checkout]);
    expect(await uuids("?event_type=ticket.logged_in&ticket_id=A")).toEqual([login]);
    expect(await uuids("?since=2026-11-28T12:01:00Z&until=2026-11-28T12:02:00Z")).toEqual([other, checkout]);

    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: { items: EventItem[]; next_cursor: string | null } = await events(`?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((e) => e.uuid));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(all.items.map((e) => e.uuid));
  });

  test.each([
    ["?event_type=nothing.*", "event_type"],
    ["?ticket_id=", "ticket_id"],
    ["?since=yesterday", "since"],
    ["?until=12:00", "until"],
    ["?cursor=x", "cursor"],
    ["?limit=501", "limit"],
    ["?status=failed", "status"],
  ])("a bad query %s is a 422 naming %s", async (query, field) => {
    const error = await expectErrorShape(await h.t.api(`/api/events${query}`), 422, "validation_failed");
    expect(error.issues[0]!.path).toBe(field);
  });
});

describe("GET /api/log?event_uuid=", () => {
  test("lists the deliveries of that event alone, so a script can follow the uuid it was given", async () => {
    await h.createWebhook({ name: "one" }, "/good");
    await h.createWebhook({ name: "two" }, "/good");
    const [first, second] = (await h.postEvents([{ type: "system.started" }, { type: "system.started" }])).accepted;
    await eventually(async () => (await h.log("?status=succeeded")).items.length === 4);
    const { items } = await h.log(`?event_uuid=${second}`);
    expect(items.map((i) => [i.event_uuid, i.webhook_name])).toEqual([
      [second!, "two"],
      [second!, "one"],
    ]);
    expect((await h.log(`?event_uuid=${first!.toUpperCase()}&webhook_id=${items[0]!.webhook_id}`)).items).toHaveLength(1);
    expect((await h.log("?event_uuid=0190f9b2-0000-7000-8000-000000000000")).items).toEqual([]);
  });

  test("a value that is no uuid is a 422 naming event_uuid", async () => {
    const error = await expectErrorShape(await h.t.api("/api/log?event_uuid=4711"), 422, "validation_failed");
    expect(error.issues).toEqual([{ path: "event_uuid", message: "must be an event's uuid, as POST /api/events answered it" }]);
  });
});
