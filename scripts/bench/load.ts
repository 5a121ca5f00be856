/** Load on the service: ingest as fast as it goes, delivery of a queued burst, and a steady stream. */
import type { Arrival, Receiver } from "./receiver.ts";

export interface Target {
  url: string;
  token: string;
}

/** Bounds every closed loop by count too, far above what one process can ingest in the time given. */
const MAX_EVENTS_PER_SEC = 500_000;
const REQUEST_TIMEOUT_MS = 30_000;
const DELIVERY_BATCH = 100;
const POLL_MS = 10;

/** The last ticket number given out: numbers rise, as a box issues its tickets. */
let lastTicket = 4710;

/**
 * A realistic login event, each of another guest's ticket: a webhook sends a ticket's
 * events one after another (order per ticket), so a burst of one guest's logins would
 * measure that wait, not the service. With a uuid it can be matched with its delivery
 * (`Webhook-Id`).
 */
export function benchEvent(uuid?: string) {
  return {
    ...(uuid === undefined ? {} : { uuid }),
    type: "ticket.logged_in",
    ticket_id: String(++lastTicket),
    data: { client_ip: "10.0.0.7", login_type: "first", backend_data: { pms: { room: "12", name: "Smith" } } },
  };
}

function eventsBody(count: number): string {
  return JSON.stringify(count === 1 ? benchEvent() : Array.from({ length: count }, () => benchEvent()));
}

