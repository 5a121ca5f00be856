/** Lateness of a send that still keeps a webhook's grid: a wake-up a few ms late must not lower the rate. */
const GRID_SLACK = 0.1;

/**
 * When each webhook may be sent its next request: at most `rate_limit_per_minute`, spread
 * evenly (at 60 a minute one a second, never the minute's allowance at once), and nothing
 * while a receiver's 429 (or 503) Retry-After lasts, for all of the webhook's deliveries.
 * In memory: a restart starts afresh, and each instance sharing a database keeps its own.
 */
export class RateGate {
  private readonly openAt = new Map<number, number>();

  /** When the webhook may next be sent to (0: now). */
  opensAt(webhookId: number): number {
    return this.openAt.get(webhookId) ?? 0;
  }

  /** Whether the webhook may be sent a request at `now` (without taking the turn). */
  isOpen(webhookId: number, now: number): boolean {
    return now >= this.opensAt(webhookId);
  }

  /** Whether a request to the webhook may start at `now`; when it may, its turn is taken. */
  take(webhookId: number, perMinute: number | null, now: number): boolean {
    const open = this.opensAt(webhookId);
    if (now < open) return false;
    if (perMinute === null) return true;
    const interval = 60_000 / perMinute;
    // on the grid while a little late, else from now: an idle webhook gets no burst to catch up
    const from = now - open <= interval * GRID_SLACK ? open : now;
    this.openAt.set(webhookId, from + interval);
    return true;
  }

  /** The receiver asked to wait (Retry-After): nothing goes to the webhook before `until`. */
  holdUntil(webhookId: number, until: number): void {
    this.openAt.set(webhookId, Math.max(this.opensAt(webhookId), until));
  }

  /** The webhook is gone or its limit changed: its next request is not held back by the old one. */
  forget(webhookId: number): void {
    this.openAt.delete(webhookId);
  }
}
