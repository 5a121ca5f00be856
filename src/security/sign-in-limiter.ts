import type { Logger } from "../logger.ts";
import { addressGroup } from "./address-group.ts";

/** What a failed sign-in gets: counted (the caller answers 401), or refused (429) for `retryAfterSeconds`. */
export type SignInVerdict = { kind: "counted" } | { kind: "refused"; retryAfterSeconds: number };

export interface SignInLimits {
  /** Failures an address may have in the window before it is refused. */
  maxFailures: number;
  windowMs: number;
  /** Addresses tracked at most; beyond, the one whose last failure is oldest is forgotten. */
  maxAddresses: number;
}

/** 10 failures a minute, 10,000 addresses: at most 10 numbers each, about 2 MB in all. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { maxFailures: 10, windowMs: 60_000, maxAddresses: 10_000 };

interface Failures {
  /** Monotonic times of the counted failures in the window, oldest first. */
  times: number[];
  /** Refused since its last counted failure: the warning was logged. */
  refusing: boolean;
}

/**
 * Slows down guessing the admin token: an address (see `addressGroup`) with `maxFailures`
 * failed sign-ins in the sliding window is refused until the oldest of them leaves it.
 * Refusals are not counted, so a client that waits as told gets one more guess, never
 * more than `maxFailures` a window; a valid token is checked before this and never slowed.
 * Time is monotonic (setting the clock must not lift or extend a block).
 *
 * Behind a reverse proxy every request comes from the proxy's address, so all clients
 * share one count; the proxy's own limits (nginx `limit_req`) should guard it there.
 */
export class SignInLimiter {
  /** In order of last failure, oldest first, so the bound drops the quietest address. */
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly deps: { monotonic: () => number; logger: Logger },
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  /** A sign-in from `address` failed: counts it, or refuses it when there were too many. */
  failed(address: string | undefined): SignInVerdict {
    const group = addressGroup(address);
    const now = this.deps.monotonic();
    const { windowMs, maxFailures } = this.limits;
    const previous = this.failures.get(group);
    const times = (previous?.times ?? []).filter((t) => now - t < windowMs);
    this.failures.delete(group);
    if (times.length >= maxFailures) {
      const retryAfterSeconds = Math.ceil((times[0]! + windowMs - now) / 1000);
      if (!previous!.refusing) {
        this.deps.logger.warn("too many failed sign-ins: refusing this address until its failures are older than the window", {
          address: group,
          failures: times.length,
          retry_after_s: retryAfterSeconds,
        });
      }
      this.failures.set(group, { times, refusing: true });
      return { kind: "refused", retryAfterSeconds };
    }
    if (this.failures.size >= this.limits.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(group, { times: [...times, now], refusing: false });
    return { kind: "counted" };
  }
}
