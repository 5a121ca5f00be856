/**
 * Many webhooks and a large backlog, on the compiled binary (built first if missing): the
 * bench's many-webhooks case (scripts/bench/backlog.ts) at another size.
 * `bun scripts/bench-many-webhooks.ts` creates WEBHOOKS webhooks (default 100), each
 * taking every ticket event, queues EVENTS events (default 1,000, so 100,000 deliveries)
 * as fast as the API takes them, and waits until the loopback receiver has every delivery.
 * It prints the largest backlog it saw (deliveries queued, not yet received), the
 * service's peak memory (VmHWM: the kernel's high-water mark, so no peak is missed between
 * samples), the delivery rate and the service's CPU per delivery (all threads, ingest
 * included). Not a test: it takes a minute or two.
 * `WEBHOOKS=1 EVENTS=100000` gives the one-webhook figure to compare with; `BATCH=1000
 * CONCURRENCY=5` queues the events as the largest requests the API takes, five at once
 * (500,000 deliveries to fan out in one go with 100 webhooks).
 */
import { measureBacklog } from "./bench/backlog.ts";
import { withReceiver } from "./bench/receiver.ts";
import { benchBinary, withTempService } from "./bench/service.ts";

const WEBHOOKS = Number(process.env.WEBHOOKS ?? 100);
const EVENTS = Number(process.env.EVENTS ?? 1_000);
const BATCH = Number(process.env.BATCH ?? 100);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
/** A run that receives nothing for this long has stalled. */
const WAIT = { idleMs: 30_000, maxMs: 3_600_000 };
const TOKEN = "bench-many-webhooks-token-0123456789";

const binary = await benchBinary();
await withReceiver((receiver) =>
  withTempService(binary, "many", TOKEN, async (service) => {
    const result = await measureBacklog(service, receiver, { webhooks: WEBHOOKS, events: EVENTS, batch: BATCH, concurrency: CONCURRENCY, wait: WAIT });
    if (result.delivered < result.expected) throw new Error(`stalled at ${result.delivered} of ${result.expected} deliveries`);
    const seconds = result.delivered / result.deliveriesPerSec;
    console.log(
      [
        `${WEBHOOKS} webhooks, ${EVENTS} events in requests of ${BATCH}, ${CONCURRENCY} at once: ${result.expected} deliveries (after a warm-up of a tenth as many)`,
        `events queued in ${(result.queuedMs / 1000).toFixed(1)} s; largest backlog ${result.maxBacklog} deliveries`,
        `delivered in ${seconds.toFixed(1)} s: ${Math.round(result.deliveriesPerSec)} deliveries/s, ${result.cpuUsPerDelivery.toFixed(0)} µs CPU per delivery`,
        `memory: peak ${result.peakMb.toFixed(0)} MB (${result.queuedPeakMb.toFixed(0)} MB once all were queued), ${result.rssMb.toFixed(0)} MB at the end (unit limit 150 MB)`,
      ].join("\n"),
    );
  }),
);
