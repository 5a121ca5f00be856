/**
 * One pass of the figures that are compared between an empty and a full log: ingest
 * (nothing to deliver), delivery to 1 and to 10 endpoints, latency at a steady rate.
 */
import { benchEvent, deliveryThroughput, ingestRate, steadyStream, type DeliveryResult, type IngestResult, type StreamResult, type Target, type WaitLimits } from "./load.ts";
import type { Receiver } from "./receiver.ts";
import { medianBy, progress } from "./report.ts";
import { expectStatus, type Service } from "./service.ts";

export const ENDPOINTS = 10;
const MARKER_TYPE = "custom.bench_marker";
const MARKER_TIMEOUT_MS = 120_000;

export interface SuiteSizes {
  warmupMs: number;
  ingestMs: number;
  singleConcurrency: number;
  batch: number;
  batchConcurrency: number;
  deliveryEvents1: number;
  deliveryEvents10: number;
  /** Bursts per delivery figure: the median is reported, or the first that fell short. */
  deliveryRuns: number;
  wait: WaitLimits;
  rate: number;
  latencyMs: number;
}

/**
 * Deliveries sent before the delivery figures are taken: the service compiles a function
 * once it has run 5,000 times (src/main.ts), so the bursts measure the compiled delivery
 * path, as a box under load runs it, not the compiler's first work.
 */
const DELIVERY_WARMUP = 5_000;

/** A delivery figure: bursts delivered end to end, and what they cost the service. */
export interface DeliveryFigure extends DeliveryResult {
  /** The service's CPU time per delivery over all the bursts, µs: all its threads (the event's ingest included), and its main thread alone. */
  cpuUsPerDelivery: { all: number; main: number };
  /** How many bursts were run: the rate is their median (or the one that fell short), the CPU over them all. */
  bursts: number;
}

export interface SuiteResult {
  ingestSingle: IngestResult;
  ingestBatch: IngestResult;
  delivery1: DeliveryFigure;
  delivery10: DeliveryFigure;
  latency: StreamResult;
}

/** The bench's webhooks: `ENDPOINTS` that take every event, and a marker that takes only its own. */
export interface Hooks {
  endpoints: number[];
  marker: number;
}

async function createWebhook(service: Service, name: string, url: string, events: string[], enabled: boolean): Promise<number> {
  const created = await service.api("POST", "/api/webhooks", { name, url, events, enabled });
  return expectStatus(created, 201, `creating webhook ${name}`).id as number;
}

/** Created disabled: each measurement turns on the endpoints it delivers to. */
export async function createHooks(service: Service, receiver: Receiver): Promise<Hooks> {
  const endpoints: number[] = [];
  for (let i = 1; i <= ENDPOINTS; i++) endpoints.push(await createWebhook(service, `bench ${i}`, receiver.url(`/hook/${i}`), ["*"], false));
  const marker = await createWebhook(service, "bench marker", receiver.url("/marker"), [MARKER_TYPE], true);
  return { endpoints, marker };
}

/** The request the service sends for a bench event to webhook `webhookId`, as its preview renders it: what the `fetch()` loop sends. */
export async function serviceRequest(service: Service, webhookId: number): Promise<{ method: string; headers: Record<string, string>; body: string | null }> {
  const preview = await service.api("POST", `/api/webhooks/${webhookId}/preview`, { event: benchEvent() });
  const { method, headers, body } = expectStatus(preview, 200, "previewing the request");
  return { method, headers, body };
}

export async function enableEndpoints(service: Service, hooks: Hooks, count: number): Promise<void> {
  for (const [i, id] of hooks.endpoints.entries()) {
    expectStatus(await service.api("PATCH", `/api/webhooks/${id}`, { enabled: i < count }), 200, `switching webhook ${id}`);
  }
}

/**
 * Waits until the service has fanned out everything queued so far: events are fanned out
 * oldest first, so once a marker posted last arrives, no earlier event can still be
 * turned into deliveries for endpoints switched on after this.
 */
