import { afterEach, beforeEach, expect, test } from "bun:test";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";

let h: DeliveryHarness;
beforeEach(async () => {
  h = await startDeliveryHarness();
});
afterEach(() => h.close());

test("the receiver gets the seed's rules kept: n/a outside the field's event, times as ISO 8601 UTC", async () => {
  await h.createWebhook({
    events: ["ticket.*", "system.*"],
    body: '{"type":"{{event.type}}","login":"{{login_type}}","limit":"{{limit}}","created":"{{timestamp_created}}","seen":"{{timestamp_lastseen}}","expires":"{{timestamp_expires}}","shared":"{{shared_limits}}"}',
  });
  const sent = { login_type: "first", limit: "time", shared_limits: "1" };
  await h.postEvents([
    {
      type: "ticket.logged_out",
      data: { ...sent, timestamp_created: 1796292900, timestamp_lastseen: "2026-12-03T11:15:00.250+01:00", timestamp_expires: 0 },
    },
    { type: "system.backup.started", data: { ...sent, timestamp_created: "1796292900000" } },
  ]);
  const received = (await h.receiver.waitForCount(2)).map((r) => JSON.parse(r.body) as Record<string, string>);
  expect(received.sort((a, b) => a.type!.localeCompare(b.type!))).toEqual([
    { type: "system.backup.started", login: "n/a", limit: "n/a", created: "2026-12-03T10:15:00Z", seen: "", expires: "", shared: "1" },
    { type: "ticket.logged_out", login: "n/a", limit: "n/a", created: "2026-12-03T10:15:00Z", seen: "2026-12-03T10:15:00Z", expires: "", shared: "1" },
  ]);
});
