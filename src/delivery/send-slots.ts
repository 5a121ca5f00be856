import type { Work } from "./claimed-work.ts";

export interface SendLimits {
  /** Sends under way at most, over all webhooks. */
  maxInFlight: number;
  /** Sends under way at most to one webhook: a slow endpoint only ever holds its own few. */
  maxPerWebhook: number;
  /** Finished sends whose results are still being written, at most: sending waits beyond it. */
  maxUnrecorded: number;
}

/**
 * The sends under way, each from its start until its result is written. A send holds a
 * slot until its answer is in (`sent`), and stays in flight until recorded (`recorded`):
 * meanwhile its delivery is never claimed again, and a stop that cuts it off gives it back.
 */
export class SendSlots {
  private sending = 0;
  private readonly sendingPerWebhook = new Map<number, number>();
  private readonly inFlight = new Map<number, Work>();
  private inFlightSize = 0;

  constructor(private readonly limits: SendLimits) {}

  /** A send may start: a slot is free overall and results are not piling up unwritten. */
  get open(): boolean {
    return this.hasFreeSlot && this.inFlight.size < this.limits.maxUnrecorded;
  }

  get hasFreeSlot(): boolean {
    return this.sending < this.limits.maxInFlight;
  }

  /** Sends under way to the webhook. */
  sendingTo(webhookId: number): number {
    return this.sendingPerWebhook.get(webhookId) ?? 0;
  }

  isFull(webhookId: number): boolean {
    return this.sendingTo(webhookId) >= this.limits.maxPerWebhook;
  }

  isInFlight(deliveryId: number): boolean {
    return this.inFlight.has(deliveryId);
  }

  /** No send is in flight (answered or not, its result unwritten). */
  get idle(): boolean {
    return this.inFlight.size === 0;
  }

  /** The sizes of the events of the sends in flight (see Work.size). */
  get bytes(): number {
    return this.inFlightSize;
  }

  /** The claims in flight, such as those a stop cuts off. */
  get inFlightWork(): Work[] {
    return [...this.inFlight.values()];
  }

  start(work: Work): void {
    const id = work.delivery.webhookId;
    this.inFlight.set(work.delivery.id, work);
    this.inFlightSize += work.size;
    this.sending++;
    this.sendingPerWebhook.set(id, this.sendingTo(id) + 1);
  }

  /** The answer is in: the slot is free for the next send. */
  sent(work: Work): void {
    const id = work.delivery.webhookId;
    this.sending--;
    this.sendingPerWebhook.set(id, this.sendingTo(id) - 1);
  }

  /** The result is written (or given up on). True when this reopened sending held back by unwritten results. */
  recorded(work: Work): boolean {
    if (this.inFlight.delete(work.delivery.id)) this.inFlightSize -= work.size;
    return this.inFlight.size === this.limits.maxUnrecorded - 1;
  }
}
