/**
 * JavaScriptCore collects garbage as its heap grows, not when the process goes quiet: what
 * the last burst or the set-up left behind stays, as private memory, until the next burst.
 * Checked once a period: when the process used almost no CPU over it (less than 1 % of a
 * core) and the heap has grown by 1 MB since it was last collected, it is collected now,
 * and the memory goes back to the box. Under load it never runs: no pause is added.
 */
export interface IdleCollectorDeps {
  /** CPU time the process used so far, in microseconds (user and system). */
  cpuMicros(): number;
  /** Bytes the JavaScript heap holds now, garbage included. */
  heapBytes(): number;
  /** Collects the heap whole, now. */
  collect(): void;
}

const IDLE_CPU_SHARE = 0.01;
export const GROWTH_BYTES = 1024 * 1024;

/** Returns the check to run every `periodMs`. */
export function idleCollector(deps: IdleCollectorDeps, periodMs: number): () => void {
  let lastCpu = deps.cpuMicros();
  let collectedAt = deps.heapBytes();
  return () => {
    const cpu = deps.cpuMicros();
    const idle = cpu - lastCpu < periodMs * 1000 * IDLE_CPU_SHARE;
    lastCpu = cpu;
    const heap = deps.heapBytes();
    // collected meanwhile by the runtime itself: measure growth from there
    if (heap < collectedAt) collectedAt = heap;
    if (!idle || heap < collectedAt + GROWTH_BYTES) return;
    deps.collect();
    collectedAt = deps.heapBytes();
    // the collection's own CPU is not the next period's work
    lastCpu = deps.cpuMicros();
  };
}