export async function drainFanOut(service: Service, receiver: Receiver): Promise<void> {
  receiver.reset();
  const uuid = crypto.randomUUID();
  expectStatus(await service.api("POST", "/api/events", { ...benchEvent(uuid), type: MARKER_TYPE }), 202, "posting a marker");
  const deadline = performance.now() + MARKER_TIMEOUT_MS;
  while (receiver.firstSeen(uuid) === undefined) {
    if (performance.now() > deadline) throw new Error(`the queue did not drain within ${MARKER_TIMEOUT_MS} ms`);
    await Bun.sleep(10);
  }
}

/** Why a burst fell short: how many deliveries the log still shows unfinished, and the last error among them. */
async function unfinishedDeliveries(service: Service): Promise<string> {
  const parts: string[] = [];
  for (const status of ["retrying", "pending"]) {
    const { items } = expectStatus(await service.api("GET", `/api/log?status=${status}&limit=100`), 200, "reading the log");
    if (items.length === 0) continue;
    const error = items.find((i: { error: string | null }) => i.error)?.error;
    parts.push(`${items.length === 100 ? "100+" : items.length} ${status}${error ? ` (${error})` : ""}`);
  }
  return parts.length > 0 ? parts.join(", ") : "none left unfinished in the log";
}

export async function runSuite(service: Service, receiver: Receiver, hooks: Hooks, target: Target, sizes: SuiteSizes): Promise<SuiteResult> {
  progress("ingest");
  await enableEndpoints(service, hooks, 0);
  const single = { batch: 1, concurrency: sizes.singleConcurrency };
  const batched = { batch: sizes.batch, concurrency: sizes.batchConcurrency };
  await ingestRate(target, { ...single, durationMs: sizes.warmupMs });
  const ingestSingle = await ingestRate(target, { ...single, durationMs: sizes.ingestMs });
  await ingestRate(target, { ...batched, durationMs: sizes.warmupMs });
  const ingestBatch = await ingestRate(target, { ...batched, durationMs: sizes.ingestMs });
  await drainFanOut(service, receiver);

  const burst = async (events: number, endpoints: number): Promise<DeliveryResult> => {
    const result = await deliveryThroughput(target, receiver, { events, endpoints, wait: sizes.wait });
    return result.delivered < result.expected ? { ...result, unfinished: await unfinishedDeliveries(service) } : result;
  };
  /**
   * The rate is the median burst's. The CPU is that of all the bursts together, from a
   * settled service to a settled service: what a burst leaves to do after its last arrival
   * (results written, memory given back) would otherwise be counted in the next one.
   */
  const bursts = async (events: number, endpoints: number): Promise<DeliveryFigure> => {
    const before = await service.settledCpu();
    const results: DeliveryResult[] = [];
    for (let i = 0; i < sizes.deliveryRuns; i++) results.push(await burst(events, endpoints));
    const after = await service.settledCpu();
    const delivered = results.reduce((sum, r) => sum + r.delivered, 0);
    const perDelivery = (ms: number) => (1000 * ms) / Math.max(delivered, 1);
    const cost = { cpuUsPerDelivery: { all: perDelivery(after.allMs - before.allMs), main: perDelivery(after.mainMs - before.mainMs) }, bursts: results.length };
    // a burst that fell short is the figure: it must not hide behind the others
    const short = results.find((r) => r.delivered < r.expected);
    return { ...(short ?? medianBy(results, (r) => r.webhooksPerSec)), ...cost };
  };
  progress("delivery to 1 endpoint");
  await enableEndpoints(service, hooks, 1);
  await burst(Math.max(Math.ceil(sizes.deliveryEvents1 / 10), DELIVERY_WARMUP), 1);
  const delivery1 = await bursts(sizes.deliveryEvents1, 1);
  progress(`latency at ${sizes.rate} events/s`);
  const latency = await steadyStream(target, receiver, { rate: sizes.rate, maxMs: sizes.latencyMs, wait: sizes.wait });
  progress(`delivery to ${ENDPOINTS} endpoints`);
  // No warm-up of its own: the runs to 1 endpoint have warmed the same code.
  await enableEndpoints(service, hooks, ENDPOINTS);
  const delivery10 = await bursts(sizes.deliveryEvents10, ENDPOINTS);
  await enableEndpoints(service, hooks, 0);
  return { ingestSingle, ingestBatch, delivery1, delivery10, latency };
}
