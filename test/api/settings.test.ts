import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createTestApp, expectErrorShape, jsonOf, type TestApp } from "../helpers/test-app.ts";
import type { Settings } from "../../src/settings/settings.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const DEFAULTS = {
  enabled: true,
  read_interval_seconds: 10,
  log_retention_hours: 168,
  request_timeout_seconds: 10,
  max_attempts: 6,
  auto_disable_hours: 24,
};

describe("general settings", () => {
  test("defaults", async () => {
    const res = await t.api("/api/settings");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(DEFAULTS);
  });

  test("PUT sets every key; PATCH some; both persist", async () => {
    const all = { enabled: false, read_interval_seconds: 5, log_retention_hours: 24, request_timeout_seconds: 3, max_attempts: 3, auto_disable_hours: 0 };
    const put = await t.api("/api/settings", { method: "PUT", body: all });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual(all);
    const patch = await t.api("/api/settings", { method: "PATCH", body: { enabled: true } });
    expect(await patch.json()).toEqual({ ...all, enabled: true });
    expect(await (await t.api("/api/settings")).json()).toEqual({ ...all, enabled: true });
  });

  test("PUT needs every key", async () => {
    const error = await expectErrorShape(await t.api("/api/settings", { method: "PUT", body: { enabled: false } }), 422, "validation_failed");
    expect(error.issues.map((i) => i.path)).toContain("read_interval_seconds");
  });

  test.each([
    [{ read_interval_seconds: 0 }, "read_interval_seconds", "at least 1 second"],
    [{ read_interval_seconds: 2.5 }, "read_interval_seconds", "whole number"],
    [{ log_retention_hours: 9000 }, "log_retention_hours", "at most 8760 hours"],
    [{ request_timeout_seconds: 60 }, "request_timeout_seconds", "at most 25 seconds"],
    [{ max_attempts: 0 }, "max_attempts", "at least 1 attempt"],
    [{ auto_disable_hours: -1 }, "auto_disable_hours", "0 (never) or more"],
    [{ enabled: "yes" }, "enabled", "true or false"],
    [{ colour: "red" }, "colour", "is not a known field"],
  ])("PATCH %j is a 422 naming the field", async (body, path, message) => {
    const error = await expectErrorShape(await t.api("/api/settings", { method: "PATCH", body }), 422, "validation_failed");
    expect(error.issues[0]).toEqual({ path, message: expect.stringContaining(message) });
    expect(await (await t.api("/api/settings")).json()).toEqual(DEFAULTS);
  });

  test("a stored value another process made invalid falls back to its default", async () => {
    await t.database.client.execute("INSERT INTO settings (key, value, updated_at) VALUES ('max_attempts', '\"many\"', 0)");
    expect((await jsonOf<Settings>(t.api("/api/settings"))).max_attempts).toBe(6);
  });

  test("a change another process writes is seen at the next read, even within the same millisecond", async () => {
    expect((await jsonOf<Settings>(t.api("/api/settings"))).max_attempts).toBe(6);
    for (const value of [3, 4]) {
      await t.database.client.execute({
        sql: "INSERT INTO settings (key, value, updated_at) VALUES ('max_attempts', ?, 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        args: [String(value)],
      });
      expect((await jsonOf<Settings>(t.api("/api/settings"))).max_attempts).toBe(value);
    }
  });
});
