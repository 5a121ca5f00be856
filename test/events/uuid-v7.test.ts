import { describe, expect, test } from "bun:test";
import { uuidV7 } from "../../src/events/uuid-v7.ts";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidV7", () => {
  test("is an RFC 9562 version 7 UUID whose first 48 bits are the time in milliseconds", () => {
    const at = Date.parse("2026-11-28T12:34:56.789Z");
    const id = uuidV7(at);
    expect(id).toMatch(V7);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  test("ids of later times sort after earlier ones; ids of one millisecond differ", () => {
    const start = Date.parse("2026-11-28T12:00:00.000Z");
    const ids = Array.from({ length: 300 }, (_, i) => uuidV7(start + i * 997));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => uuidV7(start)));
    expect(same.size).toBe(1000);
  });
});
