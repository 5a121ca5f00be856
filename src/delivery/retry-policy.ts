import { parseHttpDate } from "./http-date.ts";

/**
 * When to try again. The schedule is Stripe's and Svix's shape: quick first retries for
 * blips, then minutes, then half an hour; jitter spreads retries of many deliveries that
 * failed together, so a recovering receiver is not hit by all of them at once.
 */
const SCHEDULE_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];
export const MAX_RETRY_DELAY_MS = 3_600_000;
const JITTER = 0.2;

/**
 * Delay before retry number `retry` (1 = the first retry): the schedule, doubling past
 * its end, ±20% jitter from `random` (0..1), never over an hour.
 */
export function retryDelayMs(retry: number, random: () => number): number {
  const jittered = scheduledDelayMs(retry) * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(jittered, MAX_RETRY_DELAY_MS));
}

function scheduledDelayMs(retry: number): number {
  const index = Math.max(0, retry - 1);
  return index < SCHEDULE_MS.length ? SCHEDULE_MS[index]! : SCHEDULE_MS.at(-1)! * 2 ** (index - SCHEDULE_MS.length + 1);
}

/**
 * How many attempts one delivery surely makes within `periodMs` of its first, at most
 * `maxAttempts`: the schedule with every delay at its longest. A webhook really failing
 * that long has failed at least this often; a clock set forward makes a run of failures
 * look long, but not its attempts many, so auto-disable asks for both.
 */
export function attemptsSurelyWithin(periodMs: number, maxAttempts: number): number {
  let attempts = 1;
  let elapsed = 0;
  while (attempts < maxAttempts) {
    elapsed += Math.min(scheduledDelayMs(attempts) * (1 + JITTER), MAX_RETRY_DELAY_MS);
    if (elapsed > periodMs) break;
    attempts++;
  }
  return attempts;
}

/** The least a `Retry-After` can ask for: `0` or a past date must not spend every attempt in one burst. */
export const MIN_RETRY_AFTER_MS = 1_000;

/**
 * A `Retry-After` further ahead than this is no delay anyone means (a timestamp sent as
 * seconds, a date decades ahead): it is ignored, as an unreadable one is. Up to it, a
 * long wait ("come back tomorrow") is honoured as far as the hour a retry may wait.
 */
export const MAX_SENSIBLE_RETRY_AFTER_MS = 7 * 24 * 3_600_000;

/**
 * A `Retry-After` header as a delay: delta-seconds or an HTTP date. Null when absent or
 * not a valid value (`-5`, `1.5`, garbage, an impossible date, more than a week ahead),
 * so the schedule applies; else at least a second, and capped at an hour so a receiver
 * cannot park a delivery for days.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  const at = /^\d+$/.test(value) ? now + Number(value) * 1000 : parseHttpDate(value, now);
  if (at === null || at - now > MAX_SENSIBLE_RETRY_AFTER_MS) return null;
  return Math.min(Math.max(MIN_RETRY_AFTER_MS, at - now), MAX_RETRY_DELAY_MS);
}
