import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EVENT_TYPES } from "../../src/events/catalogue.ts";
import { createTestApp, expectErrorShape, jsonOf, type TestApp } from "../helpers/test-app.ts";

// The rules of the seed's data field table, as ingest keeps them: values from closed
// sets, `n/a` where a field belongs to another event, times in one form.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: () => new Date("2026-12-03T12:00:00.000Z") });
});
afterAll(() => t.close());

/** The data an event (the sample one when left out) is delivered with, every field filled, as the preview renders it. */
async function deliveredData(event?: Record<string, unknown>, events = ["*"]) {
  const webhook = { name: "CRM", url: "https://crm.example/hook", events, body: '{"data": {{{event.data}}}}' };
  const res = await t.api("/api/webhooks/preview", { body: event ? { webhook, event } : { webhook } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (JSON.parse((await jsonOf<{ body: string }>(res)).body) as { data: Record<string, unknown> }).data;
}

async function storedData(event: Record<string, unknown>) {
  const { accepted } = await jsonOf<{ accepted: string[] }>(t.api("/api/events", { body: event }));
  const rs = await t.database.client.execute({ sql: "SELECT data FROM events WHERE uuid = ?", args: [accepted[0]!] });
  return JSON.parse(String(rs.rows[0]!.data)) as Record<string, unknown>;
}

describe("login_type and limit outside their event", () => {
  test.each([
    ["system.backup.started", { login_type: "n/a", limit: "n/a" }],
    ["ticket.logged_out", { login_type: "n/a", limit: "n/a" }],
    ["custom.pms_checkout", { login_type: "n/a", limit: "n/a" }],
    ["ticket.logged_in", { login_type: "first", limit: "n/a" }],
    ["ticket.logged_out.limit_exceeded", { login_type: "n/a", limit: "time" }],
  ])("%s: delivered as %o, whatever was sent", async (type, expected) => {
    const event = { type, data: { login_type: "first", limit: "time" } };
    expect(await deliveredData(event)).toMatchObject(expected);
    // stored without a value the sender chose for another event's field
    expect(await storedData(event)).toEqual(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== "n/a")));
  });

  test("left out on their own event they stay empty; n/a is accepted there", async () => {
    expect(await deliveredData({ type: "ticket.logged_in" })).toMatchObject({ login_type: "", limit: "n/a" });
    expect(await deliveredData({ type: "ticket.logged_in", data: { login_type: "n/a" } })).toMatchObject({ login_type: "n/a" });
  });
});

describe("fields with a closed set of values", () => {
  test.each([
    ["login_type", "relogin", "first, reconnect, n/a"],
    ["limit", "data", "time, volume, n/a"],
    ["ticket_type", "group", "single, parent, child"],
    ["ticket_type", "Single", "single, parent, child"],
    ["shared_limits", 2, "1, 0"],
    ["shared_limits", "yes", "1, 0"],
    ["shared_limits", true, "1, 0"],
  ])("%s %p is a 422 naming the allowed values", async (field, value, values) => {
    // on the login event, so no field is replaced by n/a before it is checked
    const res = await t.api("/api/events", { body: { type: "ticket.logged_in", data: { [field]: value } } });
    const error = await expectErrorShape(res, 422, "validation_failed");
    expect(error.issues).toEqual([{ path: `data.${field}`, message: `must be one of ${values}` }]);
    expect(error.message).toBe(`data.${field}: must be one of ${values}`);
  });

  test("a value of another event's field is checked too, then replaced by n/a", async () => {
    const res = await t.api("/api/events", { body: { type: "system.started", data: { login_type: "always" } } });
    expect((await expectErrorShape(res, 422, "validation_failed")).issues[0]!.path).toBe("data.login_type");
  });

  test("allowed values are kept; shared_limits as a number, from a number or a string", async () => {
    const data = { login_type: "reconnect", ticket_type: "parent", shared_limits: "1" };
    expect(await storedData({ type: "ticket.logged_in", data })).toMatchObject({ ...data, shared_limits: 1 });
    expect(await storedData({ type: "ticket.logged_in", data: { shared_limits: 0, ticket_type: "" } })).toEqual({ shared_limits: 0 });
  });
});

describe("timestamp_* fields: delivered as ISO 8601 UTC to the second", () => {
  const DELIVERED = "2026-12-03T10:15:00Z";
  test.each([
    ["Unix seconds", 1796292900],
    ["Unix seconds as a string", "1796292900"],
    ["Unix seconds with a fraction", 1796292900.75],
    ["Unix milliseconds", 1796292900000],
    ["Unix milliseconds as a string", "1796292900999"],
    ["ISO 8601 UTC", DELIVERED],
    ["ISO 8601 with milliseconds", "2026-12-03T10:15:00.999Z"],
    ["ISO 8601 with an offset", "2026-12-03T11:15:00+01:00"],
    ["ISO 8601 with a space and a compact offset", "2026-12-03 05:15:00-0500"],
    ["ISO 8601 without seconds", "2026-12-03T10:15Z"],
  ])("%s", async (_, value) => {
    expect(await storedData({ type: "ticket.logged_out", data: { timestamp_lastseen: value } })).toMatchObject({ timestamp_lastseen: DELIVERED });
    expect(await deliveredData({ type: "ticket.logged_out", data: { timestamp_lastseen: value } })).toMatchObject({ timestamp_lastseen: DELIVERED });
  });

  test("empty, null and 0 mean unknown: delivered empty", async () => {
    const data = { timestamp_created: "", timestamp_first_logon: null, timestamp_expires: 0, timestamp_lastseen: "0" };
    expect(await deliveredData({ type: "ticket.revoked", data })).toMatchObject({
      timestamp_created: "", timestamp_first_logon: "", timestamp_expires: "", timestamp_lastseen: "",
    });
  });

  test.each([
    ["a word", "yesterday", "is not a time: use a date and time with its offset"],
    ["a time without its offset", "2026-12-03 10:15:00", "has no offset"],
    ["a day that does not exist", "2026-02-30T10:00:00Z", "is not a valid date and time"],
    ["an hour that does not exist", "2026-12-03T24:00:00Z", "is not a valid date and time"],
    ["an offset that does not exist", "2026-12-03T10:15:00+25:00", "is not a valid date and time"],
    ["a negative number", -1796292900, "is not a time"],
    ["a time past the year 9999", 1e17, "is outside the years 1970 to 9999"],
    ["a time before 1970", "1969-12-31T23:59:59Z", "is outside the years 1970 to 9999"],
    ["a boolean", true, "must be a date and time with its offset"],
  ])("%s is a 422 naming the field", async (_, value, message) => {
    const res = await t.api("/api/events", { body: { type: "ticket.logged_out", data: { timestamp_expires: value } } });
    const error = await expectErrorShape(res, 422, "validation_failed");
    expect(error.issues).toEqual([{ path: "data.timestamp_expires", message: expect.stringContaining(message) }]);
  });
});

describe("the sample event previews and template checks use", () => {
  test.each(EVENT_TYPES.map((e) => e.type))("%s follows the same rules: sent back in, it is unchanged", async (type) => {
    const sample = await deliveredData(undefined, [type]);
    expect(await deliveredData({ type, data: sample })).toEqual(sample);
    expect(sample.timestamp_created).toBe(type.startsWith("ticket.") ? "2026-11-27T15:02:11Z" : "");
  });
});
