import { describe, expect, test } from "bun:test";
import { EndpointPacing, MAX_ROUNDS_AHEAD } from "../../src/delivery/endpoint-pacing.ts";

/** A claim may wait 18.75 s with a 10 s request timeout (30 s lease, less margins). */
const BUDGET_MS = 18_750;

describe("pacing how far ahead a webhook is claimed", () => {
  test("an endpoint not heard from yet, or a fast one, gets the most rounds of its slots", () => {
    const pacing = new EndpointPacing(4);
    expect(pacing.depth(1, BUDGET_MS)).toBe(4 * MAX_ROUNDS_AHEAD);
    pacing.observe(1, 5);
    expect(pacing.depth(1, BUDGET_MS)).toBe(4 * MAX_ROUNDS_AHEAD);
  });

  test("a slow endpoint gets as many rounds as its answers, taken twice over, fit in the budget; at least one", () => {
    const pacing = new EndpointPacing(4);
    pacing.observe(1, 3_000);
    expect(pacing.depth(1, BUDGET_MS)).toBe(4 * 3);
    pacing.observe(2, 20_000);
    expect(pacing.depth(2, BUDGET_MS)).toBe(4);
    expect(pacing.depth(3, 0)).toBe(4);
  });

  test("the mean follows recent answers, each webhook its own", () => {
    const pacing = new EndpointPacing(1);
    pacing.observe(1, 1_000);
    pacing.observe(1, 6_000);
    // 0.8 × 1000 + 0.2 × 6000 = 2000 ms: 18750 / 4000 → 4 rounds
    expect(pacing.depth(1, BUDGET_MS)).toBe(4);
    expect(pacing.depth(2, BUDGET_MS)).toBe(MAX_ROUNDS_AHEAD);
  });
});
