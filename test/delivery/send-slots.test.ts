import { describe, expect, test } from "bun:test";
import type { Work } from "../../src/delivery/claimed-work.ts";
import { SendSlots } from "../../src/delivery/send-slots.ts";

const work = (id: number, webhookId: number, size = 2): Work => ({
  delivery: { id, eventId: id, webhookId, attempts: 0, retryBase: 0, crashes: 0 },
  event: { uuid: `e${id}`, type: "system.started", createdAt: "2026-01-01T00:00:00Z", ticketId: "", data: {} },
  claimedAt: 0,
  size,
});

describe("the send slots", () => {
  test("a webhook's slots fill at its limit while others still send; the overall limit closes them all", () => {
    const slots = new SendSlots({ maxInFlight: 3, maxPerWebhook: 2, maxUnrecorded: 10 });
    slots.start(work(1, 7));
    slots.start(work(2, 7));
    expect(slots.isFull(7)).toBe(true);
    expect(slots.isFull(8)).toBe(false);
    expect(slots.open).toBe(true);
    slots.start(work(3, 8));
    expect(slots.sendingTo(8)).toBe(1);
    expect([slots.open, slots.hasFreeSlot]).toEqual([false, false]);
    slots.sent(work(1, 7));
    expect([slots.open, slots.isFull(7), slots.sendingTo(7)]).toEqual([true, false, 1]);
  });

  test("a send stays in flight after its answer until its result is written", () => {
    const slots = new SendSlots({ maxInFlight: 3, maxPerWebhook: 2, maxUnrecorded: 10 });
    const w = work(1, 7);
    slots.start(w);
    slots.sent(w);
    expect(slots.isInFlight(1)).toBe(true);
    expect(slots.inFlightWork).toEqual([w]);
    slots.recorded(w);
    expect(slots.isInFlight(1)).toBe(false);
    expect(slots.inFlightWork).toEqual([]);
  });

  test("the events' sizes count from a send's start until its result is written, once each", () => {
    const slots = new SendSlots({ maxInFlight: 3, maxPerWebhook: 2, maxUnrecorded: 10 });
    const [a, b] = [work(1, 7, 1000), work(2, 8, 300)];
    expect(slots.idle).toBe(true);
    slots.start(a);
    slots.start(b);
    slots.sent(a);
    expect(slots.bytes).toBe(1300);
    slots.recorded(a);
    slots.recorded(a);
    expect(slots.bytes).toBe(300);
    // an event of no data still counts as a send in flight
    slots.recorded(b);
    slots.start(work(3, 8, 0));
    expect([slots.bytes, slots.idle]).toEqual([0, false]);
  });

  test("results left unwritten close sending at their limit; the one written that reopens it says so", () => {
    const slots = new SendSlots({ maxInFlight: 10, maxPerWebhook: 10, maxUnrecorded: 2 });
    const [a, b] = [work(1, 7), work(2, 7)];
    for (const w of [a, b]) {
      slots.start(w);
      slots.sent(w);
    }
    expect([slots.open, slots.hasFreeSlot]).toEqual([false, true]);
    expect(slots.recorded(a)).toBe(true);
    expect(slots.open).toBe(true);
    expect(slots.recorded(b)).toBe(false);
  });
});
