import { describe, expect, test } from "bun:test";
import { GroupCommit } from "../../src/db/group-commit.ts";

/** A GroupCommit whose writes are recorded, each item's result being its double. */
function recording(maxItems: number, spacingMs: number) {
  const writes: number[][] = [];
  const commits = new GroupCommit<number, number>(
    async (items) => {
      writes.push(items);
      return items.map((i) => i * 2);
    },
    maxItems,
    spacingMs,
  );
  return { commits, writes };
}

describe("group commit", () => {
  test("items submitted together share one write, each caller gets its own results", async () => {
    const { commits, writes } = recording(100, 0);
    const results = await Promise.all([commits.submit([1, 2]), commits.submit([3]), commits.submit([4, 5])]);
    expect(results).toEqual([[2, 4], [6], [8, 10]]);
    expect(writes).toEqual([[1, 2, 3, 4, 5]]);
  });

  test("a group never exceeds maxItems, unless one caller alone brings more", async () => {
    const { commits, writes } = recording(3, 0);
    await Promise.all([commits.submit([1, 2]), commits.submit([3, 4]), commits.submit([5, 6, 7, 8])]);
    expect(writes).toEqual([[1, 2], [3, 4], [5, 6, 7, 8]]);
  });

  test("a limit that is a function is asked anew for each group", async () => {
    let limit = 2;
    const writes: number[][] = [];
    const commits = new GroupCommit<number, number>(async (items) => {
      writes.push(items);
      limit = 10; // what the write learnt makes the next groups larger
      return items;
    }, () => limit);
    await Promise.all([1, 2, 3, 4, 5].map((i) => commits.submit([i])));
    expect(writes).toEqual([[1, 2], [3, 4, 5]]);
  });

  test("a failed write rejects its own callers only", async () => {
    let calls = 0;
    const commits = new GroupCommit<number, number>(async (items) => {
      if (calls++ === 0) throw new Error("disk full");
      return items;
    }, 1);
    const first = commits.submit([1]);
    const second = commits.submit([2]);
    await expect(first).rejects.toThrow("disk full");
    expect(await second).toEqual([2]);
  });

  describe("with spacing", () => {
    // far longer than any test runs: a write that waited for it would time the test out
    const SPACING_MS = 60_000;

    test("the first item after a quiet time is written at once", async () => {
      const { commits, writes } = recording(10, SPACING_MS);
      expect(await commits.submit([1])).toEqual([2]);
      expect(writes).toEqual([[1]]);
    });

    test("under load, items wait for the next write and share it; maxItems waiting write at once", async () => {
      const { commits, writes } = recording(4, SPACING_MS);
      await commits.submit([0]);
      // the spacing has not passed: these gather instead of being written one by one
      const gathered = [commits.submit([1]), commits.submit([2]), commits.submit([3])];
      // turns of the event loop in which a write without spacing would have happened
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
      expect(writes).toEqual([[0]]);
      const full = commits.submit([4]);
      expect(await Promise.all([...gathered, full])).toEqual([[2], [4], [6], [8]]);
      expect(writes).toEqual([[0], [1, 2, 3, 4]]);
    });

    test("a caller bringing maxItems on its own is not held back", async () => {
      const { commits, writes } = recording(3, SPACING_MS);
      await commits.submit([0]);
      expect(await commits.submit([1, 2, 3])).toEqual([2, 4, 6]);
      expect(writes).toEqual([[0], [1, 2, 3]]);
    });
  });
});
