/** Turns the measurements into the table's figures, each with its target from the issue. */
import type { Results } from "../bench.ts";
import type { BacklogResult } from "./backlog.ts";
import type { CeilingResult } from "./ceiling.ts";
import type { IngestResult, StreamResult } from "./load.ts";
import { percentile, type Figure } from "./report.ts";
import { ENDPOINTS, type DeliveryFigure } from "./suite.ts";

const count = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

function ingestNote(result: IngestResult, clients: number): string {
  const failed = result.failedRequests > 0 ? `, ${count(result.failedRequests)} requests failed` : "";
  return `${clients} clients, ${count(result.events)} events${failed}`;
}

function deliveryNote(result: DeliveryFigure, endpoints: number): string {
  const of = result.bursts > 1 ? ` (median of ${result.bursts} bursts)` : "";
  const received =
    result.delivered === result.expected
      ? `${count(result.delivered)} received${of}`
      : `only ${count(result.delivered)} of ${count(result.expected)} received; in the log: ${result.unfinished}`;
  const cpu = result.cpuUsPerDelivery;
  const cost = `; service CPU ${count(cpu.all)} µs per delivery (main thread ${count(cpu.main)}) over the ${result.bursts} bursts`;
  return (result.endpointsReached === endpoints ? received : `${received}; ${result.endpointsReached} of ${endpoints} endpoints reached`) + cost;
}

/** The issue's measure of a delivery's cost, both from this run: the service's CPU per delivery over the loop's per request. */
function costRatio(endpoints: string, delivery: DeliveryFigure, ceiling: CeilingResult, inFlight: number): Figure {
  const complete = delivery.delivered === delivery.expected;
  const service = delivery.cpuUsPerDelivery.all;
  return {
    name: `CPU per delivery / loop, ${endpoints}`,
    value: complete ? service / ceiling.cpuUsPerRequest : null,
    unit: "×",
    target: { kind: "atMost", limit: 3 },
    note:
      `service ${count(service)} µs (all threads, ingest included) / loop ${count(ceiling.cpuUsPerRequest)} µs, ${inFlight} in flight; moonshot 2` +
      (complete ? "" : "; the delivery fell short"),
  };
}

/** Delivery rate over the loop's, for comparing two versions: on 2 cores the loop and its receiver alone use most of both. */
function throughputRatio(endpoints: string, delivery: DeliveryFigure, ceiling: CeilingResult): Figure {
  return { name: `delivery / ceiling, ${endpoints}`, value: (100 * delivery.webhooksPerSec) / ceiling.requestsPerSec, unit: "%", note: "throughput; compared before and after, no fixed target" };
}

/** The loop's own cost: the least a delivery can take, to read the service's against. */
const ceilingCost = (ceiling: CeilingResult) => `; ${count(ceiling.cpuUsPerRequest)} µs CPU per request`;

function streamNote(stream: StreamResult): string {
  const lost = stream.accepted - stream.delivered;
  return `${count(stream.delivered)} events${lost > 0 ? `, ${count(lost)} not received in time` : ""}`;
}

/** A full-log figure as a share of the empty-log one: "slows nothing by more than 20 %". */
function compared(name: string, full: number, empty: number, unit: string): Figure {
  return {
    name: `${name}, full log`,
    value: (100 * full) / empty,
    unit: "% of empty",
    target: { kind: "min", limit: 80 },
    note: `${count(full)} ${unit} (empty: ${count(empty)})`,
  };
}

/**
 * p50 and p99 from handing the POST to the service to the receiver seeing the delivery;
 * the notes give the same from the 202, which tells ingest time from delivery time.
 */
function latencyFigures(label: string, stream: StreamResult, targets: { p50?: number; p99?: number }): Figure[] {
  const fromAccepted = (p: number) => `from the 202: ${percentile(stream.acceptedToReceivedMs, p).toFixed(1)} ms`;
  const target = (limit?: number) => (limit === undefined ? {} : { target: { kind: "max" as const, limit } });
  return [
    { name: `latency p50${label}`, value: percentile(stream.postedToReceivedMs, 50), unit: "ms", ...target(targets.p50), note: `POST → received; ${fromAccepted(50)}; ${streamNote(stream)}` },
    { name: `latency p99${label}`, value: percentile(stream.postedToReceivedMs, 99), unit: "ms", ...target(targets.p99), note: fromAccepted(99) },
  ];
}

