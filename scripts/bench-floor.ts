/**
 * What the service's own code and features cost a delivery beyond its durable work, and
 * what that durable work costs beside a bare `fetch()`: `bun scripts/bench-floor.ts` runs
 * the compiled binary (built first if missing) and the floor (scripts/bench/floor-service.ts:
 * the same schema, transactions, fsyncs and `fetch` calls, nothing else) in turns, ROUNDS
 * times (default 3), each on a new database with one webhook to a loopback receiver. Each
 * turn sends BURSTS bursts (default 30) of 800 events in requests of 100, as the bench's
 * delivery figure does, after a warm-up of 15 bursts, and takes the process's CPU time (all
 * threads, from settled to settled) per delivery. Each round then runs the bench's `fetch()`
 * loop (the service's request, 8 in flight, 3 s) for its CPU per request. It prints each
 * round, then min/median/max of the three and of their ratios, which, measured in the same
 * minutes, vary less than the figures themselves.
 */
import { measureCeiling, type CeilingSpec } from "./bench/ceiling.ts";
import { deliveryThroughput } from "./bench/load.ts";
import { withReceiver, type Receiver } from "./bench/receiver.ts";
import { medianBy } from "./bench/report.ts";
import { benchBinary, withTempService } from "./bench/service.ts";
import { createHooks, enableEndpoints, serviceRequest } from "./bench/suite.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BURSTS = Number(process.env.BURSTS ?? 30);
const WARM_UP_BURSTS = 15;
const EVENTS_PER_BURST = 800;
const TOKEN = "bench-floor-token-0123456789abcdef";
const WAIT = { idleMs: 5000, maxMs: 120_000 };
const FLOOR = [process.execPath, new URL("./bench/floor-service.ts", import.meta.url).pathname];
const LOOP = { concurrency: 8, warmupMs: 1000, durationMs: 3000 };

const binary = await benchBinary();

/** The loop sends what the service sends (taken in its first turn). */
let loopSpec: CeilingSpec | undefined;

/** CPU µs per delivery of one turn: warm-up, then the measured bursts. */
async function turn(receiver: Receiver, kind: "service" | "floor"): Promise<number> {
  const command = kind === "service" ? binary : [...FLOOR, "--target", receiver.url("/hook/1")];
  return withTempService(command, kind, TOKEN, async (service) => {
    if (kind === "service") {
      const hooks = await createHooks(service, receiver);
      await enableEndpoints(service, hooks, 1);
      loopSpec ??= { ...LOOP, ...(await serviceRequest(service, hooks.endpoints[0]!)), urls: [receiver.url("/hook/1")] };
    }
    const target = { url: service.url, token: TOKEN };
    const burst = async () => {
      const result = await deliveryThroughput(target, receiver, { events: EVENTS_PER_BURST, endpoints: 1, wait: WAIT });
      if (result.delivered < result.expected) throw new Error(`the ${kind} delivered ${result.delivered} of ${result.expected}`);
    };
    for (let i = 0; i < WARM_UP_BURSTS; i++) await burst();
    const before = await service.settledCpu();
    for (let i = 0; i < BURSTS; i++) await burst();
    const after = await service.settledCpu();
    return (1000 * (after.allMs - before.allMs)) / (BURSTS * EVENTS_PER_BURST);
  });
}

const rounds: { service: number; floor: number; loop: number }[] = [];
await withReceiver(async (receiver) => {
  for (let round = 1; round <= ROUNDS; round++) {
    const floor = await turn(receiver, "floor");
    const service = await turn(receiver, "service");
    const loop = (await measureCeiling(loopSpec!)).cpuUsPerRequest;
    rounds.push({ service, floor, loop });
    console.log(
      `round ${round}: service ${service.toFixed(0)} µs, floor ${floor.toFixed(0)} µs CPU per delivery, loop ${loop.toFixed(0)} µs per request: ` +
        `service / floor ${(service / floor).toFixed(2)} ×, floor / loop ${(floor / loop).toFixed(2)} ×, service / loop ${(service / loop).toFixed(2)} ×`,
    );
  }
});
const spread = (values: number[], digits: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0]!, medianBy(sorted, (v) => v), sorted.at(-1)!].map((v) => v.toFixed(digits)).join(" / ");
};
console.log("min / median / max:");
for (const [name, value, digits, unit] of [
  ["service", (r) => r.service, 0, "µs"],
  ["floor", (r) => r.floor, 0, "µs"],
  ["loop", (r) => r.loop, 0, "µs"],
  ["service / floor", (r) => r.service / r.floor, 2, "×"],
  ["floor / loop", (r) => r.floor / r.loop, 2, "×"],
  ["service / loop", (r) => r.service / r.loop, 2, "×"],
] as const satisfies readonly (readonly [string, (r: (typeof rounds)[number]) => number, number, string])[]) {
  console.log(`  ${name.padEnd(16)} ${spread(rounds.map(value), digits)} ${unit}`);
}
