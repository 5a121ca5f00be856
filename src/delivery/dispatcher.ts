import type { Logger } from "../logger.ts";
import { wakeableSleep } from "../wakeable-sleep.ts";
import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import type { Settings } from "../settings/settings.ts";
import type { SettingsRepository } from "../settings/repository.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookCache } from "../webhooks/webhook-cache.ts";
import type { AttemptLog } from "./attempt-log.ts";
import { ClaimStep } from "./claim-step.ts";
import { ClaimedWork, type Work } from "./claimed-work.ts";
import { ConfigSnapshot } from "./config-snapshot.ts";
import { DeliveryAttempt, type Sent } from "./delivery-attempt.ts";
import type { DeliverySender } from "./delivery-exchange.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import { EndpointPacing } from "./endpoint-pacing.ts";
import { RateGate } from "./rate-gate.ts";
import { retryAfterMs } from "./retry-policy.ts";
import { LEASE_MARGIN_MS, LEASE_MS } from "./lease.ts";
import { LoopSleep } from "./loop-sleep.ts";
import type { DeliveryHandOff } from "../events/fan-out.ts";
import { QueueClock } from "./queue-clock.ts";
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
  maxHeldBytes?: number;
}

const FAN_OUT_BATCH = 500;
/** After a failed pass (database locked, disk full): wait, doubling up to the cap, rather than spin. */
const ERROR_BACKOFF_MS = 1_000;
const MAX_ERROR_BACKOFF_MS = 30_000;
/**
 * Claimed, unsent deliveries held at most, over all webhooks: twice what one webhook may
 * hold (see endpoint-pacing.ts), so a webhook with a burst of its own leaves the others
 * room to be handed theirs. Their events' size is bounded too (MAX_HELD_BYTES).
 */
const MAX_HELD = 2048;
/**
 * Data of the events held and being sent, at most (see Work.size), and of the queued
 * events a fan-out reads for the webhooks' filters: events of up to a megabyte each would
 * otherwise be claimed by the hundred. Each in memory costs many times its size (loaded,
 * parsed, rendered, sent, and what the allocator keeps of them a while): 300 queued events
 * of 900 KB took the compiled service to a peak of 780–810 MB with no bound, 370–690 MB
 * with 8 MB, 153–183 MB with 4 MB, 135–144 MB with 2 MB, each as fast. Events of a usual
 * size (a few hundred bytes to 2 KB) hold a thousand or more within it; past it, one is
 * still taken when nothing else is in memory, however large.
 */
