import type { WebhookEvent } from "../events/event.ts";
import { inTurn } from "./claim-plan.ts";
import type { ClaimedDelivery } from "./delivery-store.ts";

/** A delivery this instance holds a claim on, with its event, waiting for a free slot. */
export interface Work {
  delivery: ClaimedDelivery;
  event: WebhookEvent;
  claimedAt: number;
  /** What holding it costs: its event's size (see storedSize, events/stored-event.ts). */
  size: number;
}

/**
 * Claimed deliveries not yet sent, per webhook, oldest claim first. Holding a few rounds
 * of work lets a finished send start the next at once instead of waiting for a pass over
 * the database; the dispatcher bounds how much it holds and for how long.
 */
export class ClaimedWork {
  private readonly byWebhook = new Map<number, Work[]>();
  private total = 0;
  private totalSize = 0;

  get size(): number {
    return this.total;
  }

  /** The sizes of the events held, each counted with every delivery of it. */
  get bytes(): number {
    return this.totalSize;
  }

  count(webhookId: number): number {
    return this.byWebhook.get(webhookId)?.length ?? 0;
  }

  add(work: Work): void {
    const list = this.byWebhook.get(work.delivery.webhookId);
    if (list) list.push(work);
    else this.byWebhook.set(work.delivery.webhookId, [work]);
    this.total++;
    this.totalSize += work.size;
  }

  /** Webhooks holding work, starting at a different one each call so none always goes first. */
  webhookIds(turn: number): number[] {
    return inTurn([...this.byWebhook.keys()], turn);
  }

  next(webhookId: number): Work | undefined {
    const list = this.byWebhook.get(webhookId);
    const work = list?.shift();
    if (!work) return undefined;
    if (list!.length === 0) this.byWebhook.delete(webhookId);
    this.total--;
    this.totalSize -= work.size;
    return work;
  }

  /** Removes and returns the work of the webhooks `which` picks (all, without it). */
  drain(which: (webhookId: number) => boolean = () => true): Work[] {
    const drained: Work[] = [];
    for (const [id, list] of this.byWebhook) {
      if (!which(id)) continue;
      drained.push(...list);
      this.byWebhook.delete(id);
    }
    this.total -= drained.length;
    for (const work of drained) this.totalSize -= work.size;
    return drained;
  }
}
