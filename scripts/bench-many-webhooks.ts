/**
 * Many webhooks and a large backlog, on the compiled binary (built first if missing):
 * `bun scripts/bench-many-webhooks.ts` creates WEBHOOKS webhooks (default 100), each
 * taking every ticket event, queues EVENTS events (default 1,000, so 100,000 deliveries)
 * as fast as the API takes them, in batches of 100, and waits until the loopback
 * receiver has every delivery. It prints the largest backlog it saw (deliveries queued,
 * not yet received), the service's peak memory (VmHWM: the kernel's high-water mark, so
 * no peak is missed between samples), the delivery rate and the service's CPU per
 * delivery (all threads, ingest included). Not a test: it takes a minute or two.
 * `WEBHOOKS=1 EVENTS=100000` gives the one-webhook figure to compare with.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { benchEvent } from "./bench/load.ts";
import { startReceiver } from "./bench/receiver.ts";
import { DEFAULT_BINARY, ensureBinary, expectStatus, startService } from "./bench/service.ts";

const WEBHOOKS = Number(process.env.WEBHOOKS ?? 100);
const EVENTS = Number(process.env.EVENTS ?? 1_000);
const BATCH = 100;
/** Batches under way at once, as the compiled bench's batched ingest. */
const CONCURRENCY = 4;
/** A delivery run that receives nothing for this long has stalled. */
const STALL_MS = 30_000;
const TOKEN = "bench-many-webhooks-token-0123456789";

const binary = resolve(process.env.BENCH_BINARY ?? DEFAULT_BINARY);
await ensureBinary(binary);
const dir = mkdtempSync(join(tmpdir(), "iacbox-webhooks-many-"));
const receiver = startReceiver();
const service = await startService(binary, dir, join(dir, "webhooks.db"), TOKEN);
try {
  for (let i = 1; i <= WEBHOOKS; i++) {
    const body = { name: `bench ${i}`, url: receiver.url(`/hook/${i}`), events: ["ticket.*"] };
    expectStatus(await service.api("POST", "/api/webhooks", body), 201, `creating webhook ${i}`);
  }
  const total = WEBHOOKS * EVENTS;
  let maxBacklog = 0;
  let queued = 0;
  const sample = () => (maxBacklog = Math.max(maxBacklog, queued - receiver.arrivals().length));
  const sampler = setInterval(sample, 50);
  const startCpu = service.cpu().allMs;
  const started = performance.now();

  let next = 0;
  async function ingest() {
    while (next < EVENTS) {
      const count = Math.min(BATCH, EVENTS - next);
      next += count;
      const body = Array.from({ length: count }, () => benchEvent());
      expectStatus(await service.api("POST", "/api/events", body), 202, "queueing events");
      queued += count * WEBHOOKS;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, ingest));
  const ingestedMs = performance.now() - started;
  const queuedPeakMb = service.memory().peakMb;

  let last = { count: 0, at: performance.now() };
  while (receiver.arrivals().length < total) {
    await Bun.sleep(100);
    sample();
    const count = receiver.arrivals().length;
    if (count > last.count) last = { count, at: performance.now() };
    else if (performance.now() - last.at > STALL_MS) throw new Error(`stalled at ${count} of ${total} deliveries`);
  }
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const cpuUs = ((service.cpu().allMs - startCpu) * 1000) / total;
  const { rssMb, peakMb } = service.memory();
  console.log(
    [
      `${WEBHOOKS} webhooks, ${EVENTS} events: ${total} deliveries`,
      `events queued in ${(ingestedMs / 1000).toFixed(1)} s; largest backlog ${maxBacklog} deliveries`,
      `delivered in ${seconds.toFixed(1)} s: ${Math.round(total / seconds)} deliveries/s, ${cpuUs.toFixed(0)} µs CPU per delivery`,
      `memory: peak ${peakMb.toFixed(0)} MB (${queuedPeakMb.toFixed(0)} MB once all were queued), ${rssMb.toFixed(0)} MB at the end (unit limit 150 MB)`,
    ].join("\n"),
  );
} finally {
  await service.stop();
  receiver.stop();
  rmSync(dir, { recursive: true, force: true });
}
