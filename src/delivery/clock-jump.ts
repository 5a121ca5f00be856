/** The wall clock now, and whether it was set (by `jumpMs`, forward or back) since the last reading. */
export type ClockReading = { kind: "steady"; now: number } | { kind: "jumped"; now: number; jumpMs: number };

/**
 * Less than this between the two clocks is drift, NTP slewing (at most 0.5 ms a second)
 * or rounding; more is the clock being set.
 */
const TOLERANCE_MS = 1_000;

/**
 * Watches the wall clock (`now`, epoch ms) against a monotonic one (`monotonic`, such as
 * `performance.now()`, which setting the clock does not move). A box boots with a clock
 * it cannot trust and NTP sets it later, by hours or years: each `read()` says whether
 * the wall clock moved other than the monotonic one since the last.
 */
export function watchClock(now: () => number, monotonic: () => number) {
  let lastWall = now();
  let lastMonotonic = monotonic();
  return {
    read(): ClockReading {
      const wall = now();
      const elapsed = monotonic() - lastMonotonic;
      const jumpMs = wall - lastWall - elapsed;
      lastWall = wall;
      lastMonotonic += elapsed;
      if (Math.abs(jumpMs) < TOLERANCE_MS) return { kind: "steady", now: wall };
      return { kind: "jumped", now: wall, jumpMs };
    },
  };
}
