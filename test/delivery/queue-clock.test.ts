import { describe, expect, test } from "bun:test";
import { QueueClock } from "../../src/delivery/queue-clock.ts";

function clocks() {
  const c = { wall: 1_000_000, monotonic: 0, jumps: [] as number[] };
  const clock = new QueueClock(() => c.wall, () => c.monotonic, (jumpMs) => c.jumps.push(jumpMs));
  return { c, clock };
}

describe("the queue's clock", () => {
  test("a jump is heard once, and the queue's time stays before it until it is followed", async () => {
    const { c, clock } = clocks();
    c.wall += 3_600_000;
    expect(clock.now()).toBe(1_000_000);
    expect(c.jumps).toEqual([3_600_000]);
    const moved: number[] = [];
    expect(await clock.follow(async (jumpMs) => void moved.push(jumpMs))).toBe(true);
    expect(moved).toEqual([3_600_000]);
    expect(clock.now()).toBe(4_600_000);
    expect(await clock.follow(async () => void moved.push(0))).toBe(false);
    expect(moved).toEqual([3_600_000]);
    expect(c.jumps).toEqual([3_600_000]);
  });

  test("time passing moves it as the wall clock; a jump back is followed the same", async () => {
    const { c, clock } = clocks();
    c.wall += 5_000;
    c.monotonic += 5_000;
    expect(clock.now()).toBe(1_005_000);
    c.wall -= 60_000;
    expect(clock.now()).toBe(1_005_000);
    await clock.follow(async () => {});
    expect(clock.now()).toBe(945_000);
    expect(c.jumps).toEqual([-60_000]);
  });

  test("a follow that fails leaves the jump to follow next time", async () => {
    const { c, clock } = clocks();
    c.wall += 7_200_000;
    clock.now();
    const failing = clock.follow(async () => {
      throw new Error("database is locked");
    });
    await expect(failing).rejects.toThrow("database is locked");
    expect(clock.now()).toBe(1_000_000);
    const moved: number[] = [];
    await clock.follow(async (jumpMs) => void moved.push(jumpMs));
    expect(moved).toEqual([7_200_000]);
  });
});
