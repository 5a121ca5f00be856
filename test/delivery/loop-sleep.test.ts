import { describe, expect, test } from "bun:test";
import { LoopSleep } from "../../src/delivery/loop-sleep.ts";

// long enough that a sleep ending early can only have been woken
const LONG_MS = 60_000;

describe("the loop's sleep between passes", () => {
  test("a wake-up ends a sleep under way", async () => {
    const sleep = new LoopSleep();
    const sleeping = sleep.for(LONG_MS);
    sleep.wake();
    expect(await sleeping).toBe("woken");
  });

  test("a wake-up during a pass is kept: the sleep after it does not wait", async () => {
    const sleep = new LoopSleep();
    sleep.wake();
    expect(sleep.woken).toBe(true);
    expect(await sleep.for(LONG_MS)).toBe("woken");
  });

  test("a reset forgets the wake-ups so far: the sleep runs its time", async () => {
    const sleep = new LoopSleep();
    sleep.wake();
    sleep.reset();
    expect(sleep.woken).toBe(false);
    expect(await sleep.for(1)).toBe("elapsed");
  });
});
