import { describe, expect, test } from "bun:test";
import { attemptsSurelyWithin } from "../../src/delivery/retry-policy.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("attempts a delivery surely makes within a period (what auto-disable asks for)", () => {
  test("the schedule with every delay at its longest (+20 %): 6 s, 42 s, 3.1 min, 15.1 min, 51.1 min, 1 h 51 min", () => {
    expect(attemptsSurelyWithin(0, 6)).toBe(1);
    expect(attemptsSurelyWithin(MINUTE, 6)).toBe(3);
    expect(attemptsSurelyWithin(HOUR, 20)).toBe(6);
    expect(attemptsSurelyWithin(2 * HOUR, 20)).toBe(7);
  });

  test("never more than a delivery may make (max attempts)", () => {
    expect(attemptsSurelyWithin(24 * HOUR, 6)).toBe(6);
    expect(attemptsSurelyWithin(24 * HOUR, 1)).toBe(1);
  });
});
