import type { Logger } from "../logger.ts";
import { wakeableSleep } from "../wakeable-sleep.ts";
import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import type { Settings } from "../settings/settings.ts";
import type { SettingsRepository } from "../settings/repository.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookCache } from "../webhooks/webhook-cache.ts";
import { MAX_LOGGED_BODY, type AttemptLog, type AttemptRecord } from "./attempt-log.ts";
import { ClaimStep } from "./claim-step.ts";
import { ClaimedWork, type Work } from "./claimed-work.ts";
import type { DeliverySender, Exchange } from "./delivery-exchange.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import { EndpointPacing } from "./endpoint-pacing.ts";
import { LoopSleep } from "./loop-sleep.ts";
import type { DeliveryHandOff } from "../events/fan-out.ts";
import { nextStep } from "./next-step.ts";
import { classify, type Outcome } from "./outcome.ts";
import { QueueClock } from "./queue-clock.ts";
import { attemptsSurelyWithin } from "./retry-policy.ts";
import { SendSlots } from "./send-slots.ts";

export interface DispatcherDeps {
  deliveries: DeliveryStore;
  attempts: AttemptLog;
  settings: SettingsRepository;
  webhooks: WebhookCache;
  sender: DeliverySender;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Epoch milliseconds; tests move it forward to make retries due. */
  now: () => number;
  /** Milliseconds that setting the wall clock does not move (`performance.now()`): tells a jump of `now` from time passing. */
  monotonic: () => number;
  /** 0..1, for retry jitter. */
  random: () => number;
  /** Who owns this instance's claims; a restart with the same id takes its claims straight back. */
  instanceId: string;
  maxInFlight?: number;
  maxPerWebhook?: number;
  maxHeld?: number;
}

/** How long a claim lasts: longer than the longest request (25 s), so no live claim expires. */
export const LEASE_MS = 30_000;
const FAN_OUT_BATCH = 500;
/** Settings, webhooks and others' queued events are read again at least this often. */
const REREAD_MS = 1_000;
/** After a failed pass (database locked, disk full): wait, doubling up to the cap, rather than spin. */
const ERROR_BACKOFF_MS = 1_000;
const MAX_ERROR_BACKOFF_MS = 30_000;
/** Claimed, unsent deliveries held at most, over all webhooks: bounds the events kept in memory. */
const MAX_HELD = 512;
/** Finished sends whose results are still being written, at most: sending waits beyond it. */
export const MAX_UNRECORDED = 256;
/** A held claim is sent only while the request, at its timeout, would end this long before the lease; its result is written in it. */
const LEASE_MARGIN_MS = 1_000;
/** Time allowed between a held claim's turn and its request's start (rendering, signing). */
const START_SLACK_MS = 250;

/** An exchange sent, and what its result means for the delivery. */
interface Attempt {
  exchange: Exchange;
  outcome: Outcome;
}

/**
 * The delivery loop: fan out new events → claim due deliveries → render → send →
 * record, then sleep until the next one is due, the read interval passes, or `wake()`.
 * Sends run concurrently, bounded overall and per webhook, so a slow endpoint only
 * ever holds its own few slots. A fast endpoint's deliveries are claimed a few rounds
 * ahead, and a finished send starts the next held one at once; results are written in
 * groups while the next requests are already on their way.
 */
export class Dispatcher {
  private readonly held = new ClaimedWork();
  private readonly slots: SendSlots;
  private readonly pacing: EndpointPacing;
  private readonly clock: QueueClock;
  private readonly claims: ClaimStep;
  /** Sends and result writes under way, so `stop` can wait for them. */
  private readonly unfinished = new Set<Promise<unknown>>();
  /**
   * Webhooks whose endpoint answered 410 Gone, as they were then: nothing more is sent to
   * them while the switch-off is being written. A re-read webhook (switched off, or
   * changed by an admin) is a new object and no longer matches.
   */
  private readonly gone = new Map<number, Webhook>();
  private readonly maxPerWebhook: number;
  private readonly maxHeld: number;
  private turn = 0;
  private readonly sleep = new LoopSleep();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private passes = 0;
  /** What the last reading found: a pass woken by a finished send reuses it. */
  private settings: Settings | null = null;
  private webhooks = new Map<number, Webhook>();
  private rereadDue = true;
  private readAt = -Infinity;
  /** When the loop looks at the queue next: Infinity while a pass has yet to decide. */
  private nextLookAt = Infinity;

