import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const SEED_DATA_FIELDS = [
  "client_ip", "client_mac", "client_vlan_rt", "login_type", "limit", "description", "template_id", "template_name",
  "ticket_type", "ticket_parent_group", "ticket_price", "backend", "backend_group", "backend_data", "timestamp_created",
  "timestamp_first_logon", "timestamp_expires", "timestamp_lastseen", "shared_limits", "time_limit", "time_used",
  "volume_limit", "volume_used_download", "volume_used_upload", "volume_used",
];

describe("catalogue", () => {
  test("event types: the ten of the contract, grouped", async () => {
    const res = await t.api("/api/event-types");
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { type: string; group: string; description: string }[] };
    expect(items.map((i) => [i.type, i.group])).toEqual([
      ["ticket.logged_in", "ticket"],
      ["ticket.logged_out", "ticket"],
      ["ticket.logged_out.timeout", "ticket"],
      ["ticket.logged_out.limit_exceeded", "ticket"],
      ["ticket.revoked", "ticket"],
      ["system.started", "system"],
      ["system.userlimit_exceeded", "system"],
      ["system.backup.started", "system"],
      ["system.backup.done", "system"],
      ["system.backup.error", "system"],
    ]);
    for (const item of items) expect(item.description.length).toBeGreaterThan(5);
  });

  test("placeholders: the event fields, every data field of the seed, and PMS backend data", async () => {
    const res = await t.api("/api/placeholders");
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { name: string; type: string; description: string }[] };
    const names = items.map((i) => i.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "event.uuid", "event.type", "event.created_at", "event.ticket_id", "event.data",
        ...SEED_DATA_FIELDS,
        "backend_data.pms.room", "backend_data.pms.name", "backend_data.pms.departure",
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(items.find((i) => i.name === "ticket_price")).toEqual({ name: "ticket_price", type: "int", description: "Price of the ticket × 100" });
    expect(items.find((i) => i.name === "login_type")!.description).toContain("first, reconnect, n/a");
  });

  test("catalogue routes need the admin token", async () => {
    expect((await t.app.request("/api/event-types")).status).toBe(401);
    expect((await t.app.request("/api/placeholders")).status).toBe(401);
  });
});
