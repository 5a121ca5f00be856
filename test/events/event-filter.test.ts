import { describe, expect, test } from "bun:test";
import type { WebhookFilter } from "../../src/db/webhook-choices.ts";
import { applyFilter, type FilterableEvent } from "../../src/events/event-filter.ts";

const event: FilterableEvent = {
  uuid: "019ac9a4-1f2b-7c3d-8e4f-5a6b7c8d9e0f",
  type: "ticket.logged_out.limit_exceeded",
  ticketId: "T-7",
  createdAt: "2026-12-03T10:00:00.000Z",
  data: {
    ticket_type: "child",
    backend: "PMS",
    time_used: 3600,
    volume_used: "12000",
    limit: "time",
    timestamp_expires: "2026-12-04T10:00:00.000Z",
    backend_data: { pms: { room: "214" } },
  },
};

const passes = (filter: WebhookFilter, e = event) => applyFilter(filter, e).passes;

describe("a webhook's filter", () => {
  test.each<[string, WebhookFilter, boolean]>([
    ["eq", [{ field: "ticket_type", op: "eq", value: "child" }], true],
    ["eq on another value", [{ field: "ticket_type", op: "eq", value: "parent" }], false],
    ["ne", [{ field: "ticket_type", op: "ne", value: "parent" }], true],
    ["in", [{ field: "ticket_type", op: "in", value: ["single", "child"] }], true],
    ["not_in", [{ field: "ticket_type", op: "not_in", value: ["single", "child"] }], false],
    ["exists", [{ field: "backend", op: "exists" }], true],
    ["exists on a field the box left out", [{ field: "client_mac", op: "exists" }], false],
    ["not_exists on it", [{ field: "client_mac", op: "not_exists" }], true],
    ["a field of another event type is n/a: not there", [{ field: "login_type", op: "not_exists" }], true],
    ["starts_with", [{ field: "backend_data.pms.room", op: "starts_with", value: "2" }], true],
    ["a number as a number", [{ field: "time_used", op: "gte", value: 3600 }], true],
    ["a number sent as a string", [{ field: "volume_used", op: "gt", value: 20000 }], false],
    ["a time", [{ field: "timestamp_expires", op: "lt", value: "2026-12-05T00:00:00Z" }], true],
    ["an order op on text is false", [{ field: "backend", op: "gt", value: 1 }], false],
    ["event fields", [{ field: "event.ticket_id", op: "eq", value: "T-7" }, { field: "event.type", op: "starts_with", value: "ticket." }], true],
    ["event.data's fields", [{ field: "event.data.limit", op: "eq", value: "time" }], true],
    ["every condition must hold", [{ field: "ticket_type", op: "eq", value: "child" }, { field: "backend", op: "eq", value: "Radius" }], false],
    ["no condition: everything passes", [], true],
  ])("%s", (_, filter, expected) => {
    expect(passes(filter)).toBe(expected);
  });

  test("says which condition turned the event away, with the value it found", () => {
    expect(applyFilter([{ field: "ticket_type", op: "ne", value: "child" }], event)).toEqual({ passes: false, reason: "ticket_type is child" });
    expect(applyFilter([{ field: "client_ip", op: "exists" }], event)).toEqual({ passes: false, reason: "client_ip is empty" });
    const long = { ...event, data: { backend: "x".repeat(500) } };
    expect(applyFilter([{ field: "backend", op: "eq", value: "y" }], long)).toEqual({ passes: false, reason: `backend is ${"x".repeat(100)}…` });
  });
});
