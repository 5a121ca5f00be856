import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { startReceiver } from "../helpers/receiver.ts";
import { createTestApp, expectErrorShape, jsonOf } from "../helpers/test-app.ts";
import type { TestDeliveryResult } from "../../src/api/webhook-test.routes.ts";
import type { WebhookStats } from "../../src/api/stats.routes.ts";
import type { EventDetail } from "../../src/api/event-lookup.routes.ts";

let h: DeliveryHarness;
beforeEach(async () => {
  h = await startDeliveryHarness((req) => new Response(req.path === "/bad" ? "broken" : "thanks", { status: req.path === "/bad" ? 400 : 200 }));
});
afterEach(() => h.close());

describe("stats", () => {
  test("per webhook: the latest outcome and the last 24 h success rate", async () => {
    const good = await h.createWebhook({ name: "good" }, "/good");
    const bad = await h.createWebhook({ name: "bad" }, "/bad");
    const idle = await h.createWebhook({ name: "idle", events: ["custom.never"] }, "/idle");
    const uuids = (await h.postEvents([{ type: "system.started" }, { type: "system.started" }, { type: "ticket.revoked" }])).accepted;
    for (const uuid of uuids) {
      await h.waitForEntry(uuid, (e) => e.status === "failed", bad.id);
      await h.waitForEntry(uuid, (e) => e.status === "succeeded", good.id);
    }
    const { items } = await jsonOf<{ items: WebhookStats[] }>(h.t.api("/api/stats/webhooks"));
    expect(items.find((i) => i.webhook_id === good.id)).toMatchObject({ last_status: "succeeded", last_response_status: 200, succeeded_24h: 3, failed_24h: 0, retrying_24h: 0, success_rate_24h: 1 });
    expect(items.find((i) => i.webhook_id === bad.id)).toMatchObject({ last_status: "failed", last_response_status: 400, succeeded_24h: 0, failed_24h: 3, retrying_24h: 0, success_rate_24h: 0 });
    expect(items.find((i) => i.webhook_id === idle.id)).toBeUndefined();
  });

  test("a webhook whose endpoint is down, its deliveries still retrying, is at 0 %, not without figures", async () => {
    const closed = startReceiver();
    closed.stop();
    const down = await h.createWebhook({ name: "down", url: `${closed.url}/down` });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.waitForEntry(uuid, (e) => e.status === "retrying", down.id);
    const { items } = await jsonOf<{ items: WebhookStats[] }>(h.t.api("/api/stats/webhooks"));
    expect(items.find((i) => i.webhook_id === down.id)).toMatchObject({ last_status: "retrying", succeeded_24h: 0, failed_24h: 0, retrying_24h: 1, success_rate_24h: 0 });
    // switched off (no more attempts), a day after its last one it no longer counts
    await h.t.api(`/api/webhooks/${down.id}`, { method: "PATCH", body: { enabled: false } });
    h.advance(24 * 3_600_000 + 1);
    const later = await jsonOf<{ items: WebhookStats[] }>(h.t.api("/api/stats/webhooks"));
    expect(later.items.find((i) => i.webhook_id === down.id)).toMatchObject({ retrying_24h: 0, success_rate_24h: null });
  });

  test("hourly: 24 buckets, oldest first, this hour's deliveries in the last", async () => {
    await h.createWebhook({}, "/good");
    await h.createWebhook({}, "/bad");
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.waitForEntry(uuid, (e) => e.status === "failed");
    await h.waitForEntry(uuid, (e) => e.status === "succeeded");
    const { items } = (await (await h.t.api("/api/stats/hourly")).json()) as { items: { hour: string; succeeded: number; failed: number }[] };
    expect(items).toHaveLength(24);
    expect(items.at(-1)).toEqual({ hour: "2026-11-28T12:00:00.000Z", succeeded: 1, failed: 1 });
    expect(items[0]!.hour).toBe("2026-11-27T13:00:00.000Z");
    expect(items.slice(0, -1).every((b) => b.succeeded === 0 && b.failed === 0)).toBe(true);
  });
});

describe("POST /api/webhooks/:id/test", () => {
  test("with the real clocks, the time taken is whole milliseconds, as the schema says", async () => {
    // the harness's clocks tick in whole milliseconds; the real monotonic clock has fractions
    const t = await createTestApp();
    const receiver = startReceiver();
    try {
      const created = await t.api("/api/webhooks", { body: { name: "real clock", url: `${receiver.url}/hook`, events: ["*"] } });
      const { id } = (await created.json()) as { id: number };
      const result = (await (await t.api(`/api/webhooks/${id}/test`, { method: "POST" })).json()) as { ok: boolean; duration_ms: number };
      expect(result.ok).toBe(true);
      expect(Number.isInteger(result.duration_ms)).toBe(true);
    } finally {
      receiver.stop();
      await t.close();
    }
  });

  test("sends a sample event now and reports status, time and the answer", async () => {
    const webhook = await h.createWebhook({ body: '{"t":"{{event.type}}","room":"{{backend_data.pms.room}}"}', events: ["ticket.*"] }, "/good");
    const res = await h.t.api(`/api/webhooks/${webhook.id}/test`, { method: "POST" });
    expect(res.status).toBe(200);
    const result = (await res.json()) as Record<string, unknown>;
    expect(result).toEqual({
      ok: true,
      event_uuid: expect.any(String),
      method: "POST",
      url: `${h.receiver.url}/good`,
      response_status: 200,
      duration_ms: expect.any(Number),
      response_body: "thanks",
      error: null,
      log_id: expect.any(Number),
    });
    expect(JSON.parse(h.receiver.requests[0]!.body)).toEqual({ t: "ticket.logged_in", room: "204" });
    expect(h.receiver.requests[0]!.headers["webhook-id"]).toBe(result.event_uuid as string);
  });

  test("reports a failing endpoint and an unreachable one", async () => {
    const bad = await h.createWebhook({}, "/bad");
    expect(await (await h.t.api(`/api/webhooks/${bad.id}/test`, { method: "POST" })).json()).toMatchObject({ ok: false, response_status: 400, response_body: "broken" });
    const down = await h.createWebhook({ url: "http://127.0.0.1:9/nothing" });
    const result = await jsonOf<TestDeliveryResult>(h.t.api(`/api/webhooks/${down.id}/test`, { method: "POST" }));
    expect(result).toMatchObject({ ok: false, response_status: null });
    expect(result.error!.length).toBeGreaterThan(3);
  });

  test("sends a given event; 404 for an unknown webhook; 422 for a bad event", async () => {
    const webhook = await h.createWebhook({}, "/good");
    const res = await h.t.api(`/api/webhooks/${webhook.id}/test`, { body: { event: { type: "system.backup.error", ticket_id: "x" } } });
    expect((await jsonOf<TestDeliveryResult>(res)).ok).toBe(true);
    expect(JSON.parse(h.receiver.requests[0]!.body)).toMatchObject({ type: "system.backup.error", ticket_id: "x" });
    await expectErrorShape(await h.t.api("/api/webhooks/999/test", { method: "POST" }), 404, "not_found");
    await expectErrorShape(await h.t.api(`/api/webhooks/${webhook.id}/test`, { body: { event: { type: "bogus" } } }), 422, "validation_failed");
  });
});

