import { describe, expect, test } from "bun:test";
import { planClaims } from "../../src/delivery/claim-plan.ts";

const map = (entries: [number, number[]][]) => new Map(entries);

describe("planning a pass's claims", () => {
  test("with room for all, every due delivery is taken and webhooks with fewer than asked are drained", () => {
    const due = map([[1, [11, 12]], [2, [21, 22, 23]]]);
    const plan = planClaims(due, new Map([[1, 5], [2, 3]]), 10, 0);
    expect(plan.ids.sort()).toEqual([11, 12, 21, 22, 23]);
    expect([...plan.drained]).toEqual([1]);
  });

  test("short of room: taken in turns, and a webhook left with due work is not drained, however few it had", () => {
    const due = map([[1, [11, 12]], [2, [21, 22]], [3, [31, 32]]]);
    const limits = new Map([[1, 8], [2, 8], [3, 8]]);
    const plan = planClaims(due, limits, 4, 0);
    expect(plan.ids).toEqual([11, 21, 31, 12]);
    expect([...plan.drained]).toEqual([1]);
  });

  test("each pass starts with another webhook, so a short room does not always favour the first", () => {
    const due = map([[1, [11]], [2, [21]], [3, [31]]]);
    const limits = new Map([[1, 8], [2, 8], [3, 8]]);
    expect([0, 1, 2, 3].map((turn) => planClaims(due, limits, 1, turn).ids[0])).toEqual([11, 21, 31, 11]);
  });

  test("nothing due: nothing taken, every asked webhook drained", () => {
    const plan = planClaims(new Map([[1, []]]), new Map([[1, 8], [2, 8]]), 10, 3);
    expect(plan.ids).toEqual([]);
    expect([...plan.drained].sort()).toEqual([1, 2]);
  });
});
