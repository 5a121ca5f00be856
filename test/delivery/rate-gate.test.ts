import { describe, expect, test } from "bun:test";
import { RateGate } from "../../src/delivery/rate-gate.ts";

/** Sends taken by a dispatcher that looks every `stepMs` for `ms`, as many as the gate lets through. */
function sendsOver(gate: RateGate, perMinute: number | null, ms: number, stepMs: number, backlog = Infinity): number[] {
  const at: number[] = [];
  for (let now = 0; now < ms && at.length < backlog; now += stepMs) {
    while (at.length < backlog && gate.take(1, perMinute, now)) {
      at.push(now);
      if (perMinute === null) break;
    }
  }
  return at;
}

describe("the rate gate", () => {
  test("60 a minute is one a second, evenly, never the minute's allowance at once", () => {
    const at = sendsOver(new RateGate(), 60, 60_000, 7);
    expect(at.length).toBeGreaterThanOrEqual(54);
    expect(at.length).toBeLessThanOrEqual(66);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
  });

  test("a dispatcher that looks late keeps the rate within 10 %, without catching up in a burst after idling", () => {
    for (const step of [3, 37, 110]) expect(Math.abs(sendsOver(new RateGate(), 120, 60_000, step).length - 120)).toBeLessThanOrEqual(12);
    const gate = new RateGate();
    expect(gate.take(1, 60, 0)).toBe(true);
    // idle for a minute: the next goes at once, the one after a second later, not 60 at once
    expect(gate.take(1, 60, 60_000)).toBe(true);
    expect(gate.take(1, 60, 60_001)).toBe(false);
    expect(gate.take(1, 60, 61_000)).toBe(true);
  });

  test("a Retry-After holds the whole webhook back, others not; without a limit it is the only hold", () => {
    const gate = new RateGate();
    gate.holdUntil(1, 10_000);
    expect(gate.take(1, null, 9_999)).toBe(false);
    expect(gate.take(2, null, 9_999)).toBe(true);
    expect(gate.take(1, null, 10_000)).toBe(true);
    expect(gate.take(1, null, 10_000)).toBe(true);
    gate.holdUntil(1, 5_000);
    expect(gate.opensAt(1)).toBe(10_000);
  });
});
