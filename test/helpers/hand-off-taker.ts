import type { DeliveryHandOff, HandedOffDelivery } from "../../src/events/fan-out.ts";

/** A dispatcher's side of the hand-off (owner `box-a`) that wants `room` deliveries per webhook and keeps what it is given. */
export function taker(room: number, claimExpiresAt: number) {
  const taken: HandedOffDelivery[] = [];
  const left = new Map<number, number>();
  const handOff: DeliveryHandOff = {
    owner: "box-a",
    claimExpiresAt,
    wants(webhookId) {
      const n = left.get(webhookId) ?? room;
      left.set(webhookId, n - 1);
      return n > 0;
    },
    take: (deliveries) => taken.push(...deliveries),
  };
  return { handOff, taken };
}
