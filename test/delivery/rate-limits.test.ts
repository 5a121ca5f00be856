import { afterEach, describe, expect, test } from "bun:test";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually } from "../helpers/receiver.ts";

let h: DeliveryHarness;
afterEach(() => h?.close());

/** The harness's clock at each request's arrival, per path: the limit is on the service's clock. */
function arrivals() {
  const at = new Map<string, number[]>();
  return {
    at,
    note(path: string, now: number) {
      at.set(path, [...(at.get(path) ?? []), now]);
    },
  };
}

/** Moves the clock in `stepMs` steps over `ms`, letting the dispatcher look at each. */
async function run(ms: number, stepMs: number) {
  for (let t = 0; t < ms; t += stepMs) {
    h.advance(stepMs);
    await h.passes(1);
  }
}

describe("rate limit per endpoint", () => {
  test("60 a minute go out one a second, within 10 % over a minute; another endpoint is not held up", async () => {
    const seen = arrivals();
    h = await startDeliveryHarness((r) => {
      seen.note(r.path, h.clock.now);
      return new Response("ok");
    });
    await h.createWebhook({ name: "Slow PMS", events: ["ticket.*"], rate_limit_per_minute: 60 }, "/limited");
    await h.createWebhook({ name: "CRM", events: ["ticket.*"], ordering: "none" }, "/free");
    const start = h.clock.now;
    await h.postEvents(Array.from({ length: 150 }, (_, i) => ({ type: "ticket.logged_in", ticket_id: `T-${i}` })));
    // the other endpoint gets all of them at once
    await eventually(async () => (seen.at.get("/free")?.length ?? 0) === 150, 20_000);
    await run(60_000, 100);
    const limited = (seen.at.get("/limited") ?? []).filter((t) => t < start + 60_000);
    expect(limited.length).toBeGreaterThanOrEqual(54);
    expect(limited.length).toBeLessThanOrEqual(66);
    const gaps = limited.slice(1).map((t, i) => t - limited[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
    // waiting is not an attempt: none of them counts one more than it sent
    const { items } = await h.log("?status=succeeded&limit=500");
    expect(items.every((i) => i.attempts === 1)).toBe(true);
  }, 60_000);

  test("a 429 with Retry-After slows the endpoint down as a whole, not only that delivery; others go on", async () => {
    const seen = arrivals();
    let refused = false;
    h = await startDeliveryHarness((r) => {
      seen.note(r.path, h.clock.now);
      if (r.path === "/busy" && !refused) {
        refused = true;
        return new Response("slow down", { status: 429, headers: { "Retry-After": "10" } });
      }
      return new Response("ok");
    });
    await h.createWebhook({ name: "Busy", events: ["ticket.*"], ordering: "none" }, "/busy");
    await h.createWebhook({ name: "Other", events: ["ticket.*"], ordering: "none" }, "/other");
    const start = h.clock.now;
    await h.postEvents(Array.from({ length: 20 }, (_, i) => ({ type: "ticket.logged_in", ticket_id: `B-${i}` })));
    await eventually(async () => (seen.at.get("/other")?.length ?? 0) === 20);
    await run(15_000, 250);
    await eventually(async () => (seen.at.get("/busy")?.length ?? 0) >= 21, 20_000);
    const busy = seen.at.get("/busy")!;
    // the first round of its slots was on its way together; after the 429 none went out for 10 s
    expect(busy.filter((t) => t === start).length).toBeLessThanOrEqual(8);
    expect(busy.filter((t) => t > start && t < start + 10_000)).toEqual([]);
    expect(busy.filter((t) => t >= start + 10_000).length).toBeGreaterThanOrEqual(13);
  }, 60_000);
});
