import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createTestApp, expectErrorShape, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ now: () => new Date("2026-11-28T12:00:00.000Z") });
});
afterEach(() => t.close());

async function stored(uuid: string) {
  const rs = await t.database.client.execute({ sql: "SELECT * FROM events WHERE uuid = ?", args: [uuid] });
  const row = rs.rows[0]!;
  return { ...row, data: JSON.parse(String(row.data)) as unknown } as Record<string, unknown>;
}

async function post(body: unknown) {
  return t.api("/api/events", { body });
}

describe("POST /api/events", () => {
  test("one event: 202 with its generated uuid, stored normalised", async () => {
    const res = await post({
      type: "ticket.logged_in",
      created_at: "2026-11-28T13:15:00+01:00",
      ticket_id: 4711,
      data: {
        client_ip: "10.0.0.7",
        time_used: "60",
        volume_limit: 1024,
        shared_limits: "",
        backend_data: '{"pms":{"room":"12"}}',
        vendor_extra: { nested: true },
      },
    });
    expect(res.status).toBe(202);
    const { accepted, duplicates } = (await res.json()) as { accepted: string[]; duplicates: string[] };
    expect(accepted).toHaveLength(1);
    // version 7: it carries the time it was accepted (12:00:00.000Z), so generated ids sort by time
    expect(accepted[0]).toMatch(/^01a22206-ca00-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(duplicates).toEqual([]);
    const row = await stored(accepted[0]!);
    expect(row).toMatchObject({
      type: "ticket.logged_in",
      ticket_id: "4711",
      created_at: Date.parse("2026-11-28T12:15:00Z"),
      received_at: Date.parse("2026-11-28T12:00:00Z"),
      // turned into deliveries (none: no webhook) in the transaction that stored it
      fanned_out_at: Date.parse("2026-11-28T12:00:00Z"),
    });
    expect(row.data).toEqual({
      client_ip: "10.0.0.7",
      time_used: 60,
      volume_limit: 1024,
      backend_data: { pms: { room: "12" } },
      vendor_extra: { nested: true },
    });
  });

  test("created_at defaults to now and a given uuid is kept (lower-cased)", async () => {
    const uuid = "3F1C2A9E-7B1D-4C55-9A53-2E0D6C1F8B42";
    const { accepted } = (await (await post({ type: "system.started", uuid })).json()) as { accepted: string[] };
    expect(accepted).toEqual([uuid.toLowerCase()]);
    expect((await stored(accepted[0]!)).created_at).toBe(Date.parse("2026-11-28T12:00:00Z"));
  });

  test("a batch of 1000 is stored; uuids come back in order", async () => {
    const batch = Array.from({ length: 1000 }, (_, i) => ({ type: "custom.load_test", ticket_id: String(i) }));
    const res = await post(batch);
    expect(res.status).toBe(202);
    const { accepted } = (await res.json()) as { accepted: string[] };
    expect(accepted).toHaveLength(1000);
    expect((await stored(accepted[999]!)).ticket_id).toBe("999");
  });

  test.each([
    ["no type", {}, "type", "expected string"],
    ["an unknown type", { type: "ticket.exploded" }, "type", "unknown event type 'ticket.exploded'"],
    ["a bad uuid", { type: "system.started", uuid: "1234" }, "uuid", "must be a UUID"],
    ["a bad timestamp", { type: "system.started", created_at: "yesterday" }, "created_at", "ISO 8601"],
    ["a timestamp without zone", { type: "system.started", created_at: "2026-11-28T12:00:00" }, "created_at", "ISO 8601"],
    ["a wrong data type", { type: "ticket.logged_in", data: { time_used: "ten" } }, "data.time_used", "must be a whole number"],
    ["a fractional int", { type: "ticket.logged_in", data: { ticket_price: 9.5 } }, "data.ticket_price", "must be a whole number"],
    ["a number for a string field", { type: "ticket.logged_in", data: { client_ip: 10 } }, "data.client_ip", "must be a string"],
    ["backend_data not JSON", { type: "ticket.logged_in", data: { backend_data: "{room" } }, "data.backend_data", "JSON object"],
    ["backend_data an array", { type: "ticket.logged_in", data: { backend_data: [1] } }, "data.backend_data", "JSON object"],
    ["data not an object", { type: "ticket.logged_in", data: "x" }, "data", "expected object"],
    ["data nested 40 levels deep", { type: "ticket.logged_in", data: { vendor: JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) } }, "data", "nested too deeply"],
    ["an unknown top-level field", { type: "system.started", colour: "red" }, "colour", "is not a known field"],
    ["a custom type too long", { type: `custom.${"a".repeat(100)}` }, "type", "at most 100 characters"],
    ["a NUL in the ticket id", { type: "system.started", ticket_id: "T\u0000X" }, "ticket_id", "must not contain the NUL character"],
    ["an empty batch", [], "", "at least one event"],
    ["a batch over 1000", Array.from({ length: 1001 }, () => ({ type: "system.started" })), "", "at most 1000 events"],
    ["a string", JSON.stringify("system.started"), "", "expected object"],
  ])("%s is a 422 naming the field", async (_, body, path, message) => {
    const error = await expectErrorShape(await post(body), 422, "validation_failed");
    expect(error.issues[0]).toEqual({ path, message: expect.stringContaining(message) });
  });

  test("malformed JSON is a 400; a form body a 415", async () => {
    await expectErrorShape(await t.api("/api/events", { method: "POST", body: '{"type":' }), 400, "bad_request");
    await expectErrorShape(
      await t.api("/api/events", { method: "POST", body: "type=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      415,
      "unsupported_media_type",
    );
  });

  test("a batch with one bad event stores none of them", async () => {
    const res = await post([{ type: "system.started", ticket_id: "keep-out" }, { type: "nope" }]);
    const error = await expectErrorShape(res, 422, "validation_failed");
    expect(error.issues[0]!.path).toBe("1.type");
    const rs = await t.database.client.execute("SELECT count(*) AS n FROM events");
    expect(Number(rs.rows[0]!.n)).toBe(0);
  });

  test("the deliveries are created in the same transaction that stores the event", async () => {
    const webhook = (await (await t.api("/api/webhooks", { body: { name: "w", url: "http://127.0.0.1:9/x", events: ["ticket.*"] } })).json()) as { id: number };
    const { accepted } = (await (await post([{ type: "ticket.logged_in" }, { type: "system.started" }])).json()) as { accepted: string[] };
    const rows = await t.database.client.execute("SELECT e.uuid AS event_uuid, webhook_id, status FROM deliveries JOIN events e ON e.id = event_id");
    expect(rows.rows.map((r) => ({ ...r }) as Record<string, unknown>)).toEqual([{ event_uuid: accepted[0], webhook_id: webhook.id, status: "pending" }]);
  });

  test("concurrent posts all land (group commit) with no duplicate or lost uuid", async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => post({ type: "custom.burst", ticket_id: String(i) })));
    const uuids = await Promise.all(responses.map(async (r) => ((await r.json()) as { accepted: string[] }).accepted[0]!));
    expect(new Set(uuids).size).toBe(50);
    const rs = await t.database.client.execute("SELECT count(*) AS n FROM events");
    expect(Number(rs.rows[0]!.n)).toBe(50);
  });
});