  constructor(private readonly deps: DispatcherDeps) {
    this.maxPerWebhook = deps.maxPerWebhook ?? 8;
    this.maxHeld = deps.maxHeld ?? MAX_HELD;
    this.slots = new SendSlots({ maxInFlight: deps.maxInFlight ?? 64, maxPerWebhook: this.maxPerWebhook, maxUnrecorded: MAX_UNRECORDED });
    this.pacing = new EndpointPacing(this.maxPerWebhook);
    this.clock = new QueueClock(deps.now, deps.monotonic, (jumpMs) => {
      deps.logger.warn("the clock was set; retries move with it", { jump_ms: jumpMs });
      this.sleep.wake();
    });
    this.claims = new ClaimStep({ ...deps, leaseMs: LEASE_MS, sending: (id) => this.slots.isInFlight(id) });
  }

  async start(): Promise<void> {
    const released = await this.deps.deliveries.releaseClaims(this.deps.instanceId);
    if (released > 0) this.deps.logger.info("resuming deliveries claimed before a restart", { count: released });
    this.loop = this.run();
  }

  /**
   * Look at the queue now (events were accepted, a delivery queued again, the clock
   * moved), for every webhook. `changed`: the settings or webhooks may have changed, so
   * read them, and unsent events, again too.
   */
  wake(changed = false): void {
    if (changed) this.rereadDue = true;
    this.claims.undrain();
    this.sleep.wake();
  }

  /**
   * Stops claiming; waits up to `graceMs` for sends under way and their results, and
   * gives back the claims it holds unsent, and those of sends cut off (due again when
   * their leases end): a clean stop leaves no claim to be taken back as a crash's.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    const grace = wakeableSleep(graceMs);
    await Promise.race([Promise.allSettled([...this.unfinished]), grace.done]);
    grace.wake();
    const cutOff = this.slots.inFlightWork.map((w) => ({ id: w.delivery.id, claimExpiresAt: w.claimedAt + LEASE_MS }));
    await Promise.all([this.release(this.held.drain()), this.deps.deliveries.releaseAtLeaseEnd(cutOff, this.deps.instanceId)]).catch((err) =>
      this.deps.logger.warn("could not give back claims; they lapse with their lease", { err }),
    );
  }

  /**
   * Lets the ingest create deliveries claimed for this dispatcher, as many as it would
   * hold, and hand them over with their events once committed: they go out at once,
   * without a pass to find, claim and load them. Null while stopping or switched off.
   * `webhooks` are those the ingest fans out to, read just now: the deliveries are sent
   * as they are, not as this dispatcher's last pass saw them (an edit since, by the API
   * or another instance, would otherwise miss the very next event).
   */
  handOff(webhooks: Map<number, Webhook>): DeliveryHandOff | null {
    if (this.stopping || !this.settings?.enabled) return null;
    this.webhooks = webhooks;
    const claimedAt = this.deps.now();
    const room = new Map<number, number>();
    let total = this.maxHeld - this.held.size;
    return {
      owner: this.deps.instanceId,
      claimExpiresAt: claimedAt + LEASE_MS,
      wants: (webhookId) => {
        if (!this.sendable(this.webhooks.get(webhookId))) return false;
        const left = room.get(webhookId) ?? this.wanted(webhookId);
        if (left <= 0 || total <= 0) return false;
        room.set(webhookId, left - 1);
        total--;
        return true;
      },
      take: (deliveries) => {
        for (const { id, webhookId, eventId, event } of deliveries) {
          this.held.add({ delivery: { id, eventId, webhookId, attempts: 0, retryBase: 0, crashes: 0 }, event, claimedAt });
        }
        this.startSends();
      },
    };
  }

