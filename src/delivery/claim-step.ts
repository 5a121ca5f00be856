import type { Logger } from "../logger.ts";
import type { Webhook } from "../webhooks/model.ts";
import { planClaims } from "./claim-plan.ts";
import type { Work } from "./claimed-work.ts";
import { CRASH_LIMIT, CRASH_LIMIT_ERROR, type ClaimedDelivery, type DeliveryStore } from "./delivery-store.ts";

export interface ClaimStepDeps {
  deliveries: DeliveryStore;
  logger: Logger;
  now: () => number;
  /** Who the claims are for. */
  instanceId: string;
  /** How long a claim lasts. */
  leaseMs: number;
  /**
   * Whether a delivery is being sent: its claim is this instance's already, though a jump
   * of the clock ahead may make its lease look lapsed.
   */
  sending: (deliveryId: number) => boolean;
  /** Asks for another pass: work may have become claimable that this one did not find. */
  wake: () => void;
}

/** What a pass may claim. */
export interface ClaimRequest {
  /** Claimed, unsent deliveries that can be held yet, over all webhooks. */
  room: number;
  /** Room left for their events' data (see Work.size): what is claimed beyond it is given back. */
  bytes: number;
  /** Nothing is held nor being sent: one is claimed whatever its size. */
  oneAnyway: boolean;
  /** The webhooks as the pass read them. */
  webhooks: Iterable<Webhook>;
  /** How many more of a webhook's deliveries to claim; 0 or less: none. */
  wanted: (webhook: Webhook) => number;
  /** Which webhook goes first: taken only when there is room, from a count the sends share. */
  turn: () => number;
}

/**
 * A pass's claiming: finds each webhook's due deliveries, claims those the plan picks,
 * fails those that crashed the service too often, and loads the events of the rest.
 * It remembers which webhooks it drained, so a finished send knows whether to ask for
 * another pass.
 */
export class ClaimStep {
  /** Webhooks whose last claim found every due delivery: a finished send needs no pass to refill them. */
  private readonly drained = new Set<number>();
  /** The largest event the last pass came upon: of a backlog of large ones, as many are claimed as their size lets be held. */
  private largestSize = 0;

  constructor(private readonly deps: ClaimStepDeps) {}

  isDrained(webhookId: number): boolean {
    return this.drained.has(webhookId);
  }

  /** Work may have fallen due for the webhook (for every webhook, without one): it is drained no more. */
  undrain(webhookId?: number): void {
    if (webhookId === undefined) this.drained.clear();
    else this.drained.delete(webhookId);
  }

  /** Claims due deliveries as `request` allows; returns them with their events, to be held until sent. */
  async take({ room: countRoom, bytes, oneAnyway, webhooks, wanted, turn }: ClaimRequest): Promise<Work[]> {
    const byBytes = this.largestSize > 0 ? Math.floor(Math.max(bytes, 0) / this.largestSize) : countRoom;
    const room = Math.min(countRoom, oneAnyway ? Math.max(1, byBytes) : byBytes);
    // a webhook not looked at now may have work falling due meanwhile: not drained, so a
    // finished send asks for a pass instead of leaving that work to the read interval
    if (room <= 0) {
      this.drained.clear();
      return [];
    }
    const limits = new Map<number, number>();
    const ordered = new Set<number>();
    for (const webhook of webhooks) {
      const limit = wanted(webhook);
      if (limit > 0) limits.set(webhook.id, Math.min(limit, room));
      else this.drained.delete(webhook.id);
      if (webhook.ordering === "ticket") ordered.add(webhook.id);
    }
    const now = this.deps.now();
    const { due, asked } = await this.findDue(limits, ordered, room, now);
    const plan = planClaims(due, asked, room, turn());
    for (const id of limits.keys()) {
      if (plan.drained.has(id)) this.drained.add(id);
      else this.drained.delete(id);
    }
    const ids = plan.ids.filter((id) => !this.deps.sending(id));
    const claimed = await this.failCrashing(await this.deps.deliveries.claim(ids, this.deps.instanceId, now, this.deps.leaseMs), now);
    if (claimed.length === 0) return [];
    const { events, unloaded, largest } = await this.deps.deliveries.loadEvents(
      claimed.map((c) => c.eventId),
      bytes,
      oneAnyway,
    );
    this.largestSize = largest;
    if (unloaded.length > 0) await this.giveBack(claimed, new Set(unloaded), now);
    // an event gone meanwhile (cleanup of a webhook deleted with its log): its claim lapses
    return claimed.flatMap((delivery) => {
      const loaded = events.get(delivery.eventId);
      return loaded ? [{ delivery, event: loaded.event, claimedAt: now, size: loaded.size }] : [];
    });
  }

