import { afterEach, describe, expect, test } from "bun:test";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { startReceiver } from "../helpers/receiver.ts";
import { createTestApp, TEST_ADMIN_TOKEN } from "../helpers/test-app.ts";

let h: DeliveryHarness;
afterEach(() => h?.close());

async function scrape(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, token: string) {
  const res = await app.request("/metrics", { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

describe("GET /metrics", () => {
  test("counts accepted events, deliveries by outcome, attempt latency, queue depth and token refreshes", async () => {
    h = await startDeliveryHarness((req) => new Response(null, { status: req.path === "/down" ? 503 : 200 }));
    const auth = startReceiver(() => Response.json({ token: "t" }));
    try {
      const up = await h.createWebhook({ events: ["system.*", "ticket.*"], auth: { type: "token", url: `${auth.url}/login`, token_field: "token" } }, "/up");
      const down = await h.createWebhook({ events: ["system.*"] }, "/down");
      const uuids = (await h.postEvents([{ type: "system.started" }, { type: "ticket.logged_in" }, { type: "ticket.logged_in" }])).accepted;
      await h.postEvents({ type: "system.started", uuid: uuids[0] });
      await h.postEvents([{ type: "custom.pms_checkout" }, { type: "custom.door_opened" }]);
      for (const uuid of uuids) await h.waitForEntry(uuid, (e) => e.status === "succeeded", up.id);
      await h.waitForEntry(uuids[0]!, (e) => e.status === "retrying", down.id);

      const { status, type, text } = await scrape(h.t.app, TEST_ADMIN_TOKEN);
      expect(status).toBe(200);
      expect(type).toBe("text/plain; version=0.0.4; charset=utf-8");
      expect(text).toContain('iacbox_webhooks_events_accepted_total{type="system.started"} 1');
      expect(text).toContain('iacbox_webhooks_events_accepted_total{type="ticket.logged_in"} 2');
      expect(text).toContain('iacbox_webhooks_events_accepted_total{type="custom"} 2');
      expect(text).toContain(`iacbox_webhooks_deliveries_total{webhook_id="${up.id}",outcome="succeeded"} 3`);
      expect(text).toContain(`iacbox_webhooks_deliveries_total{webhook_id="${down.id}",outcome="retrying"} 1`);
      expect(text).toContain('iacbox_webhooks_attempt_duration_seconds_bucket{le="+Inf"} 4');
      expect(text).toContain("iacbox_webhooks_attempt_duration_seconds_count 4");
      expect(text).toContain('iacbox_webhooks_queue_depth{state="retrying"} 1');
      expect(text).toContain('iacbox_webhooks_queue_depth{state="pending"} 0');
      expect(text).toContain(`iacbox_webhooks_token_refreshes_total{webhook_id="${up.id}",result="ok"} 1`);
      h.clock.now += 90_000;
      expect((await scrape(h.t.app, TEST_ADMIN_TOKEN)).text).toContain("iacbox_webhooks_oldest_pending_age_seconds 90");
      // a retry does not make it younger: it has waited since its event came
      h.advance(5_000);
      await h.waitForEntry(uuids[0]!, (e) => e.attempts === 2, down.id);
      expect((await scrape(h.t.app, TEST_ADMIN_TOKEN)).text).toContain("iacbox_webhooks_oldest_pending_age_seconds 95");
      // switched off, its webhook's deliveries are parked: nothing is waiting to be sent
      expect((await h.t.api(`/api/webhooks/${down.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
      expect((await scrape(h.t.app, TEST_ADMIN_TOKEN)).text).toContain("iacbox_webhooks_oldest_pending_age_seconds 0");
    } finally {
      auth.stop();
    }
  });

  test("a separate metrics token opens /metrics and nothing else", async () => {
    const metricsToken = "metrics-only-token-0123456789";
    const t = await createTestApp({ metricsToken });
    try {
      expect((await scrape(t.app, metricsToken)).status).toBe(200);
      expect((await scrape(t.app, "wrong-token-wrong-token")).status).toBe(401);
      expect((await t.app.request("/metrics")).status).toBe(401);
      expect((await t.app.request("/api/webhooks", { headers: { Authorization: `Bearer ${metricsToken}` } })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
