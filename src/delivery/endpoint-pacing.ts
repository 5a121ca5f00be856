/**
 * Rounds of a webhook's slots claimed ahead at most (see `depth`): for a fast endpoint,
 * 1,024 with 8 slots, so a burst of several hundred events is handed over by the ingest
 * whole; what it cannot take is claimed back from the database a pass later, a write and
 * a read per delivery more (measured: a burst of 800 to one endpoint, 256 ahead → 1,024,
 * CPU per delivery 158–184 → 141–164 µs). All webhooks together hold no more than the
 * dispatcher's bound, which leaves others room when one holds all it may.
 */
export const MAX_ROUNDS_AHEAD = 128;
/** Weight of the newest request in a webhook's mean duration: recent answers count most. */
const NEWEST_WEIGHT = 0.2;

/**
 * How far ahead each webhook's deliveries are claimed, from how long its recent requests
 * took: a fast endpoint's next deliveries are at hand when a send finishes, a slow one's
 * claims do not wait so long that they would be sent late.
 */
export class EndpointPacing {
  /** Mean time recent requests took, per webhook. */
  private readonly meanDurationMs = new Map<number, number>();

  constructor(private readonly maxPerWebhook: number) {}

  /** A request to the webhook took `durationMs`. */
  observe(webhookId: number, durationMs: number): void {
    const mean = this.meanDurationMs.get(webhookId);
    this.meanDurationMs.set(webhookId, mean === undefined ? durationMs : (1 - NEWEST_WEIGHT) * mean + NEWEST_WEIGHT * durationMs);
  }

  /**
   * How many of a webhook's deliveries to hold claimed, sending or waiting: as many rounds
   * of its slots as its recent answers, taken twice over, fit in `holdBudgetMs` (how long
   * a claim may wait). A fast endpoint (or one not heard from yet) gets several rounds, a
   * slow one its slots only; a claim that waits too long anyway is given back, not sent late.
   */
  depth(webhookId: number, holdBudgetMs: number): number {
    const mean = this.meanDurationMs.get(webhookId) ?? 0;
    const rounds = Math.floor(holdBudgetMs / (2 * Math.max(mean, 1)));
    return this.maxPerWebhook * Math.max(1, Math.min(MAX_ROUNDS_AHEAD, rounds));
  }
}