/** POSTs to /api/events; the status, or 0 when no answer came. The body is read, not parsed, to keep the client cheap. */
async function postEvents(target: Target, body: string): Promise<number> {
  try {
    const response = await fetch(`${target.url}/api/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

export interface IngestResult {
  eventsPerSec: number;
  events: number;
  failedRequests: number;
}

/** Events accepted per second by `concurrency` clients each POSTing `batch` events, then the next, for `durationMs`. */
export async function ingestRate(target: Target, options: { batch: number; concurrency: number; durationMs: number }): Promise<IngestResult> {
  const body = eventsBody(options.batch);
  const maxRequests = Math.ceil(((options.durationMs / 1000) * MAX_EVENTS_PER_SEC) / options.batch);
  let issued = 0;
  let events = 0;
  let failedRequests = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  async function client() {
    while (issued < maxRequests && performance.now() < deadline) {
      issued++;
      if ((await postEvents(target, body)) === 202) events += options.batch;
      else failedRequests++;
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return { eventsPerSec: events / ((performance.now() - started) / 1000), events, failedRequests };
}

export interface DeliveryResult {
  webhooksPerSec: number;
  delivered: number;
  expected: number;
  /** Distinct endpoints that received any of them: fewer than enabled means some were starved. */
  endpointsReached: number;
  /** When some did not arrive: what the service's log says of them. */
  unfinished?: string;
}

/** How long to wait for deliveries: given up once none arrived for `idleMs`, or after `maxMs`. */
export interface WaitLimits {
  idleMs: number;
  maxMs: number;
}

/** Polls until `done()`; false when `progress()` stood still for `idleMs` or `maxMs` passed. */
export async function waitWhileProgressing(done: () => boolean, progress: () => number, limits: WaitLimits): Promise<boolean> {
  const started = performance.now();
  let last = progress();
  let lastMoved = started;
  while (!done()) {
    await Bun.sleep(POLL_MS);
    const now = performance.now();
    const current = progress();
    if (current !== last) {
      last = current;
      lastMoved = now;
    }
    if (now - lastMoved > limits.idleMs || now - started > limits.maxMs) return false;
  }
  return true;
}

/** POSTs `count` new events in batches of 100; returns their uuids. */
async function queueEvents(target: Target, count: number): Promise<Set<string>> {
  const uuids = new Set<string>();
  for (let queued = 0; queued < count; queued += DELIVERY_BATCH) {
    const batch = Array.from({ length: Math.min(DELIVERY_BATCH, count - queued) }, () => {
      const uuid = crypto.randomUUID();
      uuids.add(uuid);
      return benchEvent(uuid);
    });
    const status = await postEvents(target, JSON.stringify(batch));
    if (status !== 202) throw new Error(`queueing events for delivery answered ${status}`);
  }
  return uuids;
}

/**
 * Queues `events` events for `endpoints` enabled webhooks and times them from the first
 * POST to the last arrival: end to end, fan-out and logging included. Only these events
 * count, not leftovers of an earlier measurement.
 */
export async function deliveryThroughput(
  target: Target,
  receiver: Receiver,
  options: { events: number; endpoints: number; wait: WaitLimits },
): Promise<DeliveryResult> {
  receiver.reset();
  const started = performance.now();
  const uuids = await queueEvents(target, options.events);
  const expected = options.events * options.endpoints;
  const matched: Arrival[] = [];
  let scanned = 0;
  const collect = () => {
    const all = receiver.arrivals();
    for (; scanned < all.length; scanned++) if (uuids.has(all[scanned]!.webhookId ?? "")) matched.push(all[scanned]!);
    return matched.length;
  };
  await waitWhileProgressing(() => collect() >= expected, collect, options.wait);
  const elapsedMs = (matched.at(-1)?.at ?? performance.now()) - started;
  return {
    webhooksPerSec: matched.length / (elapsedMs / 1000),
    delivered: matched.length,
    expected,
    endpointsReached: new Set(matched.map((a) => a.path)).size,
  };
}

export interface StreamResult {
  sent: number;
  accepted: number;
  delivered: number;
  /** From handing the POST to the service to the receiver seeing it (includes the ingest commit). */
  postedToReceivedMs: number[];
  /** From the 202 to the receiver seeing it (negative when the delivery beat the answer). */
  acceptedToReceivedMs: number[];
  /** Longest time between two consecutive arrivals of the stream's events. */
  longestArrivalGapMs: number;
  /** Longest time between two consecutive POSTs: an arrival gap this long is the generator's, not the service's. */
  longestSendGapMs: number;
  durationMs: number;
}

function longestGap(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < sorted.length; i++) longest = Math.max(longest, sorted[i]! - sorted[i - 1]!);
  return longest;
}

async function waitForArrivals(receiver: Receiver, uuids: string[], wait: WaitLimits): Promise<void> {
  let pending = uuids;
  const arrived = () => {
    pending = pending.filter((uuid) => receiver.firstSeen(uuid) === undefined);
    return uuids.length - pending.length;
  };
  await waitWhileProgressing(() => arrived() === uuids.length, arrived, wait);
}

/**
 * Single events at a fixed rate on a fixed schedule (open loop: a slow answer does not
 * delay the next POST, so a stall shows in the figures instead of hiding), for at most
 * `maxMs` or until `stop` resolves; then waits for the deliveries.
 */
export async function steadyStream(
  target: Target,
  receiver: Receiver,
  options: { rate: number; maxMs: number; wait: WaitLimits; stop?: Promise<unknown> },
): Promise<StreamResult> {
  receiver.reset();
  let stopped = false;
  void options.stop?.then(() => (stopped = true));
  const interval = 1000 / options.rate;
  const count = Math.ceil(options.maxMs / interval);
  const sentAt = new Map<string, number>();
  const acceptedAt = new Map<string, number>();
  const posts: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < count && !stopped; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    const uuid = crypto.randomUUID();
    sentAt.set(uuid, performance.now());
    posts.push(
      postEvents(target, JSON.stringify(benchEvent(uuid))).then((status) => {
        if (status === 202) acceptedAt.set(uuid, performance.now());
      }),
    );
  }
  const durationMs = performance.now() - started;
  await Promise.all(posts);
  await waitForArrivals(receiver, [...acceptedAt.keys()], options.wait);

  const postedToReceivedMs: number[] = [];
  const acceptedToReceivedMs: number[] = [];
  const arrivals: number[] = [];
  for (const [uuid, accepted] of acceptedAt) {
    const arrived = receiver.firstSeen(uuid);
    if (arrived === undefined) continue;
    arrivals.push(arrived);
    postedToReceivedMs.push(arrived - sentAt.get(uuid)!);
    acceptedToReceivedMs.push(arrived - accepted);
  }
  return {
    sent: sentAt.size,
    accepted: acceptedAt.size,
    delivered: arrivals.length,
    postedToReceivedMs,
    acceptedToReceivedMs,
    longestArrivalGapMs: longestGap(arrivals),
    longestSendGapMs: longestGap([...sentAt.values()]),
    durationMs,
  };
}