  /** Completed passes over the queue: lets a caller wait until the dispatcher has looked again. */
  get passCount(): number {
    return this.passes;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.sleep.reset();
      this.nextLookAt = Infinity;
      let sleepMs: number;
      try {
        sleepMs = await this.tick();
        this.passes++;
        if (failures > 0) this.deps.logger.info("dispatcher recovered", { failed_passes: failures });
        failures = 0;
      } catch (err) {
        failures++;
        sleepMs = Math.min(ERROR_BACKOFF_MS * 2 ** (failures - 1), MAX_ERROR_BACKOFF_MS);
        this.deps.logger.error("dispatcher pass failed; retrying", { err, failed_passes: failures, retry_in_ms: sleepMs });
        this.sleep.reset();
      }
      if (this.stopping) break;
      this.nextLookAt = this.deps.now() + sleepMs;
      if ((await this.sleep.for(sleepMs)) === "elapsed") this.rereadDue = true;
    }
  }

  /**
   * Settings, webhooks and events that other processes queued are read on the passes
   * that may find them changed: after a sleep (the read interval), when told, and at
   * least every second (another instance's edits). Passes asked for by finished sends,
   * the bulk of them under load, go straight to claiming.
   */
  private shouldReread(now: number): boolean {
    return this.rereadDue || now - this.readAt >= REREAD_MS || now < this.readAt;
  }

  private async reread(now: number): Promise<Settings> {
    this.rereadDue = false;
    this.readAt = now;
    this.settings = await this.deps.settings.get();
    this.webhooks = await this.deps.webhooks.all();
    return this.settings;
  }

  /** Turns the events other processes queued into deliveries, a batch at a time. */
  private async fanOutQueued(now: number): Promise<void> {
    while ((await this.deps.deliveries.fanOut(this.webhooks.values(), now, FAN_OUT_BATCH)) === FAN_OUT_BATCH) {
      if (this.stopping) break;
    }
  }

  /**
   * After the wall clock was set: this instance's retries move with it (see `QueueClock`),
   * so one due in 5 s still goes out in 5 s and a jump ahead makes nothing due that was
   * not. Held claims are given back and claimed anew with leases on the new time. Claims
   * being sent keep theirs: their results are written against the lease they were sent
   * under, and `slots` keeps this instance from claiming them again when a jump ahead
   * makes those leases look lapsed.
   */
  private async followClockJump(): Promise<void> {
    const followed = await this.clock.follow((jumpMs) =>
      this.deps.deliveries.followClockJump(jumpMs, this.deps.now(), this.deps.instanceId),
    );
    if (followed) await this.release(this.held.drain());
  }

  /** One pass over the queue; returns how long to sleep before the next. */
  private async tick(): Promise<number> {
    // a reading notices a jump of the clock, which is followed before anything is timed
    this.clock.now();
    await this.followClockJump();
    const readAt = this.deps.now();
    let settings = this.settings;
    if (settings === null || this.shouldReread(readAt)) {
      settings = await this.reread(readAt);
      if (settings.enabled) await this.fanOutQueued(readAt);
    }
    const webhooks = this.webhooks;
    const interval = settings.read_interval_seconds * 1000;
    if (!settings.enabled || this.stopping) {
      await this.release(this.held.drain());
      return interval;
    }
    await this.release(this.held.drain((id) => !this.sendable(webhooks.get(id))));
    await this.claim(webhooks);
    this.startSends();
    // woken meanwhile: the next pass starts at once, no need to know when to sleep until
    if (this.sleep.woken) return 0;
    const now = this.deps.now();
    const next = await this.deps.deliveries.nextDueAt(now);
    return next === null ? interval : Math.min(Math.max(next - now, 0), interval);
  }

  private sendable(webhook: Webhook | undefined): webhook is Webhook {
    return webhook !== undefined && webhook.enabled && this.gone.get(webhook.id) !== webhook;
  }

  /**
   * How long a held claim may wait: sent later, a request at its timeout could outlast the
   * lease. (Less a moment to start it: the sender refuses a request whose whole timeout
   * no longer fits.)
   */
  private holdBudgetMs(settings: Settings): number {
    return LEASE_MS - settings.request_timeout_seconds * 1000 - LEASE_MARGIN_MS - START_SLACK_MS;
  }

  /** How many more of a webhook's deliveries it would hold: its depth less those held and sending. */
  private wanted(webhookId: number): number {
    const budget = this.settings ? this.holdBudgetMs(this.settings) : 0;
    return this.pacing.depth(webhookId, budget) - this.held.count(webhookId) - this.slots.sendingTo(webhookId);
  }

  private async claim(webhooks: Map<number, Webhook>): Promise<void> {
    const claimed = await this.claims.take({
      room: this.maxHeld - this.held.size,
      webhooks: webhooks.values(),
      wanted: (webhook) => (this.sendable(webhook) ? this.wanted(webhook.id) : 0),
      turn: () => this.turn++,
    });
    for (const work of claimed) this.held.add(work);
  }

  /**
   * After a send: starts the next held deliveries, and asks for a pass when a webhook
   * that may have more due work runs low, so its next claims arrive before its slots
   * run dry. Only sends ask: a pass asking itself would spin without yielding.
   */
  private pump(): void {
    this.startSends();
    if (this.held.size >= this.maxHeld) return;
    for (const webhook of this.webhooks.values()) {
      const id = webhook.id;
      if (this.sendable(webhook) && !this.claims.isDrained(id) && this.held.count(id) < this.maxPerWebhook && this.wanted(id) > 0) {
        this.sleep.wake();
        return;
      }
    }
  }

  /** Starts held deliveries while slots are free, taking webhooks in turn. */
  private startSends(): void {
    if (this.stopping || !this.settings?.enabled) return;
    const settings = this.settings;
    const now = this.deps.now();
    const sendBy = now - this.holdBudgetMs(settings);
    const stale: Work[] = [];
    let started = true;
    while (started && this.slots.open) {
      started = false;
      for (const id of this.held.webhookIds(this.turn++)) {
        if (!this.slots.hasFreeSlot) break;
        if (this.slots.isFull(id)) continue;
        const work = this.held.next(id)!;
        const webhook = this.webhooks.get(id);
        started = true;
        if (!this.sendable(webhook) || work.claimedAt < sendBy) stale.push(work);
        else this.send(work, webhook, settings);
      }
    }
    if (stale.length === 0) return;
    this.track(this.giveBack(stale), "giving back stale claims failed; they lapse with their lease");
  }

  /** Gives back claims not sent, so they are due again: a pass claims them anew once the database has them back. */
  private async giveBack(work: Work[]): Promise<void> {
    for (const w of work) this.claims.undrain(w.delivery.webhookId);
    await this.release(work);
    this.sleep.wake();
  }

  private async release(work: Work[]): Promise<void> {
    await this.deps.deliveries.release(
      work.map((w) => ({ id: w.delivery.id, claimExpiresAt: w.claimedAt + LEASE_MS })),
      this.deps.instanceId,
    );
  }

  private track(task: Promise<unknown>, failure: string): void {
    const tracked = task
      .catch((err) => this.deps.logger.error(failure, { err }))
      .finally(() => this.unfinished.delete(tracked));
    this.unfinished.add(tracked);
  }

  private send(work: Work, webhook: Webhook, settings: Settings): void {
    this.slots.start(work);
    this.track(this.deliver(work, webhook, settings), "recording a delivery failed");
  }

  /** Sends, then records the attempt; a delivery not sent is given back instead. */
  private async deliver(work: Work, webhook: Webhook, settings: Settings): Promise<void> {
    try {
      const startedAt = this.clock.now();
      const attempt = await this.exchange(work, webhook, settings);
      if (attempt !== null) await this.record(work, webhook, settings, startedAt, attempt);
    } finally {
      if (this.slots.recorded(work)) this.pump();
    }
  }

  /**
   * Render → authorize → sign → send → classify, then frees the slot. Null when the
   * request was not sent: the token step took the claim's time. The delivery is then
   * given back, to be claimed anew with a fresh lease (and the token now at hand), no
   * attempt spent.
   */
  private async exchange(work: Work, webhook: Webhook, settings: Settings): Promise<Attempt | null> {
    try {
      const exchange = await this.deps.sender.sendWithin(webhook, work.event, {
        timeoutMs: settings.request_timeout_seconds * 1000,
        maxBodyBytes: webhook.log_body_and_headers ? MAX_LOGGED_BODY : 0,
        // a token request and a resend after 401 make several requests: all must end
        // before the claim lapses, or the delivery could be claimed and sent again
        deadline: work.claimedAt + LEASE_MS - LEASE_MARGIN_MS,
      });
      if (exchange.kind === "not_sent") {
        await this.giveBack([work]);
        return null;
      }
      this.pacing.observe(webhook.id, exchange.result.durationMs);
      const outcome = classify(exchange.result);
      // before the slot is reused: what is held for a gone endpoint is given back, not sent
      if (outcome.kind === "failed" && outcome.disableWebhook) this.gone.set(webhook.id, this.webhooks.get(webhook.id) ?? webhook);
      return { exchange, outcome };
    } finally {
      this.slots.sent(work);
      this.pump();
    }
  }

  /** Writes the attempt and where the delivery goes next, under the claim it was sent with. */
  private async record(work: Work, webhook: Webhook, settings: Settings, startedAt: number, { exchange, outcome }: Attempt): Promise<void> {
    const { delivery, claimedAt } = work;
    const { request, result } = exchange;
    const step = nextStep(outcome, delivery, settings, this.clock.now(), this.deps.random);
    const disabled = await this.deps.attempts.record({
      delivery,
      claim: { owner: this.deps.instanceId, expiresAt: claimedAt + LEASE_MS },
      startedAt,
      request,
      result,
      step,
      logDetails: webhook.log_body_and_headers,
      disableReason: outcome.kind === "failed" ? outcome.disableWebhook : null,
      autoDisable: autoDisableRule(settings, startedAt),
    });
    this.deps.metrics.attemptFinished(webhook.id, step.status, result.durationMs);
    // a retry due before the loop looks again (Retry-After: 1, a read interval of an
    // hour): the loop must look when it is due, which the pass that set its sleep did not know
    if (step.nextAttemptAt !== null && step.nextAttemptAt < this.nextLookAt) this.sleep.wake();
    if (disabled) {
      await this.release(this.held.drain((id) => id === webhook.id));
      this.wake(true);
    }
  }
}

/** When a failure at `at` switches its webhook off: failing since the period's start, and failed as often as the period surely holds. */
function autoDisableRule(settings: Settings, at: number): AttemptRecord["autoDisable"] {
  if (settings.auto_disable_hours === 0) return null;
  const periodMs = settings.auto_disable_hours * 3_600_000;
  return { failingSince: at - periodMs, failedAttempts: attemptsSurelyWithin(periodMs, settings.max_attempts) };
}
