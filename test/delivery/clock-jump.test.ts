import { describe, expect, test } from "bun:test";
import { watchClock } from "../../src/delivery/clock-jump.ts";

describe("the clock watcher", () => {
  test("time passing is steady; the wall clock set, forward or back, is a jump by that much, reported once", () => {
    const clocks = { wall: 1_000_000, monotonic: 50 };
    const watcher = watchClock(() => clocks.wall, () => clocks.monotonic);
    const pass = (ms: number) => ((clocks.wall += ms), (clocks.monotonic += ms));
    pass(10_000);
    expect(watcher.read()).toEqual({ kind: "steady", now: 1_010_000 });
    clocks.wall += 90_000_000;
    pass(5);
    expect(watcher.read()).toEqual({ kind: "jumped", now: 91_010_005, jumpMs: 90_000_000 });
    pass(5);
    expect(watcher.read().kind).toBe("steady");
    clocks.wall -= 3_600_000;
    expect(watcher.read()).toEqual({ kind: "jumped", now: 87_410_010, jumpMs: -3_600_000 });
  });

  test("drift and slewing below a second between two readings are not a jump", () => {
    const clocks = { wall: 0, monotonic: 0 };
    const watcher = watchClock(() => clocks.wall, () => clocks.monotonic);
    clocks.monotonic += 10_000;
    clocks.wall += 10_005;
    expect(watcher.read().kind).toBe("steady");
    clocks.monotonic += 10_000;
    clocks.wall += 9_100;
    expect(watcher.read().kind).toBe("steady");
  });
});