function footprintFigures(r: Results): Figure[] {
  const peaks = {
    "empty log": r.empty.peakRssMb,
    "full log": r.full.peakRssMb,
    cleanup: r.cleanup.peakRssMb,
    "1-webhook backlog": r.backlog.one.peakMb,
    [`${r.backlog.many.webhooks}-webhook backlog`]: r.backlog.many.peakMb,
  };
  const [peakRun, peakMb] = Object.entries(peaks).reduce((a, b) => (b[1] > a[1] ? b : a));
  return [
    { name: "binary size", value: r.binaryMb, unit: "MB" },
    { name: "start to healthy", value: r.empty.startToHealthyMs, unit: "ms", target: { kind: "max", limit: 300 }, note: "spawn → first 200 from /api/health, new database" },
    { name: "private memory idle", value: r.empty.idle.anonMb, unit: "MB", target: { kind: "max", limit: 25 }, note: "RssAnon; webhooks set up, then without work until it stopped falling" },
    { name: "RSS idle", value: r.empty.idle.rssMb, unit: "MB", note: "private memory and the pages of the binary and libraries mapped in" },
    { name: "RSS peak", value: peakMb, unit: "MB", target: { kind: "max", limit: 150 }, note: `VmHWM; highest in the ${peakRun} run` },
  ];
}

function emptyLogFigures(r: Results): Figure[] {
  const { suite, ceiling } = r.empty;
  const { batch, batchConcurrency, singleConcurrency, rate } = r.config.suite;
  return [
    { name: "ingest, single events", value: suite.ingestSingle.eventsPerSec, unit: "events/s", target: { kind: "min", limit: 3000 }, note: ingestNote(suite.ingestSingle, singleConcurrency) },
    { name: `ingest, batches of ${batch}`, value: suite.ingestBatch.eventsPerSec, unit: "events/s", target: { kind: "min", limit: 20_000 }, note: ingestNote(suite.ingestBatch, batchConcurrency) },
    { name: "delivery, 1 endpoint", value: suite.delivery1.webhooksPerSec, unit: "webhooks/s", note: deliveryNote(suite.delivery1, 1) },
    { name: `delivery, ${ENDPOINTS} endpoints`, value: suite.delivery10.webhooksPerSec, unit: "webhooks/s", note: deliveryNote(suite.delivery10, ENDPOINTS) },
    { name: "fetch ceiling, 8 in flight", value: ceiling.one.requestsPerSec, unit: "req/s", note: `the service's limit per endpoint; median of ${r.config.ceilingRuns} runs${ceilingCost(ceiling.one)}` },
    { name: "fetch ceiling, 64 in flight", value: ceiling.ten.requestsPerSec, unit: "req/s", note: `its limit overall; ${ENDPOINTS} endpoints; median of ${r.config.ceilingRuns} runs${ceilingCost(ceiling.ten)}` },
    costRatio("1 endpoint", suite.delivery1, ceiling.one, 8),
    costRatio(`${ENDPOINTS} endpoints`, suite.delivery10, ceiling.ten, 64),
    throughputRatio("1 endpoint", suite.delivery1, ceiling.one),
    throughputRatio(`${ENDPOINTS} endpoints`, suite.delivery10, ceiling.ten),
    ...latencyFigures(` at ${rate}/s`, suite.latency, { p50: 15, p99: 100 }),
    { name: `longest arrival gap at ${rate}/s`, value: suite.latency.longestArrivalGapMs, unit: "ms", note: "no cleanup running; for comparison" },
  ];
}