describe("test sends in the log", () => {
  const sendTest = (id: number, body?: unknown) =>
    jsonOf<TestDeliveryResult>(h.t.api(`/api/webhooks/${id}/test`, body === undefined ? { method: "POST" } : { body }));

  test("are recorded, marked as tests, where an admin finds them: the log, its details and the event", async () => {
    const webhook = await h.createWebhook({ name: "CRM" }, "/good");
    const result = await sendTest(webhook.id);
    const { items } = await h.log();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: result.log_id, event_uuid: result.event_uuid, webhook_id: webhook.id, webhook_name: "CRM", status: "succeeded", attempts: 1, response_status: 200, next_attempt_at: null, test: true });
    const entry = await h.logEntry(result.log_id);
    expect(entry.attempt_log).toEqual([
      { attempt: 1, started_at: "2026-11-28T12:00:00.000Z", duration_ms: expect.any(Number), method: "POST", url: `${h.receiver.url}/good`, response_status: 200, error: null },
    ]);
    const event = await jsonOf<EventDetail>(h.t.api(`/api/events/${result.event_uuid}`));
    expect(event).toMatchObject({ uuid: result.event_uuid, status: "succeeded", deliveries_made: 1, test: true });
    expect(event.deliveries.map((d) => d.id)).toEqual([result.log_id]);
  });

  test("keep the request and the answer when the webhook logs them", async () => {
    const webhook = await h.createWebhook({ log_body_and_headers: true, headers: "X-Api-Key: secret" }, "/bad");
    const result = await sendTest(webhook.id, { event: { type: "system.started" } });
    const [attempt] = (await h.logEntry(result.log_id)).attempt_log;
    expect(attempt).toMatchObject({ response_status: 400, error: "answered 400 Bad Request", response_body: "broken", request_headers: { "x-api-key": "[redacted]" } });
  });

  test("a failing one fails at once: not retried, and not resent", async () => {
    h.receiver.setResponder(() => new Response("busy", { status: 503 }));
    const webhook = await h.createWebhook({}, "/busy");
    const result = await sendTest(webhook.id);
    expect(await h.logEntry(result.log_id)).toMatchObject({ status: "failed", error: "answered 503 Service Unavailable", next_attempt_at: null, test: true });
    h.advance(3_600_000);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
    const refused = await expectErrorShape(await h.t.api(`/api/log/${result.log_id}/resend`, { method: "POST" }), 409, "conflict");
    expect(refused.message).toContain("test");
  });

  test("leave the webhook's figures, its auto-disable and the metrics alone", async () => {
    await h.patchSettings({ auto_disable_hours: 1 });
    const webhook = await h.createWebhook({}, "/bad");
    for (let i = 0; i < 8; i++) {
      expect((await sendTest(webhook.id)).ok).toBe(false);
      h.advance(20 * 60_000);
    }
    const current = await jsonOf<{ enabled: boolean }>(h.t.api(`/api/webhooks/${webhook.id}`));
    expect(current.enabled).toBe(true);
    const { items } = await jsonOf<{ items: WebhookStats[] }>(h.t.api("/api/stats/webhooks"));
    expect(items.find((i) => i.webhook_id === webhook.id)).toBeUndefined();
    const hourly = await jsonOf<{ items: { succeeded: number; failed: number }[] }>(h.t.api("/api/stats/hourly"));
    expect(hourly.items.every((b) => b.succeeded === 0 && b.failed === 0)).toBe(true);
    expect(await (await h.t.api("/metrics")).text()).not.toContain(`webhook_id="${webhook.id}"`);
    expect((await h.log("?status=failed")).items).toHaveLength(8);
  });

  test("an event whose uuid is already in the log is refused with 409, and nothing is sent", async () => {
    const webhook = await h.createWebhook({}, "/good");
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.waitForEntry(uuid, (e) => e.status === "succeeded");
    const error = await expectErrorShape(await h.t.api(`/api/webhooks/${webhook.id}/test`, { body: { event: { type: "system.started", uuid } } }), 409, "conflict");
    expect(error.message).toContain(uuid);
    expect(h.receiver.requests).toHaveLength(1);
  });
});
