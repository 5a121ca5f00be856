import type { WebhookEvent } from "../events/event.ts";
import type { Logger } from "../logger.ts";
import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import type { Settings } from "../settings/settings.ts";
import type { SettingsRepository } from "../settings/repository.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookCache } from "../webhooks/webhook-cache.ts";
import { MAX_LOGGED_BODY, type AttemptLog } from "./attempt-log.ts";
import type { ClaimedDelivery, DeliveryStore } from "./delivery-store.ts";
import { nextStep } from "./next-step.ts";
import { classify } from "./outcome.ts";
import type { DeliverySender } from "./sender.ts";

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
  /** 0..1, for retry jitter. */
  random: () => number;
  /** Who owns this instance's claims; a restart with the same id takes its claims straight back. */
  instanceId: string;
  maxInFlight?: number;
  maxPerWebhook?: number;
}

/** How long a claim lasts: longer than the longest request (25 s), so no live claim expires. */
export const LEASE_MS = 30_000;
const FAN_OUT_BATCH = 500;
const REFRESH_MS = 1_000;
/** After a failed pass (database locked, disk full): wait, doubling up to the cap, rather than spin. */
const ERROR_BACKOFF_MS = 1_000;
const MAX_ERROR_BACKOFF_MS = 30_000;

/** Up to `n` items, taking the first of each list, then the second of each, and so on. */
export function takeRoundRobin<T>(lists: T[][], n: number): T[] {
  const taken: T[] = [];
  for (let i = 0; taken.length < n && lists.some((l) => i < l.length); i++) {
    for (const list of lists) {
      if (i < list.length && taken.length < n) taken.push(list[i]!);
    }
  }
  return taken;
}

/**
 * The delivery loop: fan out new events → claim due deliveries → render → send →
 * record, then sleep until the next one is due, the read interval passes, or `wake()`.
 * Sends run concurrently, bounded overall and per webhook, so a slow endpoint only
 * ever holds its own few slots.
 */
export class Dispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly perWebhook = new Map<number, number>();
  private readonly maxInFlight: number;
  private readonly maxPerWebhook: number;
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

  constructor(private readonly deps: DispatcherDeps) {
    this.maxInFlight = deps.maxInFlight ?? 64;
    this.maxPerWebhook = deps.maxPerWebhook ?? 8;
  }

  async start(): Promise<void> {
    const released = await this.deps.deliveries.releaseClaims(this.deps.instanceId);
    if (released > 0) this.deps.logger.info("resuming deliveries claimed before a restart", { count: released });
    this.loop = this.run();
  }

  /**
   * Look at the queue now (new events were accepted, a send finished). `changed`: the
   * settings or webhooks may have changed, so read them, and unsent events, again too.
   */
  wake(changed = false): void {
    if (changed) this.refreshDue = true;
    this.wakeRequested = true;
    this.wakeSleeper?.();
  }

  /** Stops claiming; waits up to `graceMs` for sends under way (their claims lapse if cut off). */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
    clearTimeout(timer);
  }

  /** Completed passes over the queue: lets a caller wait until the dispatcher has looked again. */
  get passCount(): number {
    return this.passes;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.wakeRequested = false;
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
      if (!this.wakeRequested) await this.sleep(sleepMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.refreshDue = true;
        done();
      }, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeSleeper = null;
        resolve();
      }
      this.wakeSleeper = done;
    });
  }

  /** One pass over the queue; returns how long to sleep before the next. */
  /**
   * Settings, webhooks and events that other processes queued are read on the passes
   * that may find them changed: after a sleep (the read interval), when told, and at
   * least every second (another instance's edits). Passes woken by finished sends, the
   * bulk of them under load, go straight to claiming.
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

  private async tick(): Promise<number> {
    const { settings, webhooks } = await this.refresh();
    const interval = settings.read_interval_seconds * 1000;
    if (!settings.enabled || this.stopping) return interval;
    await this.claimAndSend(webhooks, settings);
    // woken meanwhile: the next pass starts at once, no need to know when to sleep until
    if (this.wakeRequested) return 0;
    const now = this.deps.now();
    const next = await this.deps.deliveries.nextDueAt(now);
    return next === null ? interval : Math.min(Math.max(next - now, 0), interval);
  }

  private async claimAndSend(webhooks: Map<number, Webhook>, settings: Settings): Promise<void> {
    const free = this.maxInFlight - this.inFlight.size;
    if (free <= 0) return;
    const limits = new Map<number, number>();
    for (const webhook of webhooks.values()) {
      const slots = Math.min(this.maxPerWebhook - (this.perWebhook.get(webhook.id) ?? 0), free);
      if (webhook.enabled && slots > 0) limits.set(webhook.id, slots);
    }
    const now = this.deps.now();
    // Slots go round-robin to webhooks that have work, so no endpoint waits behind others' backlogs.
    const ids = takeRoundRobin(await this.deps.deliveries.dueDeliveries(limits, now), free);
    const claimed = await this.deps.deliveries.claim(ids, this.deps.instanceId, now, LEASE_MS);
    if (claimed.length === 0) return;
    const events = await this.deps.deliveries.loadEvents(claimed.map((c) => c.eventUuid));
    for (const delivery of claimed) {
      const webhook = webhooks.get(delivery.webhookId);
      const event = events.get(delivery.eventUuid);
      if (!webhook || !event) continue; // deleted meanwhile; the claim lapses and the log shows it pending
      this.track(delivery.webhookId, this.deliver(delivery, webhook, event, settings));
    }
  }

  private track(webhookId: number, send: Promise<void>): void {
    this.perWebhook.set(webhookId, (this.perWebhook.get(webhookId) ?? 0) + 1);
    const tracked = send
      .catch((err) => this.deps.logger.error("recording a delivery failed", { err }))
      .finally(() => {
        this.inFlight.delete(tracked);
        this.perWebhook.set(webhookId, this.perWebhook.get(webhookId)! - 1);
        this.wake();
      });
    this.inFlight.add(tracked);
  }

  private async deliver(delivery: ClaimedDelivery, webhook: Webhook, event: WebhookEvent, settings: Settings) {
    const startedAt = this.deps.now();
    const { request, result } = await this.deps.sender.send(webhook, event, {
      timeoutMs: settings.request_timeout_seconds * 1000,
      maxBodyBytes: webhook.log_body_and_headers ? MAX_LOGGED_BODY : 0,
    });
    const outcome = classify(result);
    const step = nextStep(outcome, delivery, settings, startedAt + result.durationMs, this.deps.random);
    await this.deps.attempts.record({
      delivery,
      startedAt,
      request,
      result,
      step,
      logDetails: webhook.log_body_and_headers,
      disableReason: outcome.kind === "failed" ? outcome.disableWebhook : null,
      autoDisableBefore: settings.auto_disable_hours > 0 ? startedAt - settings.auto_disable_hours * 3_600_000 : null,
    });
    this.deps.metrics.attemptFinished(webhook.id, step.status, result.durationMs);
  }
}
