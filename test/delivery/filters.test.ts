import { afterEach, describe, expect, test } from "bun:test";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually } from "../helpers/receiver.ts";
import { expectErrorShape, jsonOf } from "../helpers/test-app.ts";
import type { EventDetail } from "../../src/api/event-lookup.routes.ts";

let h: DeliveryHarness;
afterEach(() => h?.close());

const withoutParents = [{ field: "ticket_type", op: "ne", value: "parent" }];

describe("filters on the event's data", () => {
  test("a filtered-out event makes no delivery to that webhook, and its view says which webhook turned it away and why", async () => {
    h = await startDeliveryHarness();
    const filtered = await h.createWebhook({ name: "Front desk", events: ["ticket.*"], filter: withoutParents, body: '{"t":"{{event.ticket_id}}"}' }, "/filtered");
    await h.createWebhook({ name: "Everything", events: ["ticket.*"], body: '{"t":"{{event.ticket_id}}"}' }, "/all");
    const [parent, child] = (
      await h.postEvents([
        { type: "ticket.logged_in", ticket_id: "P-1", data: { ticket_type: "parent" } },
        { type: "ticket.logged_in", ticket_id: "C-1", data: { ticket_type: "child" } },
      ])
    ).accepted;
    const requests = await h.receiver.waitForCount(3);
    expect(requests.filter((r) => r.path === "/filtered").map((r) => r.body)).toEqual(['{"t":"C-1"}']);
    expect(requests.filter((r) => r.path === "/all").map((r) => r.body).sort()).toEqual(['{"t":"C-1"}', '{"t":"P-1"}']);

    const view = await jsonOf<EventDetail>(h.t.api(`/api/events/${parent}`));
    expect(view.filtered_out).toEqual([{ webhook_id: filtered.id, webhook_name: "Front desk", reason: "ticket_type is parent" }]);
    expect(view.deliveries.map((d) => d.webhook_name)).toEqual(["Everything"]);
    expect((await jsonOf<EventDetail>(h.t.api(`/api/events/${child}`))).filtered_out).toEqual([]);
  });

  test("events queued while sending was off are filtered when they go out", async () => {
    h = await startDeliveryHarness();
    await h.patchSettings({ enabled: false });
    await h.createWebhook({ events: ["ticket.*"], filter: [{ field: "backend_data.pms.room", op: "starts_with", value: "2" }], body: '{"room":"{{backend_data.pms.room}}"}' });
    const [first, second] = (
      await h.postEvents([
        { type: "ticket.revoked", ticket_id: "T-1", data: { backend_data: { pms: { room: "214" } } } },
        { type: "ticket.revoked", ticket_id: "T-2", data: { backend_data: { pms: { room: "118" } } } },
      ])
    ).accepted;
    await h.patchSettings({ enabled: true });
    h.t.dispatcher.wake(true);
    await h.receiver.waitForCount(1);
    const skipped = await eventually(async () => {
      const view = await jsonOf<EventDetail>(h.t.api(`/api/events/${second}`));
      return view.status === "matched_no_webhook" && view;
    });
    expect(skipped.filtered_out[0]!.reason).toBe("backend_data.pms.room is 118");
    expect(h.receiver.requests.map((r) => r.body)).toEqual(['{"room":"214"}']);
    expect((await jsonOf<EventDetail>(h.t.api(`/api/events/${first}`))).deliveries).toHaveLength(1);
  });

  test("a ticket's later event does not wait for an earlier one the filter turned away", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook({ events: ["ticket.*"], filter: [{ field: "event.type", op: "ne", value: "ticket.logged_in" }], body: '{"type":"{{event.type}}"}' });
    await h.postEvents([
      { type: "ticket.logged_in", ticket_id: "T-9" },
      { type: "ticket.logged_out", ticket_id: "T-9" },
    ]);
    const [request] = await h.receiver.waitForCount(1);
    expect(request!.body).toBe('{"type":"ticket.logged_out"}');
  });

  test("conditions are checked at save: the field a template could use, a value that fits the op", async () => {
    h = await startDeliveryHarness();
    const issues = async (filter: unknown) => (await expectErrorShape(await h.t.api("/api/webhooks", { body: { name: "F", url: h.receiver.url, events: ["*"], filter } }), 422, "validation_failed")).issues;
    expect(await issues([{ field: "volume_usd", op: "gt", value: 1 }])).toEqual([{ path: "filter.0.field", message: "unknown field volume_usd; did you mean volume_used?" }]);
    expect(await issues([{ field: "backend", op: "exists", value: "x" }])).toEqual([{ path: "filter.0.value", message: "takes no value with exists" }]);
    expect(await issues([{ field: "backend", op: "in", value: "PMS" }])).toEqual([{ path: "filter.0.value", message: 'must be a list with in, e.g. ["single", "child"]' }]);
    expect(await issues([{ field: "time_used", op: "gt", value: "lots" }])).toEqual([{ path: "filter.0.value", message: "must be a number or an ISO 8601 time with gt" }]);
    expect(await issues([{ field: "backend", op: "like", value: "x" }])).toEqual([
      { path: "filter.0.op", message: "must be eq, ne, in, not_in, exists, not_exists, starts_with, gt, gte, lt or lte" },
    ]);
    const res = await h.t.api("/api/webhooks", { body: { name: "F", url: h.receiver.url, events: ["*"], filter: [{ field: "backend_data.anything.deep", op: "exists" }] } });
    expect(res.status).toBe(201);
    expect((await jsonOf<{ filter: unknown }>(res)).filter).toEqual([{ field: "backend_data.anything.deep", op: "exists" }]);
  });
});