const MAX_HELD_BYTES = 2 * 1024 * 1024;
/** Finished sends whose results are still being written, at most: sending waits beyond it. */
export const MAX_UNRECORDED = 256;
/** Time allowed between a held claim's turn and its request's start (rendering, signing). */
const START_SLACK_MS = 250;

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
  /** Each webhook's rate limit and a receiver's Retry-After, for all of its deliveries. */
  private readonly gate = new RateGate();
  /** Starts the held sends of a webhook its gate held back, once it opens. */
  private gateTimer: { at: number; timer: ReturnType<typeof setTimeout> } | null = null;
  private readonly clock: QueueClock;
  private readonly claims: ClaimStep;
  private readonly attempt: DeliveryAttempt;
  /** What the last reading of settings and webhooks found: a pass woken by a finished send reuses it. */
  private readonly config: ConfigSnapshot;
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
  private readonly maxHeldBytes: number;
  /**
   * Room for held claims a finished send needs before it asks for a pass: half the bound,
   * and at least a round of the slots. A pass asks the database once per webhook it asks
   * about, so it is paid per hundreds of deliveries.
   */
  private readonly refillAt: number;
  private turn = 0;
  private readonly sleep = new LoopSleep();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private passes = 0;
  /** When the loop looks at the queue next: Infinity while a pass has yet to decide. */
  private nextLookAt = Infinity;

  constructor(private readonly deps: DispatcherDeps) {
    this.maxPerWebhook = deps.maxPerWebhook ?? 8;
    this.maxHeld = deps.maxHeld ?? MAX_HELD;
    this.maxHeldBytes = deps.maxHeldBytes ?? MAX_HELD_BYTES;
    const maxInFlight = deps.maxInFlight ?? 64;
    this.refillAt = Math.min(Math.max(maxInFlight, Math.floor(this.maxHeld / 2)), this.maxHeld);
    this.slots = new SendSlots({ maxInFlight, maxPerWebhook: this.maxPerWebhook, maxUnrecorded: MAX_UNRECORDED });
    this.pacing = new EndpointPacing(this.maxPerWebhook);
    this.clock = new QueueClock(deps.now, deps.monotonic, (jumpMs) => {
      deps.logger.warn("the clock was set; retries move with it", { jump_ms: jumpMs });
      this.sleep.wake();
    });
    this.claims = new ClaimStep({ ...deps, leaseMs: LEASE_MS, sending: (id) => this.slots.isInFlight(id), wake: () => this.sleep.wake() });
    this.attempt = new DeliveryAttempt({ ...deps, now: () => this.clock.now() });
    this.config = new ConfigSnapshot(deps);
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
    if (changed) this.config.markStale();
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
    if (this.gateTimer) clearTimeout(this.gateTimer.timer);
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
    if (this.stopping || !this.config.settings?.enabled) return null;
    this.config.webhooks = webhooks;
    const claimedAt = this.deps.now();
    const room = new Map<number, number>();
    let total = this.maxHeld - this.held.size;
    let bytes = this.bytesLeft;
    let none = this.nothingInMemory;
    return {
      owner: this.deps.instanceId,
      claimExpiresAt: claimedAt + LEASE_MS,
      wants: (webhookId, size) => {
        if (!this.sendable(this.config.webhooks.get(webhookId))) return false;
        const left = room.get(webhookId) ?? this.wanted(webhookId);
        if (left <= 0 || total <= 0 || (size > bytes && !none)) return false;
        room.set(webhookId, left - 1);
        total--;
        bytes -= size;
        none = false;
        return true;
      },
      take: (deliveries) => {
        for (const { id, webhookId, eventId, event, size } of deliveries) {
          this.held.add({ delivery: { id, eventId, webhookId, attempts: 0, retryBase: 0, crashes: 0 }, event, claimedAt, size });
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
      if ((await this.sleep.for(sleepMs)) === "elapsed") this.config.markStale();
    }
  }

  /**
   * Turns the events other processes queued into deliveries, a batch at a time, until
   * none is left (a batch of large events may be cut short of FAN_OUT_BATCH).
   */
  private async fanOutQueued(now: number): Promise<void> {
    while ((await this.deps.deliveries.fanOut(this.config.webhooks.values(), now, FAN_OUT_BATCH, this.maxHeldBytes)) > 0) {
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
    // events other processes queued are looked for whenever the configuration is read
    const readAt = this.deps.now();
    if ((await this.config.readIfDue(readAt)) && this.config.settings!.enabled) await this.fanOutQueued(readAt);
    const settings = this.config.settings!;
    const webhooks = this.config.webhooks;
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

  /** Room for more events' data (see MAX_HELD_BYTES). */
  private get bytesLeft(): number {
    return this.maxHeldBytes - this.held.bytes - this.slots.bytes;
  }

  /** No event held nor being sent: one may be claimed whatever its size. */
  private get nothingInMemory(): boolean {
    return this.held.size === 0 && this.slots.idle;
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

  /**
   * How many more of a webhook's deliveries it would hold: its depth less those held and
   * sending. A rate-limited webhook holds no more than its limit lets out while a claim may
   * wait, and none while a receiver's Retry-After outlasts that: they wait in the queue.
   */
  private wanted(webhookId: number): number {
    const budget = this.config.settings ? this.holdBudgetMs(this.config.settings) : 0;
    const now = this.deps.now();
    const opensAt = this.gate.opensAt(webhookId);
    if (opensAt > now + budget) {
      // claimed again once a claim taken then would be sent within its lease
      this.startSendsAt(opensAt - budget, now);
      return 0;
    }
    const perMinute = this.config.webhooks.get(webhookId)?.rate_limit_per_minute ?? null;
    const depth = this.pacing.depth(webhookId, budget);
    const limited = perMinute === null ? depth : Math.min(depth, Math.max(1, Math.floor((budget * perMinute) / 60_000)));
    return limited - this.held.count(webhookId) - this.slots.sendingTo(webhookId);
  }

  private async claim(webhooks: Map<number, Webhook>): Promise<void> {
    const claimed = await this.claims.take({
      room: this.maxHeld - this.held.size,
      bytes: this.bytesLeft,
      oneAnyway: this.nothingInMemory,
      webhooks: webhooks.values(),
      wanted: (webhook) => (this.sendable(webhook) ? this.wanted(webhook.id) : 0),
      turn: () => this.turn++,
    });
    for (const work of claimed) this.held.add(work);
  }

  /**
   * After a send: starts the next held deliveries, and asks for a pass when a webhook
   * that may have more due work runs low, so its next claims arrive before its slots
   * run dry. Only sends ask: a pass asking itself would spin without yielding. A pass
   * asks the database about every webhook that wants work, so it waits until there is
   * room to claim many (`refillAt`): with many webhooks and the held claims at their
   * bound, asking at every send would cost a pass over all of them per delivery.
   */
  private pump(): void {
    this.startSends();
    if (this.maxHeld - this.held.size < this.refillAt) return;
    for (const webhook of this.config.webhooks.values()) {
      const id = webhook.id;
      if (this.sendable(webhook) && !this.claims.isDrained(id) && this.held.count(id) < this.maxPerWebhook && this.wanted(id) > 0) {
        this.sleep.wake();
        return;
      }
    }
  }

  /** Starts held deliveries while slots are free, taking webhooks in turn. */
  private startSends(): void {
    const settings = this.config.settings;
    if (this.stopping || !settings?.enabled) return;
    const now = this.deps.now();
    const sendBy = now - this.holdBudgetMs(settings);
    const stale: Work[] = [];
    let started = true;
    let gatedUntil = Infinity;
    while (started && this.slots.open) {
      started = false;
      for (const id of this.held.webhookIds(this.turn++)) {
        if (!this.slots.hasFreeSlot) break;
        if (this.slots.isFull(id)) continue;
        const webhook = this.config.webhooks.get(id);
        // its turn not come (rate limit, Retry-After): held, not failed nor counted
        if (this.sendable(webhook) && !this.gate.isOpen(id, now)) {
          gatedUntil = Math.min(gatedUntil, this.gate.opensAt(id));
          continue;
        }
        const work = this.held.next(id)!;
        started = true;
        if (!this.sendable(webhook) || work.claimedAt < sendBy) stale.push(work);
        else if (this.gate.take(id, webhook.rate_limit_per_minute, now)) this.send(work, webhook, settings);
      }
    }
    if (gatedUntil < Infinity) this.startSendsAt(gatedUntil, now);
    if (stale.length === 0) return;
    this.track(this.giveBack(stale), "giving back stale claims failed; they lapse with their lease");
  }

  /** Starts held sends again when a gate opens (the earliest asked for wins), and claims more then. */
  private startSendsAt(at: number, now: number): void {
    if (this.gateTimer && this.gateTimer.at <= at) return;
    if (this.gateTimer) clearTimeout(this.gateTimer.timer);
    const timer = setTimeout(() => {
      this.gateTimer = null;
      this.pump();
      this.sleep.wake();
    }, at - now);
    this.gateTimer = { at, timer };
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

  /**
   * Sends, then records the attempt. The slot is freed once sent, before the result is
   * written; a delivery not sent is given back, to be claimed anew with a fresh lease
   * (and the token now at hand), no attempt spent.
   */
  private async deliver(work: Work, webhook: Webhook, settings: Settings): Promise<void> {
    try {
      const startedAt = this.clock.now();
      let sent;
      try {
        sent = await this.attempt.send(work, webhook, settings);
        if (sent.kind === "sent") this.observe(webhook, sent);
        else await this.giveBack([work]);
      } finally {
        this.slots.sent(work);
        this.pump();
      }
      if (sent.kind === "not_sent") return;
      const { nextAttemptAt, disabled, released } = await this.attempt.record(work, webhook, settings, startedAt, sent);
      // a retry due before the loop looks again (Retry-After: 1, a read interval of an
      // hour): the loop must look when it is due, which the pass that set its sleep did not know
      if (nextAttemptAt !== null && nextAttemptAt < this.nextLookAt) this.sleep.wake();
      // the next delivery of its ticket waited for this one: claim it now, not at the read interval
      if (released) {
        this.claims.undrain(webhook.id);
        this.sleep.wake();
      }
      if (disabled) {
        await this.release(this.held.drain((id) => id === webhook.id));
        this.wake(true);
      }
    } finally {
      // the room its event took may be what the next claim waits for (large events)
      const short = this.bytesLeft < work.size;
      if (this.slots.recorded(work) || short) this.pump();
    }
  }

  /** What a sent request tells about its endpoint, taken in before its slot is reused. */
  private observe(webhook: Webhook, { exchange, outcome }: Sent): void {
    this.pacing.observe(webhook.id, exchange.result.durationMs);
    // a receiver that asks to wait (429, 503 with Retry-After) is spared all of this webhook's requests meanwhile
    if (outcome.kind === "retryable" && outcome.retryAfter !== null) {
      const now = this.deps.now();
      const wait = retryAfterMs(outcome.retryAfter, now);
      if (wait !== null) this.gate.holdUntil(webhook.id, now + wait);
    }
    // what is held for a gone endpoint is given back, not sent
    if (outcome.kind === "failed" && outcome.disableWebhook) this.gone.set(webhook.id, this.config.webhooks.get(webhook.id) ?? webhook);
  }
}
