import type { Settings } from "../settings/settings.ts";
import type { ClaimedDelivery } from "./delivery-store.ts";
import type { Outcome } from "./outcome.ts";
import { retryAfterMs, retryDelayMs } from "./retry-policy.ts";

export interface NextStep {
  status: "succeeded" | "retrying" | "failed";
  nextAttemptAt: number | null;
  error: string | null;
}

/**
 * Where a delivery goes after an attempt: done, failed for good, or retried later. The
 * retry budget counts the attempts since it was last queued (a resend gets a new one).
 */
export function nextStep(
  outcome: Outcome,
  delivery: ClaimedDelivery,
  settings: Settings,
  now: number,
  random: () => number,
): NextStep {
  if (outcome.kind === "succeeded") return { status: "succeeded", nextAttemptAt: null, error: null };
  if (outcome.kind === "failed") return { status: "failed", nextAttemptAt: null, error: outcome.error };
  const attemptsThisRound = delivery.attempts + 1 - delivery.retryBase;
  if (attemptsThisRound >= settings.max_attempts) {
    return { status: "failed", nextAttemptAt: null, error: `${outcome.error} (gave up after ${attemptsThisRound} attempts)` };
  }
  const delay = retryAfterMs(outcome.retryAfter, now) ?? retryDelayMs(attemptsThisRound, random);
  return { status: "retrying", nextAttemptAt: now + delay, error: outcome.error };
}
