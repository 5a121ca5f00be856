import { describe, expect, test } from "bun:test";
import { GROWTH_BYTES, idleCollector } from "../src/idle-collector.ts";

const PERIOD_MS = 1000;
const MB = 1024 * 1024;

/** A process whose CPU time and heap the test sets; a collection takes `collectCpu` µs and leaves `afterCollect` bytes. */
function process_(start = { heap: 10 * MB }) {
  const state = { cpu: 0, heap: start.heap, collections: 0, afterCollect: 10 * MB, collectCpu: 20_000 };
  const tick = idleCollector(
    {
      cpuMicros: () => state.cpu,
      heapBytes: () => state.heap,
      collect: () => {
        state.collections++;
        state.heap = state.afterCollect;
        state.cpu += state.collectCpu;
      },
    },
    PERIOD_MS,
  );
  return { state, tick };
}

describe("collecting the heap when the process goes quiet", () => {
  test("after work, once quiet: collected once, not again while nothing grows", () => {
    const { state, tick } = process_();
    // a burst: busy, the heap grows
    state.cpu += 800_000;
    state.heap += 30 * MB;
    tick();
    expect(state.collections).toBe(0);
    // the next second is quiet: its garbage goes
    state.cpu += 2_000;
    tick();
    expect(state.collections).toBe(1);
    expect(state.heap).toBe(10 * MB);
    // the collection's own CPU is not counted as the next second's work: still quiet
    state.heap += GROWTH_BYTES;
    state.cpu += 1_000;
    tick();
    expect(state.collections).toBe(2);
    // quiet on, nothing new: no more collections
    for (let i = 0; i < 5; i++) {
      state.cpu += 1_000;
      tick();
    }
    expect(state.collections).toBe(2);
  });

  test("never while busy, however much the heap grew", () => {
    const { state, tick } = process_();
    for (let i = 0; i < 10; i++) {
      state.cpu += PERIOD_MS * 1000 * 0.05;
      state.heap += 20 * MB;
      tick();
    }
    expect(state.collections).toBe(0);
  });

  test("quiet with less than the growth it waits for: left to the runtime", () => {
    const { state, tick } = process_();
    state.heap += GROWTH_BYTES - 1;
    state.cpu += 100;
    tick();
    expect(state.collections).toBe(0);
    state.heap += 1;
    state.cpu += 100;
    tick();
    expect(state.collections).toBe(1);
  });

  test("a collection by the runtime itself: growth counts from where it left the heap", () => {
    const { state, tick } = process_({ heap: 40 * MB });
    state.heap = 12 * MB;
    state.cpu += 100;
    tick();
    state.heap = 12 * MB + GROWTH_BYTES - 1;
    state.cpu += 100;
    tick();
    expect(state.collections).toBe(0);
    state.heap = 12 * MB + GROWTH_BYTES;
    state.cpu += 100;
    tick();
    expect(state.collections).toBe(1);
  });
});