  /** Gives back the claims whose events did not fit: due again at once, their webhooks not drained. */
  private async giveBack(claimed: ClaimedDelivery[], unloaded: ReadonlySet<number>, now: number): Promise<void> {
    const back = claimed.filter((d) => unloaded.has(d.eventId));
    await this.deps.deliveries.release(
      back.map((d) => ({ id: d.id, claimExpiresAt: now + this.deps.leaseMs })),
      this.deps.instanceId,
    );
    for (const d of back) this.drained.delete(d.webhookId);
  }

  /**
   * Each webhook's due deliveries, up to its limit, with how many were asked of each. Asked
   * for `room` each, many webhooks would return many times what the room takes: first each
   * is asked for its share of the room, then, if room is left, those that had that many
   * are asked for the rest of theirs (the rows after those found, as nothing was claimed
   * in between).
   */
  private async findDue(
    limits: Map<number, number>,
    ordered: ReadonlySet<number>,
    room: number,
    now: number,
  ): Promise<{ due: Map<number, number[]>; asked: Map<number, number> }> {
    const share = Math.ceil(room / Math.max(limits.size, 1));
    const asked = new Map([...limits].map(([id, limit]) => [id, Math.min(limit, share)]));
    const due = await this.deps.deliveries.dueDeliveries(asked, ordered, now);
    let left = room - [...due.values()].reduce((sum, list) => sum + list.length, 0);
    const rest = new Map<number, number>();
    for (const [id, first] of asked) {
      if (left <= 0 || due.get(id)!.length < first || limits.get(id)! <= first) continue;
      rest.set(id, Math.min(limits.get(id)! - first, left));
    }
    if (rest.size === 0) return { due, asked };
    const more = await this.deps.deliveries.dueDeliveries(rest, ordered, now, asked);
    for (const [id, list] of more) {
      due.get(id)!.push(...list);
      asked.set(id, asked.get(id)! + rest.get(id)!);
    }
    return { due, asked };
  }

  /**
   * Fails, instead of sending once more, what was claimed by instances that died with it
   * `CRASH_LIMIT` times: its sending may be what kills them. Returns the rest.
   */
  private async failCrashing(claimed: ClaimedDelivery[], now: number): Promise<ClaimedDelivery[]> {
    const crashing = claimed.filter((d) => d.crashes >= CRASH_LIMIT);
    if (crashing.length === 0) return claimed;
    const claims = crashing.map((d) => ({ id: d.id, claimExpiresAt: now + this.deps.leaseMs }));
    await this.deps.deliveries.failClaimed(claims, this.deps.instanceId, CRASH_LIMIT_ERROR, now);
    this.deps.logger.warn(`deliveries failed: ${CRASH_LIMIT_ERROR}`, { delivery_ids: crashing.map((d) => d.id) });
    // done now, they no longer hold back the next deliveries of their tickets
    for (const d of crashing) this.drained.delete(d.webhookId);
    this.deps.wake();
    return claimed.filter((d) => d.crashes < CRASH_LIMIT);
  }
}
