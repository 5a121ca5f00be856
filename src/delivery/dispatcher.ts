import type { Logger } from "../logger.ts";
import { wakeableSleep } from "../wakeable-sleep.ts";
import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import type { Settings } from "../settings/settings.ts";
import type { SettingsRepository } from "../settings/repository.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookCache } from "../webhooks/webhook-cache.ts";
import { MAX_LOGGED_BODY, type AttemptLog, type AttemptRecord } from "./attempt-log.ts";
import { planClaims } from "./claim-plan.ts";
import { watchClock } from "./clock-jump.ts";
import { ClaimedWork, type Work } from "./claimed-work.ts";
import { CRASH_LIMIT, CRASH_LIMIT_ERROR, type ClaimedDelivery, type DeliveryStore } from "./delivery-store.ts";
import type { DeliveryHandOff } from "./fan-out.ts";
import { nextStep } from "./next-step.ts";
import { classify } from "./outcome.ts";
import { attemptsSurelyWithin } from "./retry-policy.ts";
import type { DeliverySender } from "./delivery-exchange.ts";

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
const REFRESH_MS = 1_000;
/** After a failed pass (database locked, disk full): wait, doubling up to the cap, rather than spin. */
const ERROR_BACKOFF_MS = 1_000;
const MAX_ERROR_BACKOFF_MS = 30_000;
/** Rounds of a webhook's slots claimed ahead at most (see `depth`). */
const MAX_ROUNDS_AHEAD = 8;
/** Claimed, unsent deliveries held at most, over all webhooks: bounds the events kept in memory. */
const MAX_HELD = 512;
/** Finished sends whose results are still being written, at most: sending waits beyond it. */
export const MAX_UNRECORDED = 256;
/** A held claim is sent only while the request, at its timeout, would end this long before the lease; its result is written in it. */
const LEASE_MARGIN_MS = 1_000;
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
  private readonly sendingPerWebhook = new Map<number, number>();
  /** Claims being sent, until their results are written: never claimed again meanwhile, given back if cut off at a stop. */
  private readonly inFlight = new Map<number, Work>();
  private readonly clock: ReturnType<typeof watchClock>;
  /** A jump of the wall clock seen, whose retries have yet to be moved: the queue's times are still before it. */
  private unfollowedJumpMs = 0;
  private sending = 0;
  private unrecorded = 0;
  /** Sends and result writes under way, so `stop` can wait for them. */
  private readonly unfinished = new Set<Promise<unknown>>();
  /** Mean time recent requests took, per webhook: decides how far ahead it is claimed. */
  private readonly meanDurationMs = new Map<number, number>();
  /** Webhooks whose last claim found every due delivery: a finished send needs no pass to refill them. */
  private readonly drained = new Set<number>();
  /**
   * Webhooks whose endpoint answered 410 Gone, as they were then: nothing more is sent to
   * them while the switch-off is being written. A re-read webhook (switched off, or
   * changed by an admin) is a new object and no longer matches.
   */
  private readonly gone = new Map<number, Webhook>();
  private readonly maxInFlight: number;
  private readonly maxPerWebhook: number;
  private readonly maxHeld: number;
  private turn = 0;
  private wakeRequested = false;
  private wakeSleeper: (() => void) | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private passes = 0;
  /** What the last refresh read: a pass woken by a finished send reuses it. */
  private settings: Settings | null = null;
  private webhooks = new Map<number, Webhook>();
  private refreshDue = true;
  private refreshedAt = -Infinity;
  /** When the loop looks at the queue next: Infinity while a pass has yet to decide. */
  private nextLookAt = Infinity;

  constructor(private readonly deps: DispatcherDeps) {
    this.maxInFlight = deps.maxInFlight ?? 64;
    this.maxPerWebhook = deps.maxPerWebhook ?? 8;
    this.maxHeld = deps.maxHeld ?? MAX_HELD;
    this.clock = watchClock(deps.now, deps.monotonic);
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
    if (changed) this.refreshDue = true;
    this.drained.clear();
    this.requestPass();
  }

  private requestPass(): void {
    this.wakeRequested = true;
    this.wakeSleeper?.();
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
    const cutOff = [...this.inFlight.values()].map((w) => ({ id: w.delivery.id, claimExpiresAt: w.claimedAt + LEASE_MS }));
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
      this.wakeRequested = false;
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
        this.wakeRequested = false;
      }
      if (this.stopping) break;
      this.nextLookAt = this.deps.now() + sleepMs;
      if (!this.wakeRequested) await this.sleep(sleepMs);
    }
  }

  private async sleep(ms: number): Promise<void> {
    const sleep = wakeableSleep(ms);
    this.wakeSleeper = sleep.wake;
    if ((await sleep.done) === "elapsed") this.refreshDue = true;
    this.wakeSleeper = null;
  }

  /**
   * Settings, webhooks and events that other processes queued are read on the passes
   * that may find them changed: after a sleep (the read interval), when told, and at
   * least every second (another instance's edits). Passes asked for by finished sends,
   * the bulk of them under load, go straight to claiming.
   */
  private async refresh(): Promise<{ settings: Settings; webhooks: Map<number, Webhook> }> {
    const now = this.deps.now();
    if (this.settings && !this.refreshDue && now - this.refreshedAt < REFRESH_MS && now >= this.refreshedAt) {
      return { settings: this.settings, webhooks: this.webhooks };
    }
    this.refreshDue = false;
    this.refreshedAt = now;
    this.settings = await this.deps.settings.get();
    this.webhooks = await this.deps.webhooks.all();
    if (this.settings.enabled) {
      while ((await this.deps.deliveries.fanOut(this.webhooks.values(), now, FAN_OUT_BATCH)) === FAN_OUT_BATCH) {
        if (this.stopping) break;
      }
    }
    return { settings: this.settings, webhooks: this.webhooks };
  }

  /**
   * The wall clock as the queue's times are written: less a jump seen and not yet
   * followed, so a retry timed meanwhile moves with the others when it is.
   */
  private queueNow(): number {
    const reading = this.clock.read();
    if (reading.kind === "jumped") {
      this.deps.logger.warn("the clock was set; retries move with it", { jump_ms: reading.jumpMs });
      this.unfollowedJumpMs += reading.jumpMs;
      this.requestPass();
    }
    return reading.now - this.unfollowedJumpMs;
  }

  /**
   * After the wall clock was set (NTP, after a boot without a reliable clock): this
   * instance's retries move with it, so one due in 5 s still goes out in 5 s and a jump
   * ahead makes nothing due that was not. Held claims are given back and claimed anew
   * with leases on the new time. Claims being sent keep theirs: their results are
   * written against the lease they were sent under, and `inFlight` keeps this instance
   * from claiming them again when a jump ahead makes those leases look lapsed.
   */
  private async followClockJump(): Promise<void> {
    const jumpMs = this.unfollowedJumpMs;
    const following = this.deps.deliveries.followClockJump(jumpMs, this.deps.now(), this.deps.instanceId);
    // results timed from here on are in the new time, which the statements above leave alone
    this.unfollowedJumpMs -= jumpMs;
    try {
      await following;
    } catch (err) {
      this.unfollowedJumpMs += jumpMs;
      throw err;
    }
    await this.release(this.held.drain());
  }

  /** One pass over the queue; returns how long to sleep before the next. */
  private async tick(): Promise<number> {
    this.queueNow();
    if (this.unfollowedJumpMs !== 0) await this.followClockJump();
    const { settings, webhooks } = await this.refresh();
    const interval = settings.read_interval_seconds * 1000;
    if (!settings.enabled || this.stopping) {
      await this.release(this.held.drain());
      return interval;
    }
    await this.release(this.held.drain((id) => !this.sendable(webhooks.get(id))));
    await this.claim(webhooks);
    this.startSends();
    // woken meanwhile: the next pass starts at once, no need to know when to sleep until
    if (this.wakeRequested) return 0;
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

  /**
   * How many of a webhook's deliveries to hold claimed, sending or waiting: as many rounds
   * of its slots as its recent answers, taken twice over, fit in the hold budget. A fast
   * endpoint (or one not heard from yet) gets several rounds, a slow one its slots only;
   * a claim that waits too long anyway is given back, not sent late.
   */
  private depth(webhookId: number): number {
    const mean = this.meanDurationMs.get(webhookId) ?? 0;
    const budget = this.settings ? this.holdBudgetMs(this.settings) : 0;
    const rounds = Math.floor(budget / (2 * Math.max(mean, 1)));
    return this.maxPerWebhook * Math.max(1, Math.min(MAX_ROUNDS_AHEAD, rounds));
  }

  /** How many more of a webhook's deliveries it would hold: its depth less those held and sending. */
  private wanted(webhookId: number): number {
    return this.depth(webhookId) - this.held.count(webhookId) - (this.sendingPerWebhook.get(webhookId) ?? 0);
  }

  private async claim(webhooks: Map<number, Webhook>): Promise<void> {
    const room = this.maxHeld - this.held.size;
    // a webhook not looked at now may have work falling due meanwhile: not drained, so a
    // finished send asks for a pass instead of leaving that work to the read interval
    if (room <= 0) {
      this.drained.clear();
      return;
    }
    const limits = new Map<number, number>();
    for (const webhook of webhooks.values()) {
      const wanted = this.wanted(webhook.id);
      if (this.sendable(webhook) && wanted > 0) limits.set(webhook.id, Math.min(wanted, room));
      else this.drained.delete(webhook.id);
    }
    const now = this.deps.now();
    const plan = planClaims(await this.deps.deliveries.dueDeliveries(limits, now), limits, room, this.turn++);
    for (const id of limits.keys()) {
      if (plan.drained.has(id)) this.drained.add(id);
      else this.drained.delete(id);
    }
    const ids = plan.ids.filter((id) => !this.inFlight.has(id));
    const claimed = await this.failCrashing(await this.deps.deliveries.claim(ids, this.deps.instanceId, now, LEASE_MS), now);
    if (claimed.length === 0) return;
    const events = await this.deps.deliveries.loadEvents(claimed.map((c) => c.eventId));
    for (const delivery of claimed) {
      const event = events.get(delivery.eventId);
      // gone meanwhile (cleanup of a webhook deleted with its log): the claim lapses
      if (event) this.held.add({ delivery, event, claimedAt: now });
    }
  }

  /**
   * Fails, instead of sending once more, what was claimed by instances that died with it
   * `CRASH_LIMIT` times: its sending may be what kills them. Returns the rest.
   */
  private async failCrashing(claimed: ClaimedDelivery[], now: number): Promise<ClaimedDelivery[]> {
    const crashing = claimed.filter((d) => d.crashes >= CRASH_LIMIT);
    if (crashing.length === 0) return claimed;
    const claims = crashing.map((d) => ({ id: d.id, claimExpiresAt: now + LEASE_MS }));
    await this.deps.deliveries.failClaimed(claims, this.deps.instanceId, CRASH_LIMIT_ERROR, now);
    this.deps.logger.warn(`deliveries failed: ${CRASH_LIMIT_ERROR}`, { delivery_ids: crashing.map((d) => d.id) });
    return claimed.filter((d) => d.crashes < CRASH_LIMIT);
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
      if (this.sendable(webhook) && !this.drained.has(id) && this.held.count(id) < this.maxPerWebhook && this.wanted(id) > 0) {
        this.requestPass();
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
    while (started && this.sending < this.maxInFlight && this.unrecorded < MAX_UNRECORDED) {
      started = false;
      for (const id of this.held.webhookIds(this.turn++)) {
        if (this.sending >= this.maxInFlight) break;
        if ((this.sendingPerWebhook.get(id) ?? 0) >= this.maxPerWebhook) continue;
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
    for (const w of work) this.drained.delete(w.delivery.webhookId);
    await this.release(work);
    this.requestPass();
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
    const id = webhook.id;
    this.inFlight.set(work.delivery.id, work);
    this.unrecorded++;
    this.sending++;
    this.sendingPerWebhook.set(id, (this.sendingPerWebhook.get(id) ?? 0) + 1);
    const sent = () => {
      this.sending--;
      this.sendingPerWebhook.set(id, this.sendingPerWebhook.get(id)! - 1);
      this.pump();
    };
    this.track(this.deliver(work, webhook, settings, sent), "recording a delivery failed");
  }

  /** Sends, frees the slot (`sent`), then records the attempt. */
  private async deliver(work: Work, webhook: Webhook, settings: Settings, sent: () => void) {
    const { delivery, event, claimedAt } = work;
    const claim = { owner: this.deps.instanceId, expiresAt: claimedAt + LEASE_MS };
    try {
      const startedAt = this.queueNow();
      let exchange, outcome;
      try {
        exchange = await this.deps.sender.sendWithin(webhook, event, {
          timeoutMs: settings.request_timeout_seconds * 1000,
          maxBodyBytes: webhook.log_body_and_headers ? MAX_LOGGED_BODY : 0,
          // a token request and a resend after 401 make several requests: all must end
          // before the claim lapses, or the delivery could be claimed and sent again
          deadline: claim.expiresAt - LEASE_MARGIN_MS,
        });
        if (exchange.kind === "not_sent") {
          // the token step took the claim's time; its request was not sent: given back,
          // it is claimed anew with a fresh lease (and the token now at hand), no attempt spent
          await this.giveBack([work]);
          return;
        }
        const mean = this.meanDurationMs.get(webhook.id);
        const took = exchange.result.durationMs;
        this.meanDurationMs.set(webhook.id, mean === undefined ? took : 0.8 * mean + 0.2 * took);
        outcome = classify(exchange.result);
        // before the slot is reused: what is held for a gone endpoint is given back, not sent
        if (outcome.kind === "failed" && outcome.disableWebhook) this.gone.set(webhook.id, this.webhooks.get(webhook.id) ?? webhook);
      } finally {
        sent();
      }
      const { request, result } = exchange;
      const step = nextStep(outcome, delivery, settings, this.queueNow(), this.deps.random);
      const disabled = await this.deps.attempts.record({
        delivery,
        claim,
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
      if (step.nextAttemptAt !== null && step.nextAttemptAt < this.nextLookAt) this.requestPass();
      if (disabled) {
        await this.release(this.held.drain((id) => id === webhook.id));
        this.wake(true);
      }
    } finally {
      this.inFlight.delete(delivery.id);
      this.unrecorded--;
      if (this.unrecorded === MAX_UNRECORDED - 1) this.pump();
    }
  }
}

/** When a failure at `at` switches its webhook off: failing since the period's start, and failed as often as the period surely holds. */
function autoDisableRule(settings: Settings, at: number): AttemptRecord["autoDisable"] {
  if (settings.auto_disable_hours === 0) return null;
  const periodMs = settings.auto_disable_hours * 3_600_000;
  return { failingSince: at - periodMs, failedAttempts: attemptsSurelyWithin(periodMs, settings.max_attempts) };
}
