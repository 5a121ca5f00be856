import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { expectErrorShape, jsonOf } from "../helpers/test-app.ts";
import { eventually, startReceiver } from "../helpers/receiver.ts";
import type { LogItem } from "../../src/api/log.routes.ts";
import type { EventDetail } from "../../src/api/event-lookup.routes.ts";

let h: DeliveryHarness;
beforeEach(async () => {
  const statuses: Record<string, number> = { "/bad": 400, "/gone": 410, "/down": 503 };
  h = await startDeliveryHarness((req) => new Response(req.path in statuses ? "nope" : "ok", { status: statuses[req.path] ?? 200 }));
});
afterEach(() => h.close());

describe("event log", () => {
  test("items carry every documented field, newest first", async () => {
    const webhook = await h.createWebhook({ name: "CRM" });
    const first = (await h.postEvents({ type: "ticket.logged_in", ticket_id: "T1" })).accepted[0]!;
    h.advance(1000);
    const second = (await h.postEvents({ type: "ticket.revoked", ticket_id: "T2" })).accepted[0]!;
    await h.waitForEntry(second, (e) => e.status === "succeeded");
    await h.waitForEntry(first, (e) => e.status === "succeeded");
    const { items, next_cursor } = await h.log();
    expect(next_cursor).toBeNull();
    expect(items.map((i) => i.event_uuid)).toEqual([second, first]);
    expect(items[0]).toEqual({
      id: expect.any(Number),
      event_uuid: second,
      event_type: "ticket.revoked",
      ticket_id: "T2",
      webhook_id: webhook.id,
      webhook_name: "CRM",
      webhook_deleted: false,
      status: "succeeded",
      attempts: 1,
      response_status: 200,
      error: null,
      duration_ms: expect.any(Number),
      created_at: "2026-11-28T12:00:01.000Z",
      updated_at: expect.any(String),
      next_attempt_at: null,
      finished_at: expect.any(String),
      test: false,
      held_back_by: null,
      paused: false,
    });
  });

  test("filters by webhook, event type (exact or wildcard), status, ticket and time; pages with a cursor", async () => {
    const good = await h.createWebhook({ name: "good" }, "/good");
    const bad = await h.createWebhook({ name: "bad" }, "/bad");
    for (const [type, ticket] of [["ticket.logged_in", "A"], ["ticket.logged_out.timeout", "B"], ["system.started", ""]] as const) {
      await h.postEvents({ type, ticket_id: ticket });
      h.advance(60_000);
    }
    await eventually(async () => (await h.log("?status=failed")).items.length === 3 && (await h.log("?status=succeeded")).items.length === 3);
    const count = async (q: string) => (await h.log(q)).items.length;
    expect(await count(`?webhook_id=${good.id}`)).toBe(3);
    expect(await count(`?webhook_id=${bad.id}&status=failed`)).toBe(3);
    expect(await count("?event_type=ticket.*")).toBe(4);
    expect(await count("?event_type=ticket.logged_in")).toBe(2);
    expect(await count("?event_type=ticket.logged_out.*")).toBe(2);
    expect(await count("?ticket_id=B")).toBe(2);
    expect(await count("?since=2026-11-28T12:01:00Z")).toBe(4);
    expect(await count("?since=2026-11-28T12:01:00Z&until=2026-11-28T12:01:30Z")).toBe(2);
    expect(await count("?status=retrying")).toBe(0);

    const seen: number[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await h.log(`?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
    }
    expect(seen).toHaveLength(6);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  test("filters the unfinished by status, newest first, page by page, each webhook's apart", async () => {
    const down = await h.createWebhook({ name: "down" }, "/down");
    const slow = await h.createWebhook({ name: "slow", rate_limit_per_minute: 1 }, "/slow");
    for (const ticket of ["A", "B", "C"]) await h.postEvents({ type: "ticket.logged_in", ticket_id: ticket });
    const ids = async (q: string) => (await h.log(q)).items.map((i) => i.id);
    // the endpoint that is down retries all three; the limited one sent its first, the others wait
    await eventually(async () => (await ids("?status=retrying")).length === 3 && (await ids("?status=succeeded")).length === 1);
    const pending = await ids("?status=pending");
    expect(pending).toHaveLength(2);
    expect([...pending].sort((a, b) => b - a)).toEqual(pending);
    expect(await ids(`?status=pending&webhook_id=${slow.id}`)).toEqual(pending);
    expect(await ids(`?status=pending&webhook_id=${down.id}`)).toEqual([]);
    expect(await ids(`?status=retrying&webhook_id=${down.id}&ticket_id=B`)).toHaveLength(1);
    const first = await h.log("?status=pending&limit=1");
    expect(first.items.map((i) => i.id)).toEqual([pending[0]!]);
    expect(await ids(`?status=pending&limit=1&cursor=${first.next_cursor}`)).toEqual([pending[1]!]);
  });

  test.each([
    ["?status=lost", "status"],
    ["?limit=0", "limit"],
    ["?limit=501", "limit"],
    ["?since=yesterday", "since"],
    ["?webhook_id=abc", "webhook_id"],
    ["?event_type=nothing.*", "event_type"],
    ["?cursor=x", "cursor"],
    ["?colour=red", "colour"],
  ])("a bad query %s is a 422 naming %s", async (query, field) => {
    const error = await expectErrorShape(await h.t.api(`/api/log${query}`), 422, "validation_failed");
    expect(error.issues[0]!.path).toBe(field);
  });

  test("details: every attempt; headers and bodies only when the webhook logs them", async () => {
    await h.createWebhook({ name: "quiet", body: '{"t":"{{event.type}}"}' }, "/quiet");
    await h.createWebhook({ name: "verbose", log_body_and_headers: true, headers: "X-Api-Key: k", body: '{"t":"{{event.type}}"}' }, "/verbose");
    const uuid = (await h.postEvents({ type: "system.started", data: { description: "x" } })).accepted[0]!;
    const quiet = await h.waitForEntry(uuid, (e) => e.status === "succeeded" && e.webhook_name === "quiet");
    const verbose = await h.waitForEntry(uuid, (e) => e.status === "succeeded" && e.webhook_name === "verbose");
    const q = await h.logEntry(quiet.id);
    expect(q.event).toEqual({ uuid, type: "system.started", created_at: "2026-11-28T12:00:00.000Z", ticket_id: "", data: { description: "x" } });
    expect(q.attempt_log).toEqual([
      {
        attempt: 1,
        started_at: "2026-11-28T12:00:00.000Z",
        duration_ms: expect.any(Number),
        method: "POST",
        url: `${h.receiver.url}/quiet`,
        response_status: 200,
        error: null,
      },
    ]);
    const v = await h.logEntry(verbose.id);
    expect(v.attempt_log[0]).toMatchObject({
      request_headers: { "x-api-key": "[redacted]", "webhook-id": uuid, "content-type": "application/json" },
      request_body: '{"t":"system.started"}',
      response_headers: expect.objectContaining({ "content-type": expect.any(String) }),
      response_body: "ok",
    });
  });

  test("credentials are redacted in the stored headers, sent and received: by name, with or without a scheme", async () => {
    const headers = [
      "Authorization: zz-auth",
      "Proxy-Authorization: Basic zz-proxy",
      "Cookie: session=zz-cookie",
      "X-Api-Key: zz-key",
      "X-Auth-Token: zz-token",
      "Client-Secret: zz-secret",
      "X-Password: zz-password",
      "X-Site: 7",
    ].join("\n");
    h.receiver.setResponder(
      () => new Response("ok", { headers: { "Set-Cookie": "session=zz-set; HttpOnly", "X-Session-Token": "zz-session", "WWW-Authenticate": 'Bearer realm="crm"' } }),
    );
    await h.createWebhook({ log_body_and_headers: true, headers });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const attempt = (await h.logEntry((await h.waitForEntry(uuid, (e) => e.status === "succeeded")).id)).attempt_log[0]!;
    expect(h.receiver.requests[0]!.headers.authorization).toBe("zz-auth");
    expect(attempt.request_headers).toMatchObject({
      authorization: "[redacted]",
      "proxy-authorization": "Basic [redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "x-auth-token": "[redacted]",
      "client-secret": "[redacted]",
      "x-password": "[redacted]",
      "x-site": "7",
    });
    expect(attempt.response_headers).toMatchObject({ "set-cookie": "[redacted]", "x-session-token": "[redacted]", "www-authenticate": 'Bearer realm="crm"' });
    const stored = JSON.stringify(await h.t.database.client.execute("SELECT request_headers, response_headers FROM attempts"));
    // every secret above starts with zz
    expect(stored).not.toContain("zz-");
  });

  test("an unknown entry is 404", async () => {
    await expectErrorShape(await h.t.api("/api/log/999"), 404, "not_found");
    await expectErrorShape(await h.t.api("/api/log/../../etc"), 404, "not_found");
    await expectErrorShape(await h.t.api("/api/log/999/resend", { method: "POST" }), 404, "not_found");
  });
});

describe("paused: unfinished deliveries of a switched-off webhook", () => {
  const paused = async (id: number, uuid: string) => ({
    listed: (await h.log()).items.find((i) => i.id === id)!.paused,
    entry: (await h.logEntry(id)).paused,
    event: (await jsonOf<EventDetail>(h.t.api(`/api/events/${uuid}`))).deliveries.find((d) => d.id === id)!.paused,
  });

  test("switched off by the admin: paused in the list, the entry and the event; switched on, no longer", async () => {
    const closed = startReceiver();
    closed.stop();
    const webhook = await h.createWebhook({ url: `${closed.url}/down` });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const retrying = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    expect(await paused(retrying.id, uuid)).toEqual({ listed: false, entry: false, event: false });
    await h.t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { enabled: false } });
    expect(await paused(retrying.id, uuid)).toEqual({ listed: true, entry: true, event: true });
    await h.t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { enabled: true } });
    expect(await paused(retrying.id, uuid)).toEqual({ listed: false, entry: false, event: false });
  });

  test("switched off by the service (410 Gone): the ticket's next delivery is paused, the finished one is not", async () => {
    await h.createWebhook({}, "/gone");
    const [first, second] = (await h.postEvents([{ type: "ticket.logged_in", ticket_id: "G" }, { type: "ticket.logged_out.timeout", ticket_id: "G" }])).accepted;
    const failed = await h.waitForEntry(first!, (e) => e.status === "failed");
    const waiting = (await h.log()).items.find((i) => i.event_uuid === second)!;
    expect(waiting.status).toBe("pending");
    expect(await paused(waiting.id, second!)).toEqual({ listed: true, entry: true, event: true });
    expect(await paused(failed.id, first!)).toEqual({ listed: false, entry: false, event: false });
  });
});

describe("resend", () => {
  test("queues the event to the endpoint again, with the same Webhook-Id and a fresh retry budget", async () => {
    await h.createWebhook({}, "/bad");
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const failed = await h.waitForEntry(uuid, (e) => e.status === "failed");
    const res = await h.t.api(`/api/log/${failed.id}/resend`, { method: "POST" });
    expect(res.status).toBe(202);
    expect((await jsonOf<LogItem>(res)).status).toMatch(/pending|failed/);
    await h.receiver.waitForCount(2);
    expect(h.receiver.requests[1]!.headers["webhook-id"]).toBe(uuid);
    const again = await h.waitForEntry(uuid, (e) => e.attempts === 2 && e.status === "failed");
    expect((await h.logEntry(again.id)).attempt_log).toHaveLength(2);
  });

  test("is refused with 409 while queued, for a disabled webhook, or a deleted one", async () => {
    const webhook = await h.createWebhook({}, "/good");
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const done = await h.waitForEntry(uuid, (e) => e.status === "succeeded");
    await h.t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { enabled: false } });
    const disabled = await expectErrorShape(await h.t.api(`/api/log/${done.id}/resend`, { method: "POST" }), 409, "conflict");
    expect(disabled.message).toContain("disabled");
    await h.t.api(`/api/webhooks/${webhook.id}`, { method: "DELETE" });
    const deleted = await expectErrorShape(await h.t.api(`/api/log/${done.id}/resend`, { method: "POST" }), 409, "conflict");
    expect(deleted.message).toContain("deleted");
  });

  test("deleting a webhook fails its queued deliveries and keeps its log", async () => {
    const closed = startReceiver();
    closed.stop();
    const webhook = await h.createWebhook({ name: "soon gone", url: `${closed.url}/down` });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.waitForEntry(uuid, (e) => e.status === "retrying");
    expect((await h.t.api(`/api/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(204);
    const entry = (await h.log()).items.find((i) => i.event_uuid === uuid)!;
    expect(entry).toMatchObject({ webhook_id: null, webhook_name: "soon gone", webhook_deleted: true, status: "failed", error: "the webhook was deleted" });
  });

  test("a deleted webhook's entries keep its name, are filtered by its id, and it stays a choice while it has entries", async () => {
    const gone = await h.createWebhook({ name: "Old CRM" }, "/old");
    const kept = await h.createWebhook({ name: "New CRM" }, "/new");
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.waitForEntry(uuid, (e) => e.status === "succeeded", gone.id);
    await h.waitForEntry(uuid, (e) => e.status === "succeeded", kept.id);
    const choices = async () => ((await (await h.t.api("/api/log/webhooks")).json()) as { items: unknown[] }).items;
    expect(await choices()).toEqual([
      { id: kept.id, name: "New CRM", deleted: false },
      { id: gone.id, name: "Old CRM", deleted: false },
    ]);
    expect((await h.t.api(`/api/webhooks/${gone.id}`, { method: "DELETE" })).status).toBe(204);

    const { items } = await h.log(`?webhook_id=${gone.id}`);
    expect(items.map((i) => [i.event_uuid, i.webhook_name, i.webhook_id, i.webhook_deleted])).toEqual([[uuid, "Old CRM", null, true]]);
    expect((await h.log(`?webhook_id=${kept.id}`)).items.map((i) => [i.webhook_name, i.webhook_deleted])).toEqual([["New CRM", false]]);
    expect(await choices()).toEqual([
      { id: kept.id, name: "New CRM", deleted: false },
      { id: gone.id, name: "Old CRM", deleted: true },
    ]);
    const event = (await (await h.t.api(`/api/events/${uuid}`)).json()) as { deliveries: { webhook_name: string; webhook_deleted: boolean }[] };
    expect(event.deliveries.map((d) => [d.webhook_name, d.webhook_deleted])).toEqual([
      ["Old CRM", true],
      ["New CRM", false],
    ]);
  });

  test("a deleted webhook whose entries are all gone is no choice any more", async () => {
    const gone = await h.createWebhook({ name: "Short-lived" });
    expect((await h.t.api(`/api/webhooks/${gone.id}`, { method: "DELETE" })).status).toBe(204);
    const { items } = (await (await h.t.api("/api/log/webhooks")).json()) as { items: { id: number }[] };
    expect(items.some((w) => w.id === gone.id)).toBe(false);
    expect((await h.log(`?webhook_id=${gone.id}`)).items).toEqual([]);
  });
});
