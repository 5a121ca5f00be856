/**
 * The environment the Bun entry (main.ts) runs itself again with, before it loads
 * anything else; kept apart so that a benchmark's reference process runs as tuned.
 * JavaScriptCore is tuned for a desktop, not for the service's budget (the systemd unit's
 * MemoryMax of 150 MB):
 * - The heap is sized as on a 512 MB box: on a large machine a burst of deliveries grew it
 *   past the budget (measured: 125–135 MB instead of up to 190 MB), and at 256 MB it
 *   collects so often that throughput drops.
 * - A function is compiled after 5,000 runs (1,000 once warm), not 500 (100): start-up and
 *   the admin API, which run a few times, stay interpreted, while the delivery path, run
 *   thousands of times a minute under load, is compiled as before. Idle private memory
 *   27 → 24.6 MB, CPU per delivery unchanged; at 20,000 it rose by half.
 * - No FTL, the last and costliest of its compilers: the delivery path is mostly native
 *   work (SQLite, fetch), so FTL's code ran it no faster, while recompiling it kept a core
 *   busy (over 100,000 deliveries: 10.5 µs of compiling per delivery, 2.6 without; in
 *   all 161 → 146 µs), on a box that has two.
 * - The C allocator (SQLite's, the driver's) keeps up to 1 MB free at the top of its heap
 *   instead of 128 KB, and grows it 256 KB at a time: it gave memory back and took it again
 *   about once per three deliveries, each time faulting its pages in anew (strace: 1,500
 *   brk calls per 4,000 deliveries, 11 with this; page faults 3.0–3.4 → 0.95 per delivery).
 */
export const TUNING = {
  BUN_JSC_forceRAMSize: String(512 * 1024 * 1024),
  BUN_JSC_thresholdForJITAfterWarmUp: "5000",
  BUN_JSC_thresholdForJITSoon: "1000",
  BUN_JSC_useFTLJIT: "0",
  MALLOC_TRIM_THRESHOLD_: String(1024 * 1024),
  MALLOC_TOP_PAD_: String(256 * 1024),
};
