import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import type { Settings } from "../settings/settings.ts";
import type { Webhook } from "../webhooks/model.ts";
import { MAX_LOGGED_BODY, type AttemptLog, type AttemptRecord, type RecordResult } from "./attempt-log.ts";
import type { Work } from "./claimed-work.ts";
import type { DeliverySender, Exchange } from "./delivery-exchange.ts";
import { LEASE_MARGIN_MS, LEASE_MS } from "./lease.ts";
import { nextStep } from "./next-step.ts";
import { classify, type Outcome } from "./outcome.ts";
import { attemptsSurelyWithin } from "./retry-policy.ts";

/** A request sent, and what its answer means for the delivery. */
export type Sent = { kind: "sent"; exchange: Exchange; outcome: Outcome };
/** What sending a claimed delivery came to: sent, or nothing sent (the claim's time ran out first). */
export type SendResult = Sent | { kind: "not_sent" };

export interface DeliveryAttemptDeps {
  sender: DeliverySender;
  attempts: AttemptLog;
  metrics: ServiceMetrics;
  /** The queue's clock: epoch milliseconds as the queue's times are written. */
  now: () => number;
  /** 0..1, for retry jitter. */
  random: () => number;
  instanceId: string;
}

/**
 * One attempt at a claimed delivery, in its two steps: `send` (render → authorize → sign
 * → send → classify) and `record` (the attempt and the delivery's next step, written
 * under the claim it was sent with). The dispatcher decides what runs when.
 */
export class DeliveryAttempt {
  constructor(private readonly deps: DeliveryAttemptDeps) {}

  async send(work: Work, webhook: Webhook, settings: Settings): Promise<SendResult> {
    const exchange = await this.deps.sender.sendWithin(webhook, work.event, {
      timeoutMs: settings.request_timeout_seconds * 1000,
      maxBodyBytes: webhook.log_body_and_headers ? MAX_LOGGED_BODY : 0,
      // a token request and a resend after 401 make several requests: all must end
      // before the claim lapses, or the delivery could be claimed and sent again
      deadline: work.claimedAt + LEASE_MS - LEASE_MARGIN_MS,
    });
    if (exchange.kind === "not_sent") return { kind: "not_sent" };
    return { kind: "sent", exchange, outcome: classify(exchange.result) };
  }

  /**
   * Returns when the delivery is due again (null: done), whether the webhook was switched
   * off, and whether the next delivery of its ticket was waiting for it.
   */
  async record(
    work: Work,
    webhook: Webhook,
    settings: Settings,
    startedAt: number,
    { exchange, outcome }: Sent,
  ): Promise<{ nextAttemptAt: number | null } & RecordResult> {
    const { delivery, claimedAt } = work;
    const { request, result } = exchange;
    const step = nextStep(outcome, delivery, settings, this.deps.now(), this.deps.random);
    const written = await this.deps.attempts.record({
      delivery,
      claim: { owner: this.deps.instanceId, expiresAt: claimedAt + LEASE_MS },
      startedAt,
      request,
      result,
      step,
      logDetails: webhook.log_body_and_headers,
      disableReason: outcome.kind === "failed" ? outcome.disableWebhook : null,
      autoDisable: autoDisableRule(settings, startedAt),
      orderedTicket: webhook.ordering === "ticket" && work.event.ticketId !== "" ? work.event.ticketId : null,
    });
    this.deps.metrics.attemptFinished(webhook.id, step.status, result.durationMs);
    return { nextAttemptAt: step.nextAttemptAt, ...written };
  }
}

/** When a failure at `at` switches its webhook off: failing since the period's start, and failed as often as the period surely holds. */
function autoDisableRule(settings: Settings, at: number): AttemptRecord["autoDisable"] {
  if (settings.auto_disable_hours === 0) return null;
  const periodMs = settings.auto_disable_hours * 3_600_000;
  return { failingSince: at - periodMs, failedAttempts: attemptsSurelyWithin(periodMs, settings.max_attempts) };
}