function fullLogFigures(r: Results): Figure[] {
  const empty = r.empty.suite;
  const { suite } = r.full;
  const { batch, rate } = r.config.suite;
  return [
    { name: `seeding ${count(r.config.logRows)} finished deliveries`, value: r.full.seedMs / 1000, unit: "s", note: "with their events and attempts" },
    { name: "start to healthy, full log", value: r.full.startToHealthyMs, unit: "ms" },
    compared("ingest, single events", suite.ingestSingle.eventsPerSec, empty.ingestSingle.eventsPerSec, "events/s"),
    compared(`ingest, batches of ${batch}`, suite.ingestBatch.eventsPerSec, empty.ingestBatch.eventsPerSec, "events/s"),
    compared("delivery, 1 endpoint", suite.delivery1.webhooksPerSec, empty.delivery1.webhooksPerSec, "webhooks/s"),
    compared(`delivery, ${ENDPOINTS} endpoints`, suite.delivery10.webhooksPerSec, empty.delivery10.webhooksPerSec, "webhooks/s"),
    ...latencyFigures(` at ${rate}/s, full log`, suite.latency, {}),
  ];
}

function cleanupFigures(r: Results): Figure[] {
  const { stream, removed, finished, startToHealthyMs } = r.cleanup;
  const seconds = (stream.durationMs / 1000).toFixed(1);
  const progress = `${count(removed)} of ${count(r.config.logRows)} removed in ${seconds} s${finished ? "" : " (still running)"}`;
  return [
    { name: "start to healthy, cleanup due", value: startToHealthyMs, unit: "ms" },
    {
      name: "longest delivery stall, cleanup",
      value: stream.longestArrivalGapMs,
      unit: "ms",
      target: { kind: "max", limit: 100 },
      note: `gap between arrivals; ${progress}; longest gap between POSTs ${stream.longestSendGapMs.toFixed(1)} ms`,
    },
    // The same steady load, so the same p99 bound: a delivery held up 200 ms is stalled even while others keep arriving.
    ...latencyFigures(` at ${r.config.suite.rate}/s, during cleanup`, stream, { p99: 100 }),
  ];
}

const webhooksLabel = (n: number) => `${n} webhook${n === 1 ? "" : "s"}`;
const complete = (b: BacklogResult) => b.delivered === b.expected;

function backlogNote(b: BacklogResult): string {
  const received = complete(b) ? `${count(b.delivered)} received` : `only ${count(b.delivered)} of ${count(b.expected)} received`;
  return (
    `${received} (${count(b.events)} events, queued in ${(b.queuedMs / 1000).toFixed(1)} s); largest backlog ${count(b.maxBacklog)}; ` +
    `service CPU ${count(b.cpuUsPerDelivery)} µs per delivery; peak RSS ${count(b.peakMb)} MB`
  );
}

/** The many-webhooks case: a backlog to many webhooks against as many deliveries to one, each on a fresh service. */
function backlogFigures(r: Results): Figure[] {
  const { one, many } = r.backlog;
  return [
    { name: `backlog delivery, ${webhooksLabel(one.webhooks)}`, value: one.deliveriesPerSec, unit: "deliveries/s", note: backlogNote(one) },
    { name: `backlog delivery, ${webhooksLabel(many.webhooks)}`, value: many.deliveriesPerSec, unit: "deliveries/s", note: backlogNote(many) },
    {
      name: `CPU per delivery, ${webhooksLabel(many.webhooks)} / ${webhooksLabel(one.webhooks)}`,
      value: complete(one) && complete(many) ? many.cpuUsPerDelivery / one.cpuUsPerDelivery : null,
      unit: "×",
      target: { kind: "atMost", limit: 1.5 },
      note: `${count(many.cpuUsPerDelivery)} µs / ${count(one.cpuUsPerDelivery)} µs: all threads, each event's ingest included${complete(one) && complete(many) ? "" : "; a backlog fell short"}`,
    },
    { name: `RSS peak, ${webhooksLabel(many.webhooks)}`, value: many.peakMb, unit: "MB", target: { kind: "max", limit: 150 }, note: `VmHWM; largest backlog ${count(many.maxBacklog)} deliveries` },
  ];
}

export function figuresFor(r: Results): Figure[] {
  return [...footprintFigures(r), ...emptyLogFigures(r), ...fullLogFigures(r), ...cleanupFigures(r), ...backlogFigures(r)];
}
