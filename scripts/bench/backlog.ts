/**
 * Delivery from a backlog to many webhooks: a fresh service gets `webhooks` webhooks, each
 * taking every ticket event, and `events` events queued as fast as the API takes them
 * (batches of 100, 4 under way), far faster than they can be sent, so nearly all of the
 * deliveries wait in the queue at once. Measured until the receiver has every one.
 */
import { benchEvent, waitWhileProgressing, type WaitLimits } from "./load.ts";
import type { Receiver } from "./receiver.ts";
import { expectStatus, type Service } from "./service.ts";

const BATCH = 100;
/** Batches under way at once, as the bench's batched ingest. */
const CONCURRENCY = 4;
/** The warm-up's share of the events: the JIT's first work is not what a delivery costs. */
const WARMUP_SHARE = 0.1;

export interface BacklogSpec {
  webhooks: number;
  events: number;
  wait: WaitLimits;
  /** Events per request (default 100) and requests under way at once (default 4). */
  batch?: number;
  concurrency?: number;
}

export interface BacklogResult {
  webhooks: number;
  events: number;
  expected: number;
  delivered: number;
  /** Deliveries queued and not yet received, the most seen at once. */
  maxBacklog: number;
  /** From the first POST to the last event accepted. */
  queuedMs: number;
  deliveriesPerSec: number;
  /** The service's CPU time per delivery, µs, all threads, the events' ingest included. */
  cpuUsPerDelivery: number;
  /** VmHWM once everything was queued, and at the end (the warm-up included). */
  queuedPeakMb: number;
  peakMb: number;
  /** VmRSS at the end. */
  rssMb: number;
}

/** Webhooks created at once: one after another, 100 take about a second. */
const CREATE_CONCURRENCY = 8;

async function createWebhooks(service: Service, receiver: Receiver, count: number): Promise<void> {
  let next = 1;
  async function create() {
    while (next <= count) {
      const i = next++;
      const body = { name: `backlog ${i}`, url: receiver.url(`/hook/${i}`), events: ["ticket.*"] };
      expectStatus(await service.api("POST", "/api/webhooks", body), 201, `creating webhook ${i}`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(CREATE_CONCURRENCY, count) }, create));
}

/** Queues the events, waits for every delivery, and reads what it cost. */
async function deliverBacklog(service: Service, receiver: Receiver, spec: BacklogSpec): Promise<BacklogResult> {
  receiver.reset();
  const expected = spec.webhooks * spec.events;
  let queued = 0;
  let maxBacklog = 0;
  const received = () => {
    const count = receiver.arrivals().length;
    maxBacklog = Math.max(maxBacklog, queued - count);
    return count;
  };
  const before = service.cpu();
  const started = performance.now();
  let next = 0;
  async function ingest() {
    while (next < spec.events) {
      const count = Math.min(spec.batch ?? BATCH, spec.events - next);
      next += count;
      const body = Array.from({ length: count }, () => benchEvent());
      expectStatus(await service.api("POST", "/api/events", body), 202, "queueing events");
      queued += count * spec.webhooks;
      received();
    }
  }
  await Promise.all(Array.from({ length: spec.concurrency ?? CONCURRENCY }, ingest));
  const queuedMs = performance.now() - started;
  const queuedPeakMb = service.memory().peakMb;
  await waitWhileProgressing(() => received() >= expected, received, spec.wait);
  const delivered = received();
  const elapsedMs = (receiver.arrivals().at(-1)?.at ?? performance.now()) - started;
  const after = await service.settledCpu();
  const { rssMb, peakMb } = service.memory();
  return {
    webhooks: spec.webhooks,
    events: spec.events,
    expected,
    delivered,
    maxBacklog,
    queuedMs,
    deliveriesPerSec: delivered / (elapsedMs / 1000),
    cpuUsPerDelivery: (1000 * (after.allMs - before.allMs)) / Math.max(delivered, 1),
    queuedPeakMb,
    peakMb,
    rssMb,
  };
}

/**
 * Sets up the webhooks on `service` (a fresh one: it must have no other webhooks), warms it
 * up with a tenth of the events, then measures the backlog. A warm-up that fell short is
 * the result: its leftovers would be counted as the measurement's.
 */
export async function measureBacklog(service: Service, receiver: Receiver, spec: BacklogSpec): Promise<BacklogResult> {
  await createWebhooks(service, receiver, spec.webhooks);
  const warmup = await deliverBacklog(service, receiver, { ...spec, events: Math.max(1, Math.round(spec.events * WARMUP_SHARE)) });
  if (warmup.delivered < warmup.expected) return warmup;
  // the warm-up's last work (results written, memory given back) is not the measurement's
  await service.settledCpu();
  return deliverBacklog(service, receiver, spec);
}
